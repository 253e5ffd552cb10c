/*
 * machine.c - building and tearing down one modelled kernel, and the
 * settle loop that stands in for the scheduler: killed tasks exit, zapping
 * inits finish once their namespace is empty.
 */
#include <errno.h>
#include <stdlib.h>

#include "model/err.h"
#include "model/exit.h"
#include "model/fork.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/task.h"
#include "model/pid_limits.h"

/*
 * The task outside the trace that forks init: a container runtime, or
 * pidsim live's controller. Its pids have no number in any namespace of
 * the trace, so init sees ppid, pgid and sid as 0 and its children inherit
 * that process group and session.
 */
static struct task_struct *create_outside(struct machine *m)
{
	struct task_struct *t = alloc_task(m, NULL);
	struct signal_struct *sig;
	int type;

	if (!t)
		return NULL;
	sig = t->signal;
	t->thread_pid = alloc_outside_pid();
	sig->pids[PIDTYPE_PGID] = alloc_outside_pid();
	sig->pids[PIDTYPE_SID] = alloc_outside_pid();
	if (!t->thread_pid || !sig->pids[PIDTYPE_PGID] || !sig->pids[PIDTYPE_SID]) {
		put_pid(t->thread_pid);
		put_pid(sig->pids[PIDTYPE_PGID]);
		put_pid(sig->pids[PIDTYPE_SID]);
		t->thread_pid = NULL;
		sig->pids[PIDTYPE_PGID] = sig->pids[PIDTYPE_SID] = NULL;
		put_task_struct(t);
		return NULL;
	}
	/* alloc_outside_pid()'s reference stays as the "numbers" one, which
	 * nothing ever frees while this task is attached */
	get_pid(t->thread_pid);
	get_pid(sig->pids[PIDTYPE_PGID]);
	get_pid(sig->pids[PIDTYPE_SID]);
	sig->pids[PIDTYPE_TGID] = get_pid(t->thread_pid);
	list_add_tail(&t->thread_node, &sig->thread_head);
	sig->nr_threads = sig->live = 1;
	for (type = 0; type < PIDTYPE_MAX; type++)
		attach_pid(t, (enum pid_type)type);
	t->exit_signal = SIGCHLD;
	return t;
}

struct machine *machine_new(const struct machine_config *cfg, int *err)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };
	struct machine *m;
	struct task_struct *init;

	*err = -ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->profile = cfg->profile ? cfg->profile : kernel_profile_default();
	m->base_level = cfg->base_level;
	m->pid_max = cfg->root_pid_max ? cfg->root_pid_max : PID_MAX_DEFAULT;
	m->pid_max_min = cfg->pid_max_min ? cfg->pid_max_min : RESERVED_PIDS + 1;
	m->nr_cpus = cfg->nr_cpus ? cfg->nr_cpus : 2;
	m->max_threads = cfg->max_threads ? cfg->max_threads : MACHINE_MAX_THREADS_DEFAULT;
	m->max_pid_namespaces = cfg->max_pid_namespaces ? cfg->max_pid_namespaces
							: MACHINE_MAX_PID_NS_DEFAULT;
	INIT_LIST_HEAD(&m->namespaces);
	INIT_LIST_HEAD(&m->tasks);
	INIT_LIST_HEAD(&m->exit_queue);
	INIT_LIST_HEAD(&m->zappers);

	m->root = create_pid_namespace(m, NULL);
	if (IS_ERR(m->root)) {
		*err = (int)PTR_ERR(m->root);
		m->root = NULL;
		goto out_free;
	}
	m->root->pid_max = m->pid_max;

	m->outside = create_outside(m);
	if (!m->outside)
		goto out_free;
	m->outside->pid_ns_for_children = get_pid_ns(m->root);

	init = copy_process(m->outside, &args);
	if (IS_ERR(init)) {
		*err = (int)PTR_ERR(init);
		goto out_free;
	}
	m->init = get_task_struct(init);
	*err = 0;
	return m;

out_free:
	machine_free(m);
	return NULL;
}

/* Unlink t from everything without any of the kernel's exit logic. */
static void teardown_task(struct task_struct *t)
{
	int type;

	for (type = PIDTYPE_MAX - 1; type >= 0; type--)
		if (!ring_unlinked(&t->pid_links[type]))
			detach_pid(t, (enum pid_type)type);
	list_del_init(&t->sibling);
	list_del_init(&t->thread_node);
	list_del_init(&t->work);
	list_del_init(&t->node);
}

void machine_free(struct machine *m)
{
	struct task_struct *t, *n;
	struct list_head gone = LIST_HEAD_INIT(gone);

	if (!m)
		return;
	m->release_hook = NULL;
	/* unlink first, drop later: tasks point at each other */
	list_for_each_entry_safe(t, n, &m->tasks, node) {
		teardown_task(t);
		list_add_tail(&t->node, &gone);
	}
	list_for_each_entry_safe(t, n, &gone, node) {
		list_del_init(&t->node);
		put_task_struct(t);
	}
	if (m->init)
		put_task_struct(m->init);
	if (m->outside) {
		teardown_task(m->outside);
		put_task_struct(m->outside);
	}
	put_pid_ns(m->root);
	free(m);
}

void machine_queue_exit(struct machine *m, struct task_struct *t)
{
	if (!(t->flags & PF_EXITING) && list_empty(&t->work))
		list_add_tail(&t->work, &m->exit_queue);
}

void machine_oops(struct machine *m, const char *why)
{
	if (!m->oops)
		m->oops = why;
}

void machine_settle(struct machine *m)
{
	struct task_struct *t, *n;
	bool progress;

	m->settles++;
	do {
		unsigned long tasks;

		while (!list_empty(&m->exit_queue)) {
			t = list_first_entry(&m->exit_queue, struct task_struct, work);
			list_del_init(&t->work);
			do_exit(t);
		}
		/*
		 * A zapping init that reaps a child may free the last number
		 * another one waits for, even when its own wait goes on: any
		 * release means another look at every waiting init.
		 */
		tasks = m->nr_tasks;
		progress = false;
		list_for_each_entry_safe(t, n, &m->zappers, work) {
			if (zap_pid_ns_done(task_active_pid_ns(t), t)) {
				exit_zap_finish(t);
				progress = true;
				break;	/* the list may have changed */
			}
			if (m->nr_tasks != tasks) {
				progress = true;
				break;
			}
		}
	} while (progress || !list_empty(&m->exit_queue));
}
