/*
 * sys.c - setsid, setpgid, PR_SET_CHILD_SUBREAPER and the get*id() calls,
 * with the kernel's checks in the kernel's order (kernel/sys.c).
 */
#include <errno.h>

#include "model/explain.h"
#include "model/machine.h"
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
	struct machine *m = current->machine;
	int err = -EPERM;

	if (group_leader->signal->leader) {
		EXPLAIN(m, "setsid: %s already leads a session -> EPERM",
			explain_task(m->explain, group_leader));
		goto out;
	}
	/* a process group with the would-be session's number exists */
	if (pid_task(sid, PIDTYPE_PGID)) {
		EXPLAIN(m, "setsid: a process group numbered %s exists already (led by %s) -> EPERM",
			explain_nrs(m->explain, sid),
			explain_task(m->explain, pid_task(sid, PIDTYPE_PGID)));
		goto out;
	}

	EXPLAIN(m, "setsid: %s leads the new session and process group %s",
		explain_task(m->explain, group_leader), explain_nrs(m->explain, sid));
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
	struct machine *m = current->machine;
	struct explain *x = m->explain;
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
	if (!p) {
		EXPLAIN(m, "setpgid: no task is numbered %d in %s's namespace -> ESRCH",
			pid, explain_task(x, current));
		goto out;
	}

	err = -EINVAL;
	if (!thread_group_leader(p)) {
		EXPLAIN(m, "setpgid: %s is a thread, not a group leader -> EINVAL",
			explain_task(x, p));
		goto out;
	}

	if (p->real_parent && same_thread_group(p->real_parent, group_leader)) {
		err = -EPERM;
		if (task_session(p) != task_session(group_leader)) {
			EXPLAIN(m, "setpgid: %s, a child of %s, is in another session -> EPERM",
				explain_task(x, p), explain_task(x, group_leader));
			goto out;
		}
		/* a child that has called exec is off limits */
		err = -EACCES;
		if (!(p->flags & PF_FORKNOEXEC)) {
			EXPLAIN(m, "setpgid: %s, a child of %s, has called exec (PF_FORKNOEXEC clear) -> EACCES",
				explain_task(x, p), explain_task(x, group_leader));
			goto out;
		}
	} else {
		err = -ESRCH;
		if (p != group_leader) {
			EXPLAIN(m, "setpgid: %s is neither %s nor one of its children -> ESRCH",
				explain_task(x, p), explain_task(x, group_leader));
			goto out;
		}
	}

	err = -EPERM;
	if (p->signal->leader) {
		EXPLAIN(m, "setpgid: %s leads a session (setsid), it cannot change group -> EPERM",
			explain_task(x, p));
		goto out;
	}

	pgrp = task_pid(p);
	if (pgid != pid) {
		pgrp = find_pid_ns(pgid, ns);
		g = pid_task(pgrp, PIDTYPE_PGID);
		if (!g || task_session(g) != task_session(group_leader)) {
			EXPLAIN(m, g ? "setpgid: process group %d is in another session -> EPERM" :
				"setpgid: no process group is numbered %d -> EPERM", pgid);
			goto out;
		}
	}

	EXPLAIN(m, task_pgrp(p) != pgrp ? "setpgid: %s joins process group %s" :
		"setpgid: %s is in process group %s already", explain_task(x, p),
		explain_nrs(x, pgrp));
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
	EXPLAIN(current->machine, "prctl(PR_SET_CHILD_SUBREAPER): orphans below %s now come to it before the namespace's reaper",
		explain_task(current->machine->explain, current));
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
