/*
 * sigkill.c - how a fatal signal takes down a whole thread group (the
 * group-exit half of complete_signal() and of do_group_exit()). Which
 * signals are delivered at all is signal.c's business.
 */
#include "model/machine.h"
#include "model/pid.h"
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
 * order, leader first, whichever thread was signalled (until 6.1, from the
 * signalled thread round the ring of threads: the profile's
 * group_kill_from_target); the caller of exit_group() or of kill() on its
 * own group is already running and goes before them. That is what the
 * live kernel does on one CPU, and what the model replays.
 */
void complete_coredump_signal(struct task_struct *current, struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	struct machine *m = p->machine;
	struct list_head *pos;
	struct task_struct *t = NULL;

	if (sig->flags & SIGNAL_GROUP_EXIT)
		return;
	/* wants_signal(): p itself, else the first live thread after it */
	pos = &p->thread_node;
	do {
		if (pos != &sig->thread_head) {
			struct task_struct *c = list_entry(pos, struct task_struct,
							   thread_node);

			if (!(c->flags & PF_EXITING)) {
				t = c;
				break;
			}
		}
		pos = pos->next;
	} while (pos != &p->thread_node);
	if (!t)
		return;		/* every thread is on its way out already */
	sig->flags = SIGNAL_GROUP_EXIT;
	/* t's do_group_exit(); it kills the others when it runs (do_exit) */
	if (t == current)
		list_add(&t->work, &m->exit_queue);	/* on the CPU: first */
	else
		machine_queue_exit(m, t);
}

void sigkill_other_threads(struct task_struct *tsk)
{
	struct signal_struct *sig = tsk->signal;
	struct list_head *pos;

	for (pos = tsk->thread_node.next; pos != &tsk->thread_node; pos = pos->next)
		if (pos != &sig->thread_head)
			machine_queue_exit(tsk->machine, list_entry(pos, struct task_struct,
								   thread_node));
}

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
	if (m->profile->group_kill_from_target) {
		/* p is a live task, so on the list: once round from it */
		struct list_head *pos = &p->thread_node;

		do {
			if (pos != &sig->thread_head)
				machine_queue_exit(m, list_entry(pos, struct task_struct,
								 thread_node));
			pos = pos->next;
		} while (pos != &p->thread_node);
		return;
	}
	list_for_each_entry(t, &sig->thread_head, thread_node)
		machine_queue_exit(m, t);
}
