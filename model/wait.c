/*
 * wait.c - do_wait(): which child a waitpid() reaps (kernel/exit.c).
 *
 * A child is on the children list of the thread that created it (or of
 * the thread it was reparented to, appended at the end). waitpid(-1)
 * walks those lists starting with the caller's own: that order is what
 * makes `wait P any` deterministic, and both engines must follow it.
 */
#include <errno.h>

#include "model/exit.h"
#include "model/explain.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/task.h"
#include "model/wait.h"

/* wait_task_zombie() without the status: p is released. */
static int wait_task_zombie(struct task_struct *current, struct task_struct *p,
			    void **reaped_owner)
{
	int nr = task_pid_nr_ns(p, PIDTYPE_TGID, task_active_pid_ns(current));

	if (reaped_owner)
		*reaped_owner = p->owner;
	EXPLAIN_CALL(current->machine, explain_release_cause, "reaped by wait (wait_task_zombie)");
	p->exit_state = EXIT_DEAD;
	release_task(p);
	return nr;
}

/*
 * eligible_child() without __WALL/__WCLONE: a child that reports with
 * another signal than SIGCHLD (a CLONE_PARENT sibling of a process whose
 * own exit_signal is not SIGCHLD) is invisible to a plain wait.
 */
static bool eligible_child(const struct task_struct *p)
{
	return p->exit_signal == SIGCHLD;
}

/*
 * wait_consider_task(): 1 and *ret the reaped number when p was reaped,
 * otherwise 0; *notask becomes 0 when p is a child wait must wait for.
 */
static inline int wait_consider_task(struct task_struct *current,
				     struct task_struct *p, int *notask,
				     int *ret, void **reaped_owner)
{
	struct machine *m = current->machine;

	if (p->exit_state == EXIT_DEAD)
		return 0;
	if (!eligible_child(p)) {
		EXPLAIN_CALL(m, explain_wait_child, current, p, EXPLAIN_WAIT_INELIGIBLE);
		return 0;
	}
	/* we don't reap group leaders with subthreads */
	if (p->exit_state == EXIT_ZOMBIE && !delay_group_leader(p)) {
		EXPLAIN_CALL(m, explain_wait_child, current, p, EXPLAIN_WAIT_REAPED);
		*ret = wait_task_zombie(current, p, reaped_owner);
		return 1;
	}
	EXPLAIN_CALL(m, explain_wait_child, current, p, EXPLAIN_WAIT_NOT_YET);
	*notask = 0;
	return 0;
}

/* do_wait_pid(): the child whose thread group has that number. */
static int do_wait_pid(struct task_struct *current, int nr, void **reaped_owner)
{
	struct pid *pid = find_pid_ns(nr, task_active_pid_ns(current));
	struct task_struct *p = pid_task(pid, PIDTYPE_TGID);
	int notask = -ECHILD, ret;

	if (!p || !p->real_parent || !same_thread_group(current, p->real_parent)) {
		EXPLAIN(current->machine, p ? "do_wait: %d is %s, not a child of %s's group -> ECHILD" :
			"do_wait: %d names no process in %s's namespace -> ECHILD",
			nr, p ? explain_task(current->machine->explain, p) :
			explain_task(current->machine->explain, current),
			explain_task(current->machine->explain, current));
		return -ECHILD;
	}
	if (wait_consider_task(current, p, &notask, &ret, reaped_owner))
		return ret;
	return notask;
}

/* do_wait_thread() over every thread, current first, wrapping round. */
static int do_wait_any(struct task_struct *current, void **reaped_owner)
{
	struct list_head *head = &current->signal->thread_head;
	struct list_head *node = &current->thread_node;
	int notask = -ECHILD, ret;

	do {
		struct task_struct *tsk, *p, *n;

		if (node != head) {
			tsk = list_entry(node, struct task_struct, thread_node);
			list_for_each_entry_safe(p, n, &tsk->children, sibling)
				if (wait_consider_task(current, p, &notask, &ret,
						       reaped_owner))
					return ret;
		}
		node = node->next;
	} while (node != &current->thread_node);
	EXPLAIN(current->machine, notask ?
		"do_wait: %s's group has no child to wait for -> ECHILD" :
		"do_wait: none of %s's children is a zombie yet (WNOHANG)",
		explain_task(current->machine->explain, current));
	return notask;
}

int do_wait(struct task_struct *current, int pid, void **reaped_owner)
{
	if (reaped_owner)
		*reaped_owner = NULL;
	if (pid == -1) {
		EXPLAIN(current->machine, "do_wait(-1): the children of each thread of %s's group, its own first, in the order each became a child: the first zombie is reaped",
			explain_task(current->machine->explain, current));
		return do_wait_any(current, reaped_owner);
	}
	if (pid <= 0)
		return -ECHILD;		/* process-group waits: not in a trace */
	return do_wait_pid(current, pid, reaped_owner);
}
