/*
 * check.c - consistency of a machine between two operations:
 *
 *  1. every pidmap's summaries and free counts match its bits;
 *  2. every published pid has a hash entry and a set bit for each of its
 *     numbers, the namespaces of its numbers form its ancestry, and at
 *     least one task is attached to it (else it should have been freed);
 *  3. per namespace: bits set = published numbers + 1 (number 0), hash
 *     entries = published numbers = pid_allocated without PIDNS_ADDING;
 *  4. every live task is attached to its own pids, its group's list and
 *     its parent's children; the task counters match the lists;
 *  5. no task waits in the exit queue (the machine is settled).
 */
#include <errno.h>
#include <stdio.h>

#include "model/check.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/task.h"

#define FAIL(...) do { snprintf(msg, len, __VA_ARGS__); return -EUCLEAN; } while (0)

static bool on_list(const struct list_head *node, const struct list_head *head)
{
	const struct list_head *p;

	for (p = head->next; p != head; p = p->next)
		if (p == node)
			return true;
	return false;
}

static int check_pid(const struct machine *m, struct pid *pid,
		     char *msg, unsigned long len)
{
	const struct pid_namespace *ns = ns_of_pid(pid);
	int i, type;
	bool attached = false;

	for (i = (int)pid->level; i >= 0; i--) {
		const struct upid *upid = &pid->numbers[i];

		if (upid->key.ns != ns || ns->level != (unsigned int)i)
			FAIL("pid level %u: number %d at level %d in the wrong namespace",
			     pid->level, upid->key.nr, i);
		if (!pidmap_test(&ns->pidmap, (unsigned int)upid->key.nr))
			FAIL("ns %lu: published number %d has no bit", ns->id,
			     upid->key.nr);
		if (find_pid_ns(upid->key.nr, upid->key.ns) != pid)
			FAIL("ns %lu: number %d not found by find_pid_ns", ns->id,
			     upid->key.nr);
		ns = ns->parent;
	}
	if (ns)
		FAIL("pid of level %u does not reach the root", pid->level);
	for (type = 0; type < PIDTYPE_MAX; type++)
		attached |= pid_has_task(pid, (enum pid_type)type);
	if (!attached)
		FAIL("pid %d: published with no task attached",
		     pid->numbers[pid->level].key.nr);
	(void)m;
	return 0;
}

static int check_namespaces(const struct machine *m, char *msg, unsigned long len)
{
	const struct pid_namespace *ns;
	unsigned long total = 0, hashed = HASH_COUNT(m->pid_hash);

	list_for_each_entry(ns, &m->namespaces, node) {
		unsigned long numbers = 0;
		const struct upid *u, *tmp;
		int ret = pidmap_check(&ns->pidmap, msg, len);

		if (ret)
			return ret;
		HASH_ITER(hh, m->pid_hash, u, tmp)
			if (u->key.ns == ns)
				numbers++;
		if (pidmap_weight(&ns->pidmap) != numbers + 1)
			FAIL("ns %lu: %lu bits set for %lu published numbers",
			     ns->id, pidmap_weight(&ns->pidmap), numbers);
		if ((ns->pid_allocated & ~PIDNS_ADDING) != numbers)
			FAIL("ns %lu: pid_allocated %u, %lu numbers published",
			     ns->id, ns->pid_allocated & ~PIDNS_ADDING, numbers);
		total += numbers;
	}
	if (total != hashed)
		FAIL("%lu hash entries, %lu belong to live namespaces", hashed, total);
	return 0;
}

static int check_task(const struct task_struct *t, char *msg, unsigned long len)
{
	if (!on_list(&t->pid_links[PIDTYPE_PID], &task_pid(t)->tasks[PIDTYPE_PID]))
		FAIL("task %lu not attached to its pid", t->serial);
	if (!on_list(&t->thread_node, &t->signal->thread_head))
		FAIL("task %lu not in its thread group", t->serial);
	if (thread_group_leader(t)) {
		int type;

		for (type = PIDTYPE_TGID; type < PIDTYPE_MAX; type++)
			if (!on_list(&t->pid_links[type],
				     &t->signal->pids[type]->tasks[type]))
				FAIL("leader %lu not attached to its pid type %d",
				     t->serial, type);
		if (t->real_parent &&
		    !on_list(&t->sibling, &t->real_parent->children))
			FAIL("task %lu missing from its parent's children", t->serial);
	}
	if (t->exit_state == EXIT_DEAD)
		FAIL("task %lu dead but not released", t->serial);
	if (!(t->flags & PF_EXITING) && t->exit_state)
		FAIL("task %lu has exit_state without PF_EXITING", t->serial);
	if (t->zapping != !list_empty(&t->work))
		FAIL("task %lu: zapping %d but work list %s", t->serial,
		     t->zapping, list_empty(&t->work) ? "empty" : "busy");
	return 0;
}

int machine_check(const struct machine *m, char *msg, unsigned long len)
{
	const struct task_struct *t;
	struct pid *pid;
	unsigned long nr = 0;
	int ret;

	if (!list_empty(&m->exit_queue))
		FAIL("exit queue not empty: machine not settled");
	ret = check_namespaces(m, msg, len);
	if (ret)
		return ret;
	list_for_each_entry(pid, &m->pids, node) {
		ret = check_pid(m, pid, msg, len);
		if (ret)
			return ret;
		nr++;
	}
	if (nr != m->nr_pids)
		FAIL("nr_pids %lu, %lu on the list", m->nr_pids, nr);
	nr = 0;
	list_for_each_entry(t, &m->tasks, node) {
		ret = check_task(t, msg, len);
		if (ret)
			return ret;
		nr++;
	}
	if (nr != m->nr_tasks)
		FAIL("nr_tasks %lu, %lu on the list", m->nr_tasks, nr);
	return 0;
}
