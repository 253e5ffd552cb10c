/*
 * nsproxy.c - moving a task's pid_ns_for_children: unshare and setns.
 * The task itself never changes namespace; only its future children do.
 */
#include <errno.h>

#include "model/err.h"
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
	put_pid_ns(current->pid_ns_for_children);
	current->pid_ns_for_children = ns;
	return 0;
}

int pidns_install(struct task_struct *current, struct pid_namespace *ns)
{
	/* only the active namespace or one below it */
	if (!pidns_is_ancestor(ns, task_active_pid_ns(current)))
		return -EINVAL;
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
