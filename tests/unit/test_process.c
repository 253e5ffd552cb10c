/*
 * test_process.c - the process tree around the pids: who holds a number,
 * threads, reparenting, the death of a namespace init, visibility, kill,
 * wait, sessions and process groups, clone flags, unshare and setns
 * (docs/kernel-rules.md, from "The nesting limit and the namespace count"
 * to "Ids seen across namespaces"). [L]: observed on 6.18.
 */
#include <errno.h>

#include "model/err.h"
#include "tests/unit/harness.h"

static int nr_in(const struct task_struct *t, const struct task_struct *viewer)
{
	return task_pid_nr_ns(t, PIDTYPE_PID, task_active_pid_ns(viewer));
}

static void test_zombie_holds_its_pid(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */

	trace_exit(a);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(a), "zombie");
	CU_ASSERT_TRUE(taken(m->root, 2));
	CU_ASSERT_PTR_NOT_NULL(find_pid_ns(2, m->root));
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 1), 0);
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 3);	/* [L] 5 stayed taken */
	CU_ASSERT_EQUAL(sys_wait4(m->init, 2, NULL), 2);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(a), "reaped");
	CU_ASSERT_FALSE(taken(m->root, 2));
	CU_ASSERT_PTR_NULL(find_pid_ns(2, m->root));
	free_machine(m);
}

static void test_session_keeps_its_leaders_number(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *b;

	CU_ASSERT_EQUAL(sys_setsid(a), 2);
	b = xfork(a);					/* 3 */
	CU_ASSERT_EQUAL(sys_getsid(b), 2);
	CU_ASSERT_EQUAL(sys_getpgrp(b), 2);
	exit_and_reap(a);
	CU_ASSERT_TRUE(taken(m->root, 2));		/* [L] */
	CU_ASSERT_PTR_EQUAL(b->real_parent, m->init);
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 1), 0);
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 4);
	/* the last member leaving frees it */
	CU_ASSERT_EQUAL(sys_setsid(b), 3);
	CHECK(m);
	CU_ASSERT_FALSE(taken(m->root, 2));
	free_machine(m);
}

static void test_process_group_keeps_its_leaders_number(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *b;

	CU_ASSERT_EQUAL(sys_setpgid(a, 0, 0), 0);
	b = xfork(a);					/* 3 */
	CU_ASSERT_EQUAL(sys_getpgrp(b), 2);
	exit_and_reap(a);
	CU_ASSERT_TRUE(taken(m->root, 2));		/* [L] */
	CU_ASSERT_EQUAL(sys_setpgid(b, 0, 0), 0);
	CHECK(m);
	CU_ASSERT_FALSE(taken(m->root, 2));
	CU_ASSERT_EQUAL(sys_getpgrp(b), 3);
	free_machine(m);
}

static void test_a_thread_frees_its_number_and_hands_on_its_children(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *t, *t2, *c;

	CU_ASSERT_EQUAL(clone_task(a, CLONE_THREAD, NULL, 0, &t), 3);
	CU_ASSERT_PTR_EQUAL(t->group_leader, a);
	CU_ASSERT_PTR_EQUAL(t->real_parent, m->init);
	CU_ASSERT_EQUAL(sys_getppid(t), 1);
	/* a non-leader thread's number is freed at once [L] */
	trace_exit(t);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(t), "reaped");
	CU_ASSERT_FALSE(taken(m->root, 3));

	/* a child of a thread: parent is that thread, getppid its group */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_THREAD, NULL, 0, &t2), 4);
	c = xfork(t2);					/* 5 */
	CU_ASSERT_PTR_EQUAL(c->real_parent, t2);
	CU_ASSERT_EQUAL(sys_getppid(c), 2);
	trace_exit(t2);		/* its children go to a live thread: a */
	CHECK(m);
	CU_ASSERT_PTR_EQUAL(c->real_parent, a);

	/* exit of the leader is exit_group */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_THREAD, NULL, 0, &t), 6);
	trace_exit(a);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(t), "reaped");
	CU_ASSERT_STRING_EQUAL(state_of(a), "zombie");
	CU_ASSERT_FALSE(taken(m->root, 6));
	CU_ASSERT_PTR_EQUAL(c->real_parent, m->init);
	/* a thread can't be waited for; its leader can */
	CU_ASSERT_EQUAL(sys_wait4(m->init, 2, NULL), 2);
	free_machine(m);
}

