/*
 * pid_namespace.c - creating, sharing and destroying PID namespaces, and
 * the death of a namespace's init (kernel/pid_namespace.c;
 * docs/kernel-rules.md, from "The nesting limit and the namespace count"
 * to "The death of a namespace init").
 *
 * A namespace lives while anything refers to it: a task's
 * pid_ns_for_children, a struct pid created in it, a child namespace, the
 * machine (for the root). Its numbers outlive its processes only as long
 * as pids hold them.
 */
#include <errno.h>
#include <stdlib.h>

#include "model/err.h"
#include "model/exit.h"
#include "model/explain.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/sigkill.h"
#include "model/task.h"

struct pid_namespace *create_pid_namespace(struct machine *m,
					   struct pid_namespace *parent)
{
	unsigned int level = parent ? parent->level + 1 : 0;
	struct pid_namespace *ns;

	if (m->base_level + level > MAX_PID_NS_LEVEL) {
		EXPLAIN(m, "create_pid_namespace: level %u (%u in the trace + base level %u) is past MAX_PID_NS_LEVEL %d -> %s",
			m->base_level + level, level, m->base_level, MAX_PID_NS_LEVEL,
			explain_errno(m->profile->nesting_errno));
		return ERR_PTR(-m->profile->nesting_errno);
	}
	/* inc_pid_namespaces(): the user namespace's ucount */
	if (m->nr_namespaces >= m->max_pid_namespaces) {
		EXPLAIN(m, "create_pid_namespace: user.max_pid_namespaces %lu reached (inc_pid_namespaces) -> ENOSPC",
			m->max_pid_namespaces);
		return ERR_PTR(-ENOSPC);
	}

	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return ERR_PTR(-ENOMEM);
	pidmap_init(&ns->pidmap);
	/* number 0 is never handed out */
	if (pidmap_test_and_set(&ns->pidmap, 0) < 0) {
		free(ns);
		return ERR_PTR(-ENOMEM);
	}
	ns->count = 1;
	ns->level = level;
	ns->parent = parent ? get_pid_ns(parent) : NULL;
	ns->machine = m;
	/* the IDR cursor starts at 0; the legacy last_pid at 0 (cursor 1) */
	ns->cursor = m->profile->allocator == PIDALLOC_LEGACY ? 1 : 0;
	ns->pid_max = m->profile->new_ns_pid_max_limit ? PID_MAX_LIMIT : m->pid_max;
	ns->pid_allocated = PIDNS_ADDING;
	ns->id = m->next_ns_id++;
	list_add_tail(&ns->node, &m->namespaces);
	m->nr_namespaces++;
	return ns;
}

struct pid_namespace *copy_pid_ns(bool newpid, struct pid_namespace *active,
				  struct pid_namespace *old_ns)
{
	if (!newpid)
		return get_pid_ns(old_ns);
	/* after unshare or setns into a child, no second new namespace */
	if (active != old_ns) {
		EXPLAIN(old_ns->machine, "copy_pid_ns: children already go to %s, not to the active %s: no second new namespace -> EINVAL",
			explain_ns(old_ns->machine->explain, old_ns),
			explain_ns(old_ns->machine->explain, active));
		return ERR_PTR(-EINVAL);
	}
	return create_pid_namespace(old_ns->machine, old_ns);
}

struct pid_namespace *get_pid_ns(struct pid_namespace *ns)
{
	if (ns)
		ns->count++;
	return ns;
}

void put_pid_ns(struct pid_namespace *ns)
{
	while (ns && --ns->count == 0) {
		struct pid_namespace *parent = ns->parent;
		struct machine *m = ns->machine;

		list_del_init(&ns->node);
		m->nr_namespaces--;
		pidmap_destroy(&ns->pidmap);
		free(ns);
		ns = parent;
	}
}

int pid_ns_pid_max(const struct pid_namespace *ns)
{
	return ns->machine->profile->per_ns_pid_max ? ns->pid_max
						    : ns->machine->pid_max;
}

bool pidns_is_ancestor(const struct pid_namespace *child,
		       const struct pid_namespace *ancestor)
{
	const struct pid_namespace *ns;

	if (child->level < ancestor->level)
		return false;
	for (ns = child; ns->level > ancestor->level; ns = ns->parent)
		;
	return ns == ancestor;
}

void disable_pid_allocation(struct pid_namespace *ns)
{
	ns->pid_allocated &= ~PIDNS_ADDING;
}

void zap_pid_ns_processes(struct pid_namespace *ns, struct task_struct *init)
{
	struct machine *m = ns->machine;
	int nr;

	disable_pid_allocation(ns);
	EXPLAIN_CALL(m, explain_ns_dead, ns, EXPLAIN_NS_ZAPPED, init);
	EXPLAIN(m, "zap_pid_ns_processes: %s, pid 1 of %s, exits: PIDNS_ADDING cleared (no new process), SIGCHLD ignored (its children autoreap)",
		explain_task(m->explain, init), explain_ns(m->explain, ns));

	/* terminated children autoreap from now on */
	init->signal->sigchld_ignored = true;

	/*
	 * SIGKILL to every task numbered 2 and up, nested namespaces
	 * included: they have numbers here too. Delivery is forced, so
	 * the inits of nested namespaces die as well.
	 */
	for (nr = 2; (nr = pidmap_next_set(&ns->pidmap, (unsigned int)nr,
					   PID_MAX_LIMIT)) > 0; nr++) {
		struct pid *pid = find_pid_ns(nr, ns);
		struct task_struct *task = pid_task(pid, PIDTYPE_PID);

		if (task && !fatal_signal_pending(task)) {
			EXPLAIN(m, "zap_pid_ns_processes: SIGKILL to %s (%d there)",
				explain_task(m->explain, task), nr);
			complete_sigkill(NULL, task);
		}
	}

	EXPLAIN(m, "zap_pid_ns_processes: %s waits until %s is empty",
		explain_task(m->explain, init), explain_ns(m->explain, ns));
	init->zapping = true;
	list_add_tail(&init->work, &m->zappers);
}

bool zap_pid_ns_done(struct pid_namespace *ns, struct task_struct *init)
{
	int init_pids = thread_group_leader(init) ? 1 : 2;

	/* kernel_wait4(-1, __WALL) until ECHILD */
	if (reap_zombie_children(init))
		return false;
	/* then wait until only init's own pid is left */
	return ns->pid_allocated == (unsigned int)init_pids;
}
