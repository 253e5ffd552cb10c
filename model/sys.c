/*
 * sys.c - setsid, setpgid, PR_SET_CHILD_SUBREAPER and the get*id() calls,
 * with the kernel's checks in the kernel's order (kernel/sys.c).
 */
#include <errno.h>

#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/sys.h"
#include "model/task.h"

static int pid_vnr(const struct task_struct *current, const struct pid *pid)
{
	return pid_nr_ns(pid, task_active_pid_ns(current));
}

int ksys_setsid(struct task_struct *current)
{
	struct task_struct *group_leader = current->group_leader;
	struct pid *sid = task_pid(group_leader);
	int err = -EPERM;

	if (group_leader->signal->leader)
		goto out;
	/* a process group with the would-be session's number exists */
	if (pid_task(sid, PIDTYPE_PGID))
		goto out;

	group_leader->signal->leader = true;
	if (task_session(group_leader) != sid)
		change_pid(group_leader, PIDTYPE_SID, sid);
	if (task_pgrp(group_leader) != sid)
		change_pid(group_leader, PIDTYPE_PGID, sid);
	err = pid_vnr(current, sid);
out:
	return err;
}

int ksys_setpgid(struct task_struct *current, int pid, int pgid)
{
	struct task_struct *group_leader = current->group_leader;
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct task_struct *p, *g;
	struct pid *pgrp;
	int err;

	if (!pid)
		pid = task_pid_nr_ns(group_leader, PIDTYPE_PID, ns);
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;

	err = -ESRCH;
	p = pid_task(find_pid_ns(pid, ns), PIDTYPE_PID);
	if (!p)
		goto out;

	err = -EINVAL;
	if (!thread_group_leader(p))
		goto out;

	if (p->real_parent && same_thread_group(p->real_parent, group_leader)) {
		err = -EPERM;
		if (task_session(p) != task_session(group_leader))
			goto out;
		/* a child that has called exec is off limits */
		err = -EACCES;
		if (!(p->flags & PF_FORKNOEXEC))
			goto out;
	} else {
		err = -ESRCH;
		if (p != group_leader)
			goto out;
	}

	err = -EPERM;
	if (p->signal->leader)
		goto out;

	pgrp = task_pid(p);
	if (pgid != pid) {
		pgrp = find_pid_ns(pgid, ns);
		g = pid_task(pgrp, PIDTYPE_PGID);
		if (!g || task_session(g) != task_session(group_leader))
			goto out;
	}

	if (task_pgrp(p) != pgrp)
		change_pid(p, PIDTYPE_PGID, pgrp);
	err = 0;
out:
	return err;
}

/*
 * Descendants already marked, and the subtrees of namespace inits (whose
 * orphans never leave their namespace), need no visit.
 */
static int propagate_has_child_subreaper(struct task_struct *p, void *data)
{
	(void)data;
	if (p->signal->has_child_subreaper || is_child_reaper(task_pid(p)))
		return 0;
	p->signal->has_child_subreaper = true;
	return 1;
}

int prctl_set_child_subreaper(struct task_struct *current, int on)
{
	current->signal->is_child_subreaper = !!on;
	if (on)
		walk_process_tree(current, propagate_has_child_subreaper, NULL);
	return 0;
}

int sys_getppid(const struct task_struct *current)
{
	return task_pid_nr_ns(current->real_parent, PIDTYPE_TGID,
			      task_active_pid_ns(current));
}

int sys_getpgrp(const struct task_struct *current)
{
	return pid_vnr(current, task_pgrp(current));
}

int sys_getsid(const struct task_struct *current)
{
	return pid_vnr(current, task_session(current));
}
