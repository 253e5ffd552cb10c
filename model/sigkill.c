/*
 * sigkill.c - SIGKILL delivery: which kills the kernel drops, and how a
 * delivered one takes down a whole thread group.
 */
#include <errno.h>

#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/sigkill.h"
#include "model/task.h"

bool fatal_signal_pending(const struct task_struct *p)
{
	return p->signal->flags & SIGNAL_GROUP_EXIT;
}

/*
 * The order in which the threads run do_exit() decides who inherits the
 * role of a namespace's reaper (find_child_reaper() hands it to a thread
 * that is not exiting yet). complete_signal() wakes the threads in list
 * order, leader first, whichever thread was signalled; the caller of
 * exit_group() or of kill() on its own group is already running and goes
 * before them. That is what the live kernel does on one CPU, and what the
 * model replays.
 */
void complete_sigkill(struct task_struct *current, struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	struct machine *m = p->machine;
	struct task_struct *t;

	if (sig->flags & SIGNAL_GROUP_EXIT)
		return;
	/* as complete_signal(): the group-exit flag replaces all others */
	sig->flags = SIGNAL_GROUP_EXIT;
	if (current && current->signal == sig)
		machine_queue_exit(m, current);
	list_for_each_entry(t, &sig->thread_head, thread_node)
		machine_queue_exit(m, t);
}

/*
 * sig_task_ignored() for SIGKILL: an unkillable init ignores it unless the
 * sender sits in an ancestor namespace (the sender has no number in the
 * target's namespace: send_signal_locked() forces delivery then).
 */
static bool sigkill_ignored(struct task_struct *current, struct task_struct *t)
{
	bool force = !task_pid_nr_ns(current, PIDTYPE_PID, task_active_pid_ns(t));

	return (t->signal->flags & SIGNAL_UNKILLABLE) && !force;
}

int kill_pid_nr(struct task_struct *current, int nr)
{
	struct pid *pid = find_pid_ns(nr, task_active_pid_ns(current));
	struct task_struct *p = pid_task(pid, PIDTYPE_PID);

	if (!p)
		return -ESRCH;
	/* prepare_signal() drops signals to a group already dying */
	if (!sigkill_ignored(current, p) && !fatal_signal_pending(p))
		complete_sigkill(current, p);
	machine_settle(p->machine);
	return 0;
}