static void test_orphans_go_to_the_namespace_reaper(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *b = xfork(a);		/* 3 */
	struct task_struct *c = xfork(b);		/* 4 */

	trace_exit(b);
	CHECK(m);
	CU_ASSERT_PTR_EQUAL(c->real_parent, m->init);
	CU_ASSERT_EQUAL(sys_getppid(c), 1);		/* [L] */
	CU_ASSERT_STRING_EQUAL(state_of(b), "zombie");
	CU_ASSERT_PTR_EQUAL(b->real_parent, a);
	free_machine(m);
}

static void test_orphans_go_to_a_subreaper(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *b = xfork(a);		/* 3 */
	struct task_struct *c = xfork(b);		/* 4 */
	struct task_struct *n, *x, *y;

	/* set after the tree exists: the flag reaches b and c */
	CU_ASSERT_EQUAL(prctl_set_child_subreaper(a, 1), 0);
	CU_ASSERT_TRUE(c->signal->has_child_subreaper);
	trace_exit(b);
	CHECK(m);
	CU_ASSERT_PTR_EQUAL(c->real_parent, a);
	CU_ASSERT_EQUAL(sys_getppid(c), 2);		/* [L] */

	/* the walk stays in the exiting task's namespace */
	n = xnewpid(a);
	x = xfork(n);
	y = xfork(x);
	trace_exit(x);
	CHECK(m);
	CU_ASSERT_PTR_EQUAL(y->real_parent, n);
	CU_ASSERT_EQUAL(sys_getppid(y), 1);
	free_machine(m);
}

/* docs/kernel-rules.md, "Orphans and subreapers" [L]: the reaper comes
 * from the exiting parent's side */
static void test_injected_child_is_reparented_outside(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *n = xnewpid(a);		/* 3/1 */
	struct task_struct *x = xfork(m->init);		/* 4 */
	struct task_struct *c;

	CU_ASSERT_EQUAL(pidns_install(x, pidns_get(n)), 0);
	c = xfork(x);					/* 5/2 */
	CU_ASSERT_EQUAL(nr_at(c, 1), 2);
	CU_ASSERT_EQUAL(sys_getppid(c), 0);		/* [L] */
	trace_exit(x);
	CHECK(m);
	CU_ASSERT_PTR_EQUAL(c->real_parent, m->init);
	CU_ASSERT_EQUAL(sys_getppid(c), 0);
	free_machine(m);
}

static void test_death_of_a_namespace_init(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *n = xnewpid(a);		/* 3/1 */
	struct task_struct *b = xfork(n);		/* 4/2 */
	struct task_struct *c = xfork(b);		/* 5/3 */
	struct task_struct *x = xfork(m->init);		/* 6 */
	struct task_struct *d;
	struct pid_namespace *ns = task_active_pid_ns(n);

	CU_ASSERT_EQUAL(pidns_install(x, ns), 0);
	d = xfork(x);					/* 7/4 */
	trace_exit(n);
	CHECK(m);
	/* killed; reaped inside, a zombie where the parent is outside */
	CU_ASSERT_STRING_EQUAL(state_of(b), "reaped");
	CU_ASSERT_STRING_EQUAL(state_of(c), "reaped");
	CU_ASSERT_STRING_EQUAL(state_of(d), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(n), "exiting");
	CU_ASSERT_EQUAL(ns->pid_allocated, 2);
	/* no process ever again, whoever forks into it [L] */
	CU_ASSERT_EQUAL(clone_task(x, 0, NULL, 0, NULL), -ENOMEM);
	CU_ASSERT_EQUAL(sys_wait4(a, 3, NULL), 0);	/* init not yet a zombie */
	/* the outside parent reaps; the init finishes and becomes a zombie */
	CU_ASSERT_EQUAL(sys_wait4(x, 7, NULL), 7);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(n), "zombie");
	CU_ASSERT_TRUE(taken(m->root, 3));
	CU_ASSERT_EQUAL(sys_wait4(a, 3, NULL), 3);
	CHECK(m);
	CU_ASSERT_FALSE(taken(m->root, 3));
	CU_ASSERT_FALSE(taken(m->root, 4));
	free_machine(m);
}

