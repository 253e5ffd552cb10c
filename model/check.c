/*
 * check.c - consistency of a machine between two operations:
 *
 *  1. every pidmap's summaries and free counts match its bits;
 *  2. every published pid has a hash entry and a set bit for each of its
 *     numbers, the namespaces of its numbers form its ancestry, and at
 *     least one task is attached to it (else it should have been freed);
 *  3. per namespace: bits set = published numbers + 1 (number 0), entries
 *     of its lookup table = published numbers = pid_allocated without
 *     PIDNS_ADDING; each entry is a number of this namespace, in the
 *     bucket its number hashes to, and the table is no larger than its
 *     shrink rule allows;
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

/* node is in ring h, whose links agree both ways. */
static bool on_ring(const struct ring_node *node, const struct ring_head *h)
{
	const struct ring_node *p = h->first;

	if (!p)
		return false;
	do {
		if (p->next->prev != p)
			return false;
		if (p == node)
			return true;
		p = p->next;
	} while (p != h->first);
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

/* The lookup table of ns: entries in their buckets, counts, size bound. */
static int check_pid_hash(const struct pid_namespace *ns, char *msg,
			  unsigned long len)
{
	const UT_hash_table *tbl = ns->pid_hash ? ns->pid_hash->hh.tbl : NULL;
	unsigned long in_buckets = 0;
	unsigned int b;

	if (!tbl)
		return 0;
	for (b = 0; b < tbl->num_buckets; b++) {
		const UT_hash_handle *hh;
		unsigned int count = 0;

		for (hh = tbl->buckets[b].hh_head; hh; hh = hh->hh_next) {
			const struct upid *u = (const struct upid *)
				((const char *)hh - offsetof(struct upid, hh));

			if (u->key.ns != ns || hh->hashv != (unsigned int)u->key.nr ||
			    (hh->hashv & (tbl->num_buckets - 1)) != b)
				FAIL("ns %lu: number %d (ns %lu) in bucket %u of %u",
				     ns->id, u->key.nr, u->key.ns ? u->key.ns->id : 0,
				     b, tbl->num_buckets);
			count++;
		}
		if (count != tbl->buckets[b].count)
			FAIL("ns %lu: bucket %u holds %u entries, counts %u",
			     ns->id, b, count, tbl->buckets[b].count);
		in_buckets += count;
	}
	if (in_buckets != tbl->num_items)
		FAIL("ns %lu: %lu entries in buckets, table counts %u",
		     ns->id, in_buckets, tbl->num_items);
	if (tbl->num_buckets > HASH_INITIAL_NUM_BUCKETS &&
	    tbl->num_buckets / PID_HASH_SHRINK_AT > tbl->num_items)
		FAIL("ns %lu: %u buckets for %u entries: not shrunk",
		     ns->id, tbl->num_buckets, tbl->num_items);
	return 0;
}

static int check_namespaces(const struct machine *m, char *msg, unsigned long len)
{
	const struct pid_namespace *ns;

	list_for_each_entry(ns, &m->namespaces, node) {
		unsigned long numbers = HASH_COUNT(ns->pid_hash);
		int ret = pidmap_check(&ns->pidmap, msg, len);

		if (!ret)
			ret = check_pid_hash(ns, msg, len);
		if (ret)
			return ret;
		if (pidmap_weight(&ns->pidmap) != numbers + 1)
			FAIL("ns %lu: %lu bits set for %lu published numbers",
			     ns->id, pidmap_weight(&ns->pidmap), numbers);
		if ((ns->pid_allocated & ~PIDNS_ADDING) != numbers)
			FAIL("ns %lu: pid_allocated %u, %lu numbers published",
			     ns->id, ns->pid_allocated & ~PIDNS_ADDING, numbers);
	}
	return 0;
}

/* A task's name in a message: its number in the trace root. */
static int task_nr(const struct task_struct *t)
{
	return task_pid(t)->numbers[0].key.nr;
}

static int check_task(const struct task_struct *t, char *msg, unsigned long len)
{
	if (!on_ring(&t->pid_links[PIDTYPE_PID], &task_pid(t)->tasks[PIDTYPE_PID]))
		FAIL("task %d not attached to its pid", task_nr(t));
	if (!on_list(&t->thread_node, &t->signal->thread_head))
		FAIL("task %d not in its thread group", task_nr(t));
	if (thread_group_leader(t)) {
		int type;

		for (type = PIDTYPE_TGID; type < PIDTYPE_MAX; type++)
			if (!on_ring(&t->pid_links[type],
				     &t->signal->pids[type]->tasks[type]))
				FAIL("leader %d not attached to its pid type %d",
				     task_nr(t), type);
		if (t->real_parent &&
		    !on_list(&t->sibling, &t->real_parent->children))
			FAIL("task %d missing from its parent's children", task_nr(t));
	}
	if (t->exit_state == EXIT_DEAD)
		FAIL("task %d dead but not released", task_nr(t));
	if (!(t->flags & PF_EXITING) && t->exit_state)
		FAIL("task %d has exit_state without PF_EXITING", task_nr(t));
	if (t->zapping != !list_empty(&t->work))
		FAIL("task %d: zapping %d but work list %s", task_nr(t),
		     t->zapping, list_empty(&t->work) ? "empty" : "busy");
	return 0;
}

int machine_check(const struct machine *m, char *msg, unsigned long len)
{
	const struct task_struct *t;
	const struct pid_namespace *ns;
	struct pid *pid;
	unsigned long nr = 0;
	int ret;

	if (!list_empty(&m->exit_queue))
		FAIL("exit queue not empty: machine not settled");
	ret = check_namespaces(m, msg, len);
	if (ret)
		return ret;
	/* every published pid once: from the table of its deepest level */
	list_for_each_entry(ns, &m->namespaces, node) {
		struct upid *u, *tmp;

		HASH_ITER(hh, ns->pid_hash, u, tmp) {
			pid = container_of(u - ns->level, struct pid, numbers[0]);
			if (pid->level != ns->level)
				continue;
			ret = check_pid(m, pid, msg, len);
			if (ret)
				return ret;
			nr++;
		}
	}
	if (nr != m->nr_pids)
		FAIL("nr_pids %lu, %lu published", m->nr_pids, nr);
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
