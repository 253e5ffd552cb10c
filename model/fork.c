/*
 * fork.c - copy_process(): the checks, the namespace, the pid, and how the
 * new task is hooked to its parent, its thread group, its process group
 * and session (kernel/fork.c; docs/kernel-rules.md, "Fork checks and their
 * order", "What a new child inherits", "The first process of a
 * namespace").
 */
#include <errno.h>

#include "model/err.h"
#include "model/explain.h"
#include "model/fork.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/task.h"

#define CSIGNAL		0xff

/* copy_clone_args_from_user() and clone3_args_valid(), for our fields. */
static int clone3_args_check(const struct machine *m,
			     const struct kernel_clone_args *args)
{
	if (args->set_tid_size && m->profile->set_tid_errno) {
		EXPLAIN(m, "clone3: kernel %s has no set_tid -> %s",
			m->profile->name, explain_errno(m->profile->set_tid_errno));
		return -m->profile->set_tid_errno;
	}
	if (args->set_tid_size > MAX_PID_NS_LEVEL) {
		EXPLAIN(m, "clone3: set_tid has %zu entries, more than MAX_PID_NS_LEVEL %d -> EINVAL",
			args->set_tid_size, MAX_PID_NS_LEVEL);
		return -EINVAL;
	}
	if (!args->set_tid && args->set_tid_size > 0)
		return -EINVAL;
	if (args->set_tid && args->set_tid_size == 0)
		return -EINVAL;
	if (args->exit_signal & ~CSIGNAL)
		return -EINVAL;
	if ((args->flags & (CLONE_THREAD | CLONE_PARENT)) && args->exit_signal)
		return -EINVAL;
	return 0;
}

static int copy_flags_check(struct task_struct *current, unsigned long flags)
{
	struct machine *m = current->machine;

	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* inits may not make siblings: their parent would never reap them */
	if ((flags & CLONE_PARENT) &&
	    (current->signal->flags & SIGNAL_UNKILLABLE)) {
		EXPLAIN(m, "copy_process: %s is a namespace init (SIGNAL_UNKILLABLE): CLONE_PARENT would give it a sibling its parent never reaps -> EINVAL",
			explain_task(m->explain, current));
		return -EINVAL;
	}
	/* a thread shares its group's namespace */
	if (flags & CLONE_THREAD) {
		if (flags & (CLONE_NEWUSER | CLONE_NEWPID)) {
			EXPLAIN(m, "copy_process: CLONE_THREAD with CLONE_NEWPID: a thread shares its group's namespace -> EINVAL");
			return -EINVAL;
		}
		if (task_active_pid_ns(current) != current->pid_ns_for_children) {
			EXPLAIN(m, "copy_process: %s's children go to %s, not to its own %s: a thread cannot (CLONE_THREAD) -> EINVAL",
				explain_task(m->explain, current),
				explain_ns(m->explain, current->pid_ns_for_children),
				explain_ns(m->explain, task_active_pid_ns(current)));
			return -EINVAL;
		}
	}
	return 0;
}

/* Hook the new task p, holding pid, into the tree. Cannot fail. */
static void attach_new_task(struct task_struct *current,
			    struct task_struct *p, struct pid *pid,
			    const struct kernel_clone_args *args)
{
	struct machine *m = current->machine;
	unsigned long flags = args->flags;

	p->thread_pid = get_pid(pid);
	p->flags |= PF_FORKNOEXEC;
	if (flags & (CLONE_PARENT | CLONE_THREAD)) {
		p->real_parent = current->real_parent;
		p->exit_signal = (flags & CLONE_THREAD) ? -1 :
				 current->group_leader->exit_signal;
	} else {
		p->real_parent = current;
		p->exit_signal = args->exit_signal;
	}

	list_add_tail(&p->thread_node, &p->signal->thread_head);
	p->signal->nr_threads++;
	p->signal->live++;

	if (thread_group_leader(p)) {
		struct signal_struct *sig = p->signal;

		/* process group and session: the forking task's, even when
		 * the child is the init of a new namespace */
		sig->pids[PIDTYPE_TGID] = get_pid(pid);
		sig->pids[PIDTYPE_PGID] = get_pid(task_pgrp(current));
		sig->pids[PIDTYPE_SID] = get_pid(task_session(current));
		/* copy_sighand(): the child starts with the parent's actions */
		sig->sigchld_ignored = current->signal->sigchld_ignored;
		if (p->real_parent)
			sig->has_child_subreaper =
				p->real_parent->signal->has_child_subreaper ||
				p->real_parent->signal->is_child_subreaper;
		if (is_child_reaper(pid)) {
			struct pid_namespace *ns = ns_of_pid(pid);

			ns->child_reaper = p;
			ns->has_child_reaper = true;
			sig->flags |= SIGNAL_UNKILLABLE;
			EXPLAIN_CALL(m, explain_new_init, ns);
		}
		if (p->real_parent)
			list_add_tail(&p->sibling, &p->real_parent->children);
		attach_pid(p, PIDTYPE_TGID);
		attach_pid(p, PIDTYPE_PGID);
		attach_pid(p, PIDTYPE_SID);
	}
	attach_pid(p, PIDTYPE_PID);
	list_add_tail(&p->node, &m->tasks);
	m->nr_tasks++;
}