static void test_killing_an_init_kills_nested_namespaces(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *i1 = xnewpid(m->init);	/* 2/1 */
	struct task_struct *i2 = xnewpid(i1);		/* 3/2/1 */
	struct task_struct *y = xfork(i2);		/* 4/3/2 */

	/* from inside: ignored */
	CU_ASSERT_EQUAL(sys_kill(i2, 1, SIGKILL), 0);
	CU_ASSERT_EQUAL(sys_kill(y, 1, SIGKILL), 0);
	CU_ASSERT_EQUAL(sys_kill(i1, 2, SIGKILL), 0);		/* i1 kills i2: forced */
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(i2), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(y), "reaped");
	CU_ASSERT_EQUAL(sys_wait4(i1, 2, NULL), 2);
	y = xfork(i1);
	i2 = xnewpid(i1);
	xfork(i2);
	CU_ASSERT_EQUAL(sys_kill(m->init, 2, SIGKILL), 0);	/* [L] L2 dies with L1 */
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(i1), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(i2), "reaped");
	CU_ASSERT_STRING_EQUAL(state_of(y), "reaped");
	CU_ASSERT_EQUAL(sys_kill(m->init, 2, SIGKILL), 0);	/* a zombie: still ok */
	CU_ASSERT_EQUAL(sys_kill(m->init, 99, SIGKILL), -ESRCH);
	free_machine(m);
}

static void test_kill_takes_the_whole_thread_group(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *t;

	CU_ASSERT_EQUAL(clone_task(a, CLONE_THREAD, NULL, 0, &t), 3);
	CU_ASSERT_EQUAL(sys_kill(m->init, 3, SIGKILL), 0);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(a), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(t), "reaped");
	/* the trace root's init ignores SIGKILL from inside, itself included */
	CU_ASSERT_EQUAL(sys_kill(m->init, 1, SIGKILL), 0);
	CU_ASSERT_STRING_EQUAL(state_of(m->init), "running");
	free_machine(m);
}

static void test_any_thread_of_the_parent_reaps_its_own_children_only(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *b = xfork(a);		/* 3 */
	struct task_struct *t;

	CU_ASSERT_EQUAL(sys_wait4(a, 3, NULL), 0);	/* running */
	CU_ASSERT_EQUAL(sys_wait4(m->init, 3, NULL), -ECHILD);	/* not its child */
	CU_ASSERT_EQUAL(sys_wait4(a, 77, NULL), -ECHILD);
	CU_ASSERT_EQUAL(clone_task(b, CLONE_THREAD, NULL, 0, &t), 4);
	CU_ASSERT_EQUAL(sys_wait4(a, 4, NULL), -ECHILD);	/* a thread */
	trace_exit(b);
	/* any thread of the parent's group may reap */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_THREAD, NULL, 0, &t), 5);
	CU_ASSERT_EQUAL(sys_wait4(t, 3, NULL), 3);
	CU_ASSERT_EQUAL(sys_wait4(a, 3, NULL), -ECHILD);
	CHECK(m);
	free_machine(m);
}

static void test_groups_are_joined_only_within_a_session(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *b, *c;

	CU_ASSERT_EQUAL(sys_getsid(m->init), 0);
	CU_ASSERT_EQUAL(sys_getpgrp(m->init), 0);
	CU_ASSERT_EQUAL(sys_getppid(m->init), 0);
	CU_ASSERT_EQUAL(sys_setsid(a), 2);
	CU_ASSERT_EQUAL(sys_setsid(a), -EPERM);	/* already a leader */
	b = xfork(a);					/* 3 */
	c = xfork(a);					/* 4 */
	CU_ASSERT_EQUAL(sys_setpgid(b, 0, 0), 0);
	CU_ASSERT_EQUAL(sys_getpgrp(b), 3);
	CU_ASSERT_EQUAL(sys_setpgid(c, 0, 3), 0);	/* join, same session */
	CU_ASSERT_EQUAL(sys_getpgrp(c), 3);
	CU_ASSERT_EQUAL(sys_setpgid(c, 0, 99), -EPERM);	/* no such group */
	CU_ASSERT_EQUAL(sys_setpgid(c, 0, -1), -EINVAL);
	CU_ASSERT_EQUAL(sys_setpgid(a, 0, 0), -EPERM);	/* session leader */
	CU_ASSERT_EQUAL(sys_setsid(b), -EPERM);	/* group 3 exists */
	CU_ASSERT_EQUAL(sys_setsid(c), 4);
	/* another session's group can't be joined */
	CU_ASSERT_EQUAL(sys_setpgid(m->init, 0, 3), -EPERM);
	CU_ASSERT_EQUAL(sys_setsid(m->init), 1);
	CU_ASSERT_EQUAL(sys_getsid(m->init), 1);
	CHECK(m);
	free_machine(m);
}

