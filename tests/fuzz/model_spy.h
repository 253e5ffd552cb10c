/*
 * model_spy.h - the machine behind the model engine, for tests that run
 * traces through engine_model.c and want machine_check() after each
 * statement. The engine keeps its machine private; a test executable linked
 * with MODEL_SPY_LINK_OPTIONS (-Wl,--wrap=machine_new,--wrap=machine_free,
 * see CMakeLists.txt) sees every machine created and freed instead.
 */
#ifndef PIDSIM_MODEL_SPY_H
#define PIDSIM_MODEL_SPY_H

struct machine;

/* The machine most recently created and not yet freed, or NULL. */
struct machine *model_spy_machine(void);

/*
 * machine_check() on it, then whether it is settled as machine.h promises
 * after every entry point (settling it again must release no task, free
 * no pid and finish no zap): 0, or -EUCLEAN with the violation in msg. 0
 * when no machine exists.
 */
int model_spy_check(char *msg, unsigned long len);

#endif /* PIDSIM_MODEL_SPY_H */
