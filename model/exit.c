/*
 * exit.c - how tasks leave: do_exit and exit_notify, the choice of a new
 * parent for orphans, release of zombies, waitpid (kernel/exit.c;
 * docs/kernel-rules.md, "Exit and release", "Who holds a number", "The
 * death of a namespace init").
 *
 * The model runs each exit to completion in machine_settle() (called by
 * the system-call layer, syscall.c, never from here); the only exit that
 * can stop half way is a namespace init's, which waits in
 * zap_pid_ns_processes() for its namespace to empty (task->zapping).
 * Work lists: a task's `work` node is on the machine's exit queue, on its
 * zapper list, or on a local list of tasks to release — never two at once.
 */
#include <errno.h>

#include "model/exit.h"
#include "model/explain.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/sigkill.h"
#include "model/task.h"

/*
 * do_notify_parent(): tell tsk's parent that tsk died. True ("autoreap")
 * when tsk reports with SIGCHLD and the parent's thread group ignores
 * SIGCHLD (`sigchld P ignore`, or a zapping init): tsk is then released
 * at once instead of becoming a zombie (docs/kernel-rules.md "sigchld P
 * ignore"). A parent outside the trace never ignores it.
 */
static bool do_notify_parent(struct task_struct *tsk, int sig)
{
	struct task_struct *parent = tsk->real_parent;

	if (!parent)
		return false;
	return sig == SIGCHLD && parent->signal->sigchld_ignored;
}

static void __unhash_process(struct task_struct *p, bool group_dead)
{
	struct machine *m = p->machine;

	detach_pid(p, PIDTYPE_PID);
	if (group_dead) {
		detach_pid(p, PIDTYPE_TGID);
		detach_pid(p, PIDTYPE_PGID);
		detach_pid(p, PIDTYPE_SID);
		list_del_init(&p->sibling);
	}
	list_del_init(&p->thread_node);
	list_del_init(&p->node);
	m->nr_tasks--;
}

static void __exit_signal(struct task_struct *p)
{
	/* the leader is released last, so its release ends the group */
	bool group_dead = thread_group_leader(p);

	p->signal->nr_threads--;
	__unhash_process(p, group_dead);
}

void release_task(struct task_struct *p)
{
	struct machine *m = p->machine;
	struct task_struct *leader;
	bool zap_leader;

repeat:
	EXPLAIN_CALL(m, explain_release, p, NULL);
	__exit_signal(p);
	/* p's own reference keeps its thread_pid readable until the put */
	EXPLAIN_CALL(m, explain_release_held, p, task_pid(p));
	p->exit_state = EXIT_DEAD;
	p->released = true;
	if (m->release_hook)
		m->release_hook(p, m->hook_cookie);

	/*
	 * The last thread of a group whose leader is already a zombie
	 * reports the leader to its parent, which may reap it right away.
	 */
	zap_leader = false;
	leader = p->group_leader;
	if (leader != p && thread_group_empty(leader) &&
	    leader->exit_state == EXIT_ZOMBIE) {
		zap_leader = do_notify_parent(leader, leader->exit_signal);
		EXPLAIN_CALL(m, explain_zap_leader, p, zap_leader);
		if (zap_leader)
			leader->exit_state = EXIT_DEAD;
	}
	put_task_struct(p);
	p = leader;
	if (zap_leader)
		goto repeat;
}

static void release_dead(struct list_head *dead)
{
	struct task_struct *p, *n;

	list_for_each_entry_safe(p, n, dead, work) {
		list_del_init(&p->work);
		release_task(p);
	}
}

static void exit_zap_resume(struct task_struct *init);

/*
 * The reaper of father's namespace. When father is that reaper, another
 * live thread of its group takes over; failing that the namespace dies
 * (zap_pid_ns_processes) and *blocked says father now waits for it to
 * empty. A zapping init resumed after the wait is its own reaper.
 */
static struct task_struct *find_child_reaper(struct task_struct *father,
					     struct list_head *dead,
					     bool resumed, bool *blocked)
{
	struct pid_namespace *pid_ns = task_active_pid_ns(father);
	struct task_struct *reaper = pid_ns->child_reaper;

	*blocked = false;
	if (reaper != father || resumed)
		return reaper;

	reaper = find_alive_thread(father);
	if (reaper) {
		EXPLAIN(father->machine, "find_child_reaper: %s, a live thread of %s, is the child reaper of %s now",
			explain_task(father->machine->explain, reaper),
			explain_task(father->machine->explain, father),
			explain_ns(father->machine->explain, pid_ns));
		pid_ns->child_reaper = reaper;
		return reaper;
	}

	release_dead(dead);
	zap_pid_ns_processes(pid_ns, father);
	/*
	 * Nothing to wait for: the init never sleeps, and its exit goes on
	 * at once, before the tasks woken meanwhile run. Observed on the
	 * live kernel (one CPU) for an init alone in its namespace; when
	 * another of its tasks died just before, in the same settle, the
	 * init was seen to sleep all the same and every other woken task
	 * ran first (docs/kernel-rules.md, "The death of a namespace init").
	 * Debian's 6.12 and 6.1 kernels, in a guest, went on at once there
	 * too: the profile's zap_sleeps_after_a_death says which.
	 */
	if ((!father->machine->profile->zap_sleeps_after_a_death ||
	     pid_ns->freed_settle != father->machine->settles) &&
	    zap_pid_ns_done(pid_ns, father)) {
		exit_zap_resume(father);
		return father;
	}
	*blocked = true;
	return father;
}

/*
 * Orphans go to a live thread of father's group, else to the nearest
 * subreaper among father's ancestors in father's own namespace (the level
 * test stops at a parent outside, as for a process injected by setns),
 * else to the reaper of father's namespace (docs/kernel-rules.md,
 * "Orphans and subreapers").
 */