static void test_clone_parent_and_thread_refused_where_the_kernel_refuses(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *n = xnewpid(a);		/* 3/1 */
	struct task_struct *c, *t;
	struct pid_namespace *own;

	CU_ASSERT_EQUAL(clone_task(m->init, CLONE_PARENT, NULL, 0, NULL), -EINVAL);	/* [L] */
	CU_ASSERT_EQUAL(clone_task(n, CLONE_PARENT, NULL, 0, NULL), -EINVAL);
	CU_ASSERT_EQUAL(clone_task(n, CLONE_THREAD, NULL, 0, &t), 2);
	CU_ASSERT_EQUAL(clone_task(t, CLONE_PARENT, NULL, 0, NULL), -EINVAL);
	CU_ASSERT_EQUAL(clone_task(a, CLONE_PARENT, NULL, 0, &c), 5);
	CU_ASSERT_PTR_EQUAL(c->real_parent, m->init);
	CU_ASSERT_EQUAL(clone_task(a, CLONE_PARENT | CLONE_NEWPID, NULL, 0, &c), 6);	/* [L] */
	CU_ASSERT_PTR_EQUAL(c->real_parent, m->init);
	CU_ASSERT_EQUAL(clone_task(a, CLONE_THREAD | CLONE_NEWPID, NULL, 0, NULL), -EINVAL);

	own = task_active_pid_ns(a);
	CU_ASSERT_EQUAL(ksys_unshare_newpid(a), 0);
	CU_ASSERT_EQUAL(clone_task(a, CLONE_THREAD, NULL, 0, NULL), -EINVAL);	/* [L] */
	CU_ASSERT_EQUAL(ksys_unshare_newpid(a), -EINVAL);			/* [L] */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_NEWPID, NULL, 0, NULL), -EINVAL);	/* [L] */
	CU_ASSERT_EQUAL(pidns_install(a, own), 0);
	CU_ASSERT_EQUAL(ksys_unshare_newpid(a), 0);				/* [L] */
	CHECK(m);
	free_machine(m);
}

static void test_setns_goes_only_down_the_namespace_tree(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *n1 = xnewpid(a);		/* 3/1 */
	struct task_struct *n2 = xnewpid(a);		/* 4/1 */
	struct task_struct *b;

	CU_ASSERT_EQUAL(pidns_install(n1, pidns_get(m->init)), -EINVAL);	/* ancestor */
	CU_ASSERT_EQUAL(pidns_install(n1, pidns_get(n2)), -EINVAL);	/* sibling */
	CU_ASSERT_EQUAL(pidns_install(n1, pidns_get(n1)), 0);
	CU_ASSERT_EQUAL(pid_nr_ns(task_pid(n1), task_active_pid_ns(n2)), 0);
	CU_ASSERT_EQUAL(nr_in(n1, m->init), 3);
	CU_ASSERT_EQUAL(nr_in(m->init, n1), 0);

	/* pid_for_children: ENOENT until its init exists [L] */
	b = xfork(m->init);				/* 5 */
	CU_ASSERT_EQUAL(ksys_unshare_newpid(b), 0);
	CU_ASSERT_PTR_NULL(pidns_for_children_get(b));
	n1 = xfork(b);					/* 6/1 */
	CU_ASSERT_PTR_EQUAL(pidns_for_children_get(b), task_active_pid_ns(n1));
	trace_exit(n1);
	CHECK(m);
	/* still there after the init died [L]; gone from a dead task */
	CU_ASSERT_PTR_EQUAL(pidns_for_children_get(b), task_active_pid_ns(n1));
	CU_ASSERT_PTR_NULL(pidns_for_children_get(n1));
	CU_ASSERT_PTR_EQUAL(pidns_get(n1), task_active_pid_ns(n1));
	free_machine(m);
}

