/*
 * model_spy.c - see model_spy.h. The linker's --wrap turns every call of
 * machine_new()/machine_free() outside model/machine.c into a call of the
 * __wrap_ functions below, which call the real ones and remember the
 * machine. Only one machine is tracked: the engine has one at a time.
 */
#include <stddef.h>

#include "model/check.h"
#include "model/machine.h"
#include "tests/fuzz/model_spy.h"
#include "tests/fuzz/settled.h"

struct machine *__real_machine_new(const struct machine_config *cfg, int *err);
void __real_machine_free(struct machine *m);
struct machine *__wrap_machine_new(const struct machine_config *cfg, int *err);
void __wrap_machine_free(struct machine *m);

static struct machine *spied;

struct machine *__wrap_machine_new(const struct machine_config *cfg, int *err)
{
	struct machine *m = __real_machine_new(cfg, err);

	if (m)
		spied = m;
	return m;
}

void __wrap_machine_free(struct machine *m)
{
	if (m == spied)
		spied = NULL;
	__real_machine_free(m);
}

struct machine *model_spy_machine(void)
{
	return spied;
}

int model_spy_check(char *msg, unsigned long len)
{
	int rc;

	if (!spied)
		return 0;
	rc = machine_check(spied, msg, len);
	return rc ? rc : machine_settled(spied, msg, len);
}