static struct task_struct *find_new_reaper(struct task_struct *father,
					   struct task_struct *child_reaper)
{
	struct task_struct *thread, *reaper;

	thread = find_alive_thread(father);
	if (thread)
		return thread;

	if (father->signal->has_child_subreaper) {
		unsigned int ns_level = task_pid(father)->level;

		for (reaper = father->real_parent;
		     reaper && task_pid(reaper)->level == ns_level;
		     reaper = reaper->real_parent) {
			if (!reaper->signal->is_child_subreaper)
				continue;
			thread = find_alive_thread(reaper);
			if (thread)
				return thread;
		}
	}
	return child_reaper;
}

static void reparent_leader(struct task_struct *p, struct list_head *dead)
{
	if (p->exit_state == EXIT_DEAD)
		return;
	/* "we don't want people slaying init" */
	p->exit_signal = SIGCHLD;
	/* a zombie is reported to its new parent, who may reap it at once */
	if (p->exit_state == EXIT_ZOMBIE && thread_group_empty(p) &&
	    do_notify_parent(p, p->exit_signal)) {
		p->exit_state = EXIT_DEAD;
		list_add_tail(&p->work, dead);
	}
}

/*
 * Returns false when father is an init that now waits for its namespace;
 * resumed says that wait is over.
 */
static bool forget_original_parent(struct task_struct *father,
				   struct list_head *dead, bool resumed)
{
	struct task_struct *p, *t, *reaper;
	bool blocked;

	reaper = find_child_reaper(father, dead, resumed, &blocked);
	if (blocked)
		return false;
	if (list_empty(&father->children))
		return true;
	if (!reaper) {
		/*
		 * A namespace whose first process was not pid 1 has no child
		 * reaper: the legacy allocator's retry after a failed first
		 * fork (docs/kernel-rules.md, "The legacy scan"). The kernels
		 * of that era dereference NULL here; the model says so and
		 * parks the orphans on father's parent only to stay sound.
		 */
		machine_oops(father->machine,
			     "forget_original_parent: a namespace without a child reaper "
			     "(its first process was not pid 1); this kernel dereferences NULL here");
		reaper = father->real_parent ? father->real_parent : father->machine->init;
	}

	EXPLAIN_CALL(father->machine, explain_reparent, father,
		     find_new_reaper(father, reaper), reaper);
	reaper = find_new_reaper(father, reaper);
	list_for_each_entry(p, &father->children, sibling) {
		list_for_each_entry(t, &p->signal->thread_head, thread_node)
			t->real_parent = reaper;
		if (!same_thread_group(reaper, father))
			reparent_leader(p, dead);
	}
	list_splice_tail_init(&father->children, &reaper->children);
	return true;
}

static void exit_notify(struct task_struct *tsk, bool resumed)
{
	struct list_head dead = LIST_HEAD_INIT(dead);
	bool autoreap;

	if (!forget_original_parent(tsk, &dead, resumed))
		return;		/* resumed by exit_zap_finish() */

	tsk->exit_state = EXIT_ZOMBIE;
	/* a leader with threads left is reported when the last one goes */
	if (thread_group_leader(tsk))
		autoreap = thread_group_empty(tsk) &&
			   do_notify_parent(tsk, tsk->exit_signal);
	else
		autoreap = true;
	EXPLAIN_CALL(tsk->machine, explain_exit_notify, tsk, autoreap);
	if (autoreap) {
		tsk->exit_state = EXIT_DEAD;
		list_add_tail(&tsk->work, &dead);
	}
	release_dead(&dead);
}

void do_exit(struct task_struct *tsk)
{
	if (tsk->flags & PF_EXITING)
		return;
	tsk->flags |= PF_EXITING;
	EXPLAIN_CALL(tsk->machine, explain_do_exit, tsk);
	/* a group exit that took no shortcut (SIGQUIT): do_group_exit()
	 * kills the other threads now */
	if (fatal_signal_pending(tsk))
		sigkill_other_threads(tsk);
	tsk->signal->live--;
	/* exit_task_namespaces(): /proc/T/ns/pid_for_children is gone now */
	put_pid_ns(tsk->pid_ns_for_children);
	tsk->pid_ns_for_children = NULL;
	exit_notify(tsk, false);
}

/* init's wait in zap_pid_ns_processes() is over: off the zapper list. */
static void exit_zap_resume(struct task_struct *init)
{
	list_del_init(&init->work);
	init->zapping = false;
	EXPLAIN(init->machine, "zap_pid_ns_processes: %s is empty but for %s: %s finishes its exit",
		explain_ns(init->machine->explain, task_active_pid_ns(init)),
		explain_task(init->machine->explain, init),
		explain_task(init->machine->explain, init));
}

void exit_zap_finish(struct task_struct *init)
{
	/* exit_notify() may release init: nothing touches it afterwards */
	exit_zap_resume(init);
	exit_notify(init, true);
}

/* wait_task_zombie() without the status: p is released. */
static void wait_task_zombie(struct task_struct *p)
{
	EXPLAIN_CALL(p->machine, explain_release_cause,
		     "reaped by its namespace's init, which waits in zap_pid_ns_processes");
	p->exit_state = EXIT_DEAD;
	release_task(p);
}

bool reap_zombie_children(struct task_struct *init)
{
	struct task_struct *t, *p, *n;
	bool left = false;

	list_for_each_entry(t, &init->signal->thread_head, thread_node) {
		list_for_each_entry_safe(p, n, &t->children, sibling) {
			if (p->exit_state == EXIT_ZOMBIE && !delay_group_leader(p))
				wait_task_zombie(p);
			else
				left = true;
		}
	}
	return left;
}