struct task_struct *copy_process(struct task_struct *current,
				 const struct kernel_clone_args *args)
{
	struct machine *m = current->machine;
	unsigned long flags = args->flags;
	struct pid_namespace *pid_ns;
	struct task_struct *p;
	struct pid *pid;
	int retval;

	if (args->clone3) {
		retval = clone3_args_check(m, args);
		if (retval)
			return ERR_PTR(retval);
	}
	retval = copy_flags_check(current, flags);
	if (retval)
		return ERR_PTR(retval);

	/* threads-max, before any namespace or number is touched */
	if (m->nr_tasks >= m->max_threads) {
		EXPLAIN(m, "copy_process: threads-max %lu reached (%lu tasks not yet released) -> EAGAIN, no number used",
			m->max_threads, m->nr_tasks);
		return ERR_PTR(-EAGAIN);
	}

	retval = -ENOMEM;
	p = alloc_task(m, (flags & CLONE_THREAD) ? current->group_leader : NULL);
	if (!p)
		goto out;

	/* copy_namespaces(): with CLONE_NEWPID the namespace exists first */
	pid_ns = copy_pid_ns(flags & CLONE_NEWPID, task_active_pid_ns(current),
			     current->pid_ns_for_children);
	if (IS_ERR(pid_ns)) {
		retval = (int)PTR_ERR(pid_ns);
		goto out_free_task;
	}
	if (explain_on(m) && (flags & CLONE_NEWPID))
		explain_ns_made(m->explain, pid_ns, current, false);
	p->pid_ns_for_children = pid_ns;

	pid = alloc_pid(pid_ns, args->set_tid, args->set_tid_size);
	if (IS_ERR(pid)) {
		retval = (int)PTR_ERR(pid);
		goto out_free_task;
	}

	/*
	 * failures after alloc_pid go through free_pid (docs/kernel-rules.md,
	 * "The first process of a namespace")
	 */
	retval = args->fail_late;
	if (retval) {
		EXPLAIN(m, "copy_process: failed after alloc_pid (a late failure) -> %s",
			explain_errno(retval));
		goto out_free_pid;
	}
	/* "don't start children in a dying pid namespace" */
	retval = -ENOMEM;
	if (!(ns_of_pid(pid)->pid_allocated & PIDNS_ADDING)) {
		EXPLAIN_CALL(m, explain_alloc_dead, ns_of_pid(pid), "copy_process");
		goto out_free_pid;
	}

	/* the allocation's reference now stands for the numbers */
	attach_new_task(current, p, pid, args);
	return p;

out_free_pid:
	free_pid(pid);
out_free_task:
	put_task_struct(p);	/* drops pid_ns_for_children too */
out:
	return ERR_PTR(retval);
}

int kernel_clone(struct task_struct *current,
		 const struct kernel_clone_args *args,
		 struct task_struct **child)
{
	struct task_struct *p = copy_process(current, args);

	if (child)
		*child = IS_ERR(p) ? NULL : p;
	if (IS_ERR(p))
		return (int)PTR_ERR(p);
	return task_pid_nr_ns(p, PIDTYPE_PID, task_active_pid_ns(current));
}
