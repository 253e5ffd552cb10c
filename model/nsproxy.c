/*
 * nsproxy.c - moving a task's pid_ns_for_children: unshare and setns.
 * The task itself never changes namespace; only its future children do.
 */
#include <errno.h>

#include "model/err.h"
#include "model/explain.h"
#include "model/machine.h"
#include "model/nsproxy.h"
#include "model/pid_namespace.h"
#include "model/task.h"

int ksys_unshare_newpid(struct task_struct *current)
{
	struct pid_namespace *ns;

	ns = copy_pid_ns(true, task_active_pid_ns(current),
			 current->pid_ns_for_children);
	if (IS_ERR(ns))
		return (int)PTR_ERR(ns);
	EXPLAIN_CALL(current->machine, explain_ns_made, ns, current, true);
	EXPLAIN(current->machine, "unshare: %s's next child goes to the new %s, as its pid 1",
		explain_task(current->machine->explain, current),
		explain_ns(current->machine->explain, ns));
	put_pid_ns(current->pid_ns_for_children);
	current->pid_ns_for_children = ns;
	return 0;
}

int pidns_install(struct task_struct *current, struct pid_namespace *ns)
{
	/* only the active namespace or one below it */
	if (!pidns_is_ancestor(ns, task_active_pid_ns(current))) {
		EXPLAIN(current->machine, "setns: %s is neither %s's own %s nor below it -> EINVAL",
			explain_ns(current->machine->explain, ns),
			explain_task(current->machine->explain, current),
			explain_ns(current->machine->explain, task_active_pid_ns(current)));
		return -EINVAL;
	}
	EXPLAIN(current->machine, "setns: %s's next children go to %s",
		explain_task(current->machine->explain, current),
		explain_ns(current->machine->explain, ns));
	get_pid_ns(ns);
	put_pid_ns(current->pid_ns_for_children);
	current->pid_ns_for_children = ns;
	return 0;
}

struct pid_namespace *pidns_get(const struct task_struct *task)
{
	return task_active_pid_ns(task);
}

struct pid_namespace *pidns_for_children_get(const struct task_struct *task)
{
	struct pid_namespace *ns = task->pid_ns_for_children;

	if (!ns || !ns->has_child_reaper)
		return NULL;
	return ns;
}
