/*
 * signal.c - which processes a kill() reaches and which of them act on
 * it (kernel/signal.c). Delivery itself is sigkill.c's complete_sigkill():
 * for a trace every delivered signal is fatal to the whole group.
 */
#include <errno.h>

#include "model/explain.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/sigkill.h"
#include "model/signal.h"
#include "model/task.h"

bool sig_supported(int sig)
{
	switch (sig) {
	case SIGHUP:
	case SIGINT:
	case SIGQUIT:
	case SIGKILL:
	case SIGUSR1:
	case SIGUSR2:
	case SIGALRM:
	case SIGTERM:
		return true;
	}
	return false;
}

/* Signals whose default action dumps core: of a trace's, SIGQUIT. */
static bool sig_kernel_coredump(int sig)
{
	return sig == SIGQUIT;
}

/*
 * sig_task_ignored() for a handler that is SIG_DFL (a trace installs
 * none): a SIGNAL_UNKILLABLE group, a namespace init, ignores the signal
 * unless it is forced (sent from an ancestor namespace) and one only the
 * kernel handles (sig_kernel_only: SIGKILL; SIGSTOP is not in a trace).
 */
static bool sig_task_ignored(const struct task_struct *t, int sig, bool force)
{
	return (t->signal->flags & SIGNAL_UNKILLABLE) &&
	       !(force && sig == SIGKILL);
}

/*
 * prepare_signal(): false when the signal is dropped. A group that is
 * already dying (SIGNAL_GROUP_EXIT) takes no more signals.
 */
static bool prepare_signal(int sig, const struct task_struct *p, bool force)
{
	if (fatal_signal_pending(p))
		return false;
	return !sig_task_ignored(p, sig, force);
}

int group_send_sig_info(struct task_struct *current, int sig,
			struct task_struct *p)
{
	/*
	 * send_signal_locked(): a sender with no number in the target's
	 * namespace sits in an ancestor namespace, and its signal is forced.
	 */
	bool force = !task_pid_nr_ns(current, PIDTYPE_PID, task_active_pid_ns(p));

	if (prepare_signal(sig, p, force)) {
		EXPLAIN_CALL(current->machine, explain_signal, current, p, sig,
			     force, 0);
		if (sig_kernel_coredump(sig))
			complete_coredump_signal(current, p);
		else
			complete_sigkill(current, p);
	} else {
		EXPLAIN_CALL(current->machine, explain_signal, current, p, sig,
			     force, fatal_signal_pending(p) ? 1 : 2);
	}
	return 0;
}

/* kill_pid_info(): the task with that pid (a thread: its group). */
static int kill_pid_info(struct task_struct *current, int sig, struct pid *pid)
{
	struct task_struct *p = pid_task(pid, PIDTYPE_PID);

	if (!p) {
		EXPLAIN(current->machine, "kill_pid_info: no task has that number in %s's namespace -> ESRCH",
			explain_task(current->machine->explain, current));
		return -ESRCH;
	}
	return group_send_sig_info(current, sig, p);
}

/*
 * __kill_pgrp_info(): every process whose pgid is pgrp, zombies included.
 * The kernel adds a task at the head of a pid's list, so it meets the
 * newest member first; the model keeps its lists in the other order and
 * walks them backwards. A caller that is in the group is already running
 * and dies first, as on its own exit_group(); the members it woke follow
 * in the order it signalled them (on one CPU, as the live kernel runs
 * them). That order decides where their orphans go: a member that dies
 * after its parent is reparented and becomes a zombie of the reaper, one
 * that dies before is its parent's to reap (or autoreaped).
 */
static int kill_pgrp_info(struct task_struct *current, int sig, struct pid *pgrp)
{
	struct ring_node *node, *first;
	bool success = false;
	int retval = -ESRCH;

	if (!pgrp) {
		EXPLAIN(current->machine, "__kill_pgrp_info: no process group has that number in %s's namespace -> ESRCH",
			explain_task(current->machine->explain, current));
		return -ESRCH;
	}
	if (pid_has_task(pgrp, PIDTYPE_PGID))
		EXPLAIN(current->machine, "__kill_pgrp_info: every member of process group %s, newest first, zombies included",
			explain_nrs(current->machine->explain, pgrp));
	/* from the last attached back to the first (signalling unlinks none) */
	first = pgrp->tasks[PIDTYPE_PGID].first;
	for (node = ring_last(&pgrp->tasks[PIDTYPE_PGID]); node;
	     node = node == first ? NULL : node->prev) {
		struct task_struct *p = ring_entry(node, struct task_struct,
						   pid_links[PIDTYPE_PGID]);
		int err = group_send_sig_info(current, sig, p);

		success |= !err;
		retval = err;
	}
	/* (a signal that dumps core goes to one chosen thread instead) */
	if (!sig_kernel_coredump(sig) && !list_empty(&current->work)) {
		struct machine *m = current->machine;

		list_del_init(&current->work);
		list_add(&current->work, &m->exit_queue);
	}
	if (!success)
		EXPLAIN(current->machine, "__kill_pgrp_info: %s leads no process group: it has no member -> %s",
			explain_nrs(current->machine->explain, pgrp),
			explain_errno(retval));
	return success ? 0 : retval;
}

/*
 * kill(-1): every process (a leader not yet released, zombies included)
 * whose number in current's namespace is above 1 (visible, and not its
 * init), current's own group excepted, in the order of the process list.
 */
static int kill_all(struct task_struct *current, int sig)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct machine *m = current->machine;
	struct task_struct *p;
	int retval = 0, count = 0;

	EXPLAIN(m, "kill(-1): every process %s can see numbered above 1, its own group excepted, in the order of the process list",
		explain_task(m->explain, current));
	list_for_each_entry(p, &m->tasks, node) {
		int err;

		if (!thread_group_leader(p) || same_thread_group(p, current) ||
		    task_pid_nr_ns(p, PIDTYPE_PID, ns) <= 1)
			continue;
		err = group_send_sig_info(current, sig, p);
		count++;
		if (err != -EPERM)
			retval = err;
	}
	if (!count)
		EXPLAIN(m, "kill(-1): %s sees no other process but its namespace's init -> ESRCH",
			explain_task(m->explain, current));
	return count ? retval : -ESRCH;
}

int kill_something_info(struct task_struct *current, int pid, int sig)
{
	struct pid_namespace *ns = task_active_pid_ns(current);

	if (!sig_supported(sig))
		return -EINVAL;
	if (pid > 0)
		return kill_pid_info(current, sig, find_pid_ns(pid, ns));
	if (pid == -1)
		return kill_all(current, sig);
	if (pid == 0)
		return kill_pgrp_info(current, sig, task_pgrp(current));
	if (pid == -2147483647 - 1)
		return -ESRCH;		/* -INT_MIN is not a number */
	return kill_pgrp_info(current, sig, find_pid_ns(-pid, ns));
}
