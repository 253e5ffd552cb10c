/*
 * model_spy.c - see model_spy.h. The linker's --wrap turns every call of
 * machine_new()/machine_free() outside model/machine.c into a call of the
 * __wrap_ functions below, which call the real ones and remember the
 * machine. Only one machine is tracked: the engine has one at a time.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>

#include "check.h"
#include "machine.h"
#include "model_spy.h"

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

static unsigned long list_count(const struct list_head *head)
{
	const struct list_head *p;
	unsigned long n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

int model_spy_check(char *msg, unsigned long len)
{
	unsigned long tasks, pids, zappers;
	int rc;

	if (!spied)
		return 0;
	rc = machine_check(spied, msg, len);
	if (rc)
		return rc;
	/* settled means settling again changes nothing (machine.h) */
	tasks = spied->nr_tasks;
	pids = spied->nr_pids;
	zappers = list_count(&spied->zappers);
	machine_settle(spied);
	if (spied->nr_tasks == tasks && spied->nr_pids == pids &&
	    list_count(&spied->zappers) == zappers)
		return 0;
	snprintf(msg, len, "the machine was not settled: settling again took "
		 "tasks %lu -> %lu, pids %lu -> %lu, zapping inits %lu -> %lu",
		 tasks, spied->nr_tasks, pids, spied->nr_pids, zappers,
		 list_count(&spied->zappers));
	return -EUCLEAN;
}
