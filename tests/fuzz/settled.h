/*
 * settled.h - the promise of machine.h, checked from outside: every entry
 * point returns with the machine settled, so settling it once more must
 * release no task, free no pid and finish no zap. Used after each step by
 * fuzz_model and, through model_spy, by fuzz_run and the generator's tests.
 */
#ifndef PIDSIM_SETTLED_H
#define PIDSIM_SETTLED_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>

#include "model/list.h"
#include "model/machine.h"

static inline unsigned long settled_list_count(const struct list_head *head)
{
	const struct list_head *p;
	unsigned long n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

/* 0 when settling m again changes nothing; else -EUCLEAN, what did in msg. */
static inline int machine_settled(struct machine *m, char *msg, size_t len)
{
	unsigned long tasks = m->nr_tasks, pids = m->nr_pids;
	unsigned long zappers = settled_list_count(&m->zappers);

	machine_settle(m);
	if (m->nr_tasks == tasks && m->nr_pids == pids &&
	    settled_list_count(&m->zappers) == zappers)
		return 0;
	snprintf(msg, len, "the machine was not settled: settling again took "
		 "tasks %lu -> %lu, pids %lu -> %lu, zapping inits %lu -> %lu",
		 tasks, m->nr_tasks, pids, m->nr_pids, zappers,
		 settled_list_count(&m->zappers));
	return -EUCLEAN;
}

#endif /* PIDSIM_SETTLED_H */