static void test_namespace_init_sees_nothing_outside(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *n;

	CU_ASSERT_EQUAL(sys_setsid(a), 2);
	n = xnewpid(a);
	/* [L] getppid, getpgrp, getsid all 0 right after fork */
	CU_ASSERT_EQUAL(sys_getppid(n), 0);
	CU_ASSERT_EQUAL(sys_getpgrp(n), 0);
	CU_ASSERT_EQUAL(sys_getsid(n), 0);
	CU_ASSERT_EQUAL(task_pid_nr_ns(n, PIDTYPE_SID, m->root), 2);
	/* [L] setsid in a namespace init: 1, 1, 1 */
	CU_ASSERT_EQUAL(sys_setsid(n), 1);
	CU_ASSERT_EQUAL(sys_getpgrp(n), 1);
	CU_ASSERT_EQUAL(sys_getsid(n), 1);
	CU_ASSERT_EQUAL(task_pid_nr_ns(n, PIDTYPE_SID, m->root), 3);
	CHECK(m);
	free_machine(m);
}

/* The trace root's init dies: everything goes, init stays a zombie. */
static void test_death_of_the_trace_root_init(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);
	struct task_struct *n = xnewpid(a);
	struct task_struct *b = xfork(n);

	trace_exit(m->init);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(m->init), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(a), "reaped");
	CU_ASSERT_STRING_EQUAL(state_of(n), "reaped");
	CU_ASSERT_STRING_EQUAL(state_of(b), "reaped");
	CU_ASSERT_EQUAL(m->root->pid_allocated, 1);
	free_machine(m);
}

/* docs/kernel-rules.md, "A dying init hands over to its threads": a dying
 * init's thread takes over as reaper [live 6.18] */
static void test_dying_init_hands_reaping_to_a_thread(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *n = xnewpid(m->init);	/* 2/1 */
	struct task_struct *a, *hold;
	struct pid_namespace *ns = task_active_pid_ns(n);

	CU_ASSERT_EQUAL(clone_task(n, CLONE_THREAD, NULL, 0, &a), 2);
	CU_ASSERT_EQUAL(pidns_install(m->init, ns), 0);
	hold = xfork(m->init);				/* 4/3 */
	trace_exit(hold);
	trace_exit(n);		/* exit_group: the leader goes first */
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(n), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(a), "exiting");
	CU_ASSERT_PTR_EQUAL(ns->child_reaper, a);
	CU_ASSERT_EQUAL(ns->pid_allocated, 3);	/* leader, thread, hold */
	CU_ASSERT_EQUAL(sys_wait4(m->init, 2, NULL), 0);	/* not yet */
	CU_ASSERT_EQUAL(sys_wait4(m->init, 4, NULL), 4);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(a), "reaped");
	CU_ASSERT_EQUAL(sys_wait4(m->init, 2, NULL), 2);
	CHECK(m);
	free_machine(m);
}

int main(void)
{
	static const struct test_case cases[] = {
		{ "zombie holds its pid", test_zombie_holds_its_pid },
		{ "session keeps its leader's number", test_session_keeps_its_leaders_number },
		{ "process group keeps its leader's number", test_process_group_keeps_its_leaders_number },
		{ "a thread frees its number and hands on its children", test_a_thread_frees_its_number_and_hands_on_its_children },
		{ "orphans go to the namespace reaper", test_orphans_go_to_the_namespace_reaper },
		{ "orphans go to a subreaper", test_orphans_go_to_a_subreaper },
		{ "injected child is reparented outside", test_injected_child_is_reparented_outside },
		{ "death of a namespace init", test_death_of_a_namespace_init },
		{ "killing an init kills nested namespaces", test_killing_an_init_kills_nested_namespaces },
		{ "kill takes the whole thread group", test_kill_takes_the_whole_thread_group },
		{ "any thread of the parent reaps its own children only", test_any_thread_of_the_parent_reaps_its_own_children_only },
		{ "groups are joined only within a session", test_groups_are_joined_only_within_a_session },
		{ "CLONE_PARENT and CLONE_THREAD refused where the kernel refuses", test_clone_parent_and_thread_refused_where_the_kernel_refuses },
		{ "setns goes only down the namespace tree", test_setns_goes_only_down_the_namespace_tree },
		{ "namespace init sees nothing outside", test_namespace_init_sees_nothing_outside },
		{ "death of the trace root init", test_death_of_the_trace_root_init },
		{ "dying init hands reaping to a thread", test_dying_init_hands_reaping_to_a_thread },
		{ NULL, NULL },
	};

	return run_suite("process", cases);
}
