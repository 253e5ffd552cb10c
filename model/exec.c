/*
 * exec.c - execve()'s effect on pids (fs/exec.c de_thread).
 *
 * Invariants after de_thread_finish(): current is its group's leader and
 * only thread; it holds the group's TGID pid as its own thread pid; every
 * other thread of the group has been released and its number freed.
 */
#include "model/exec.h"
#include "model/explain.h"
#include "model/exit.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/signal.h"
#include "model/task.h"

int zap_other_threads(struct task_struct *current)
{
	struct machine *m = current->machine;
	struct task_struct *t;
	int count = 0;

	list_for_each_entry(t, &current->signal->thread_head, thread_node) {
		if (t == current || t->exit_state || (t->flags & PF_EXITING))
			continue;
		EXPLAIN(m, "de_thread: %s's exec kills %s, another thread of its group (zap_other_threads)",
			explain_task(m->explain, current), explain_task(m->explain, t));
		count++;
		machine_queue_exit(m, t);
	}
	return count;
}

/*
 * exchange_tids(): left and right swap their PIDTYPE_PID pids, so that the
 * numbers stay attached (neither pid is freed on the way).
 */
static void exchange_tids(struct task_struct *left, struct task_struct *right)
{
	struct pid *tmp = left->thread_pid;

	ring_del_init(&left->pid_links[PIDTYPE_PID],
		      &left->thread_pid->tasks[PIDTYPE_PID]);
	ring_del_init(&right->pid_links[PIDTYPE_PID],
		      &right->thread_pid->tasks[PIDTYPE_PID]);
	left->thread_pid = right->thread_pid;
	right->thread_pid = tmp;
	attach_pid(left, PIDTYPE_PID);
	attach_pid(right, PIDTYPE_PID);
}

/*
 * transfer_pid(): new takes old's place on the group's pid of this type
 * (the pid pointer itself lives in the shared signal_struct), at old's
 * position among the pid's tasks. new, a thread, was not on that list.
 */
static void transfer_pid(struct task_struct *old, struct task_struct *new,
			 enum pid_type type)
{
	struct ring_head *tasks = &old->signal->pids[type]->tasks[type];

	ring_del_init(&new->pid_links[type], tasks);
	ring_replace_init(&old->pid_links[type], &new->pid_links[type], tasks);
}

int de_thread_finish(struct task_struct *tsk)
{
	struct task_struct *leader = tsk->group_leader;

	if (leader != tsk) {
		struct machine *m = tsk->machine;

		EXPLAIN(m, "de_thread: %s takes the place of its group's leader %s: number %s becomes %s's, %s's old tid %s goes with %s (exchange_tids)",
			explain_task(m->explain, tsk), explain_task(m->explain, leader),
			explain_nrs(m->explain, task_pid(leader)),
			explain_task(m->explain, tsk), explain_task(m->explain, tsk),
			explain_nrs(m->explain, task_pid(tsk)),
			explain_task(m->explain, leader));
		EXPLAIN_CALL(m, explain_release_cause,
			     "the old leader, released by de_thread with the exec'ing thread's old tid");
		/* the leader is a zombie: its exit already moved its children
		 * to a live thread, which is tsk now */
		exchange_tids(tsk, leader);
		transfer_pid(leader, tsk, PIDTYPE_TGID);
		transfer_pid(leader, tsk, PIDTYPE_PGID);
		transfer_pid(leader, tsk, PIDTYPE_SID);

		/* tsk takes the leader's place in the process list and among
		 * its parent's children (a thread has the leader's parent) */
		list_del_init(&tsk->node);
		list_add_tail(&tsk->node, &leader->node);
		list_del_init(&leader->node);
		list_add_tail(&tsk->sibling, &leader->sibling);
		list_del_init(&leader->sibling);

		/* the thread list: tsk first, as the leader is */
		list_del_init(&tsk->thread_node);
		list_add(&tsk->thread_node, &tsk->signal->thread_head);

		tsk->group_leader = tsk;
		leader->group_leader = tsk;
		tsk->exit_signal = SIGCHLD;
		leader->exit_signal = -1;

		/* the old leader, now with tsk's old number, goes */
		leader->exit_state = EXIT_DEAD;
		release_task(leader);
	}
	/* begin_new_exec(): no longer "forked, not yet exec'd" */
	EXPLAIN(tsk->machine, "begin_new_exec: %s clears PF_FORKNOEXEC: its parent's setpgid on it answers EACCES from now on; its number %s, process group and session stay",
		explain_task(tsk->machine->explain, tsk),
		explain_nrs(tsk->machine->explain, task_pid(tsk)));
	tsk->flags &= ~PF_FORKNOEXEC;
	return 0;
}
