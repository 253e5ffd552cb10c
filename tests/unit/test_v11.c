/*
 * test_v11.c - the model's internals behind the version 1.1 statements
 * (docs/kernel-rules.md, "Version 1.1 statements"): do_wait()'s order of
 * children lists, the lone leader's delayed release, SIGCHLD ignored and
 * its inheritance, de_thread()'s exchange of pids, the signal rules of
 * kill_something_info(). [L]: the same rule agrees with Linux 6.18 in a
 * trace under traces/regress/ (named in each test).
 */
#include <errno.h>

#include "tests/unit/harness.h"
#include "model/exec.h"

static struct task_struct *xthread(struct task_struct *p)
{
	struct task_struct *t;

	CU_ASSERT_FATAL(clone_task(p, CLONE_THREAD, NULL, 0, &t) > 0);
	return t;
}

/* [L] wait-any-scans-the-calling-thread-first.trace */
static void test_wait_any_order(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);			/* 2 */
	struct task_struct *t = xthread(a);			/* 3 */
	struct task_struct *c1 = xfork(a), *c2 = xfork(t);	/* 4, 5 */
	static int owner41 = 41, owner42 = 42;	/* what an engine hangs on them */
	void *owner = &owner;

	c1->owner = &owner41;
	c2->owner = &owner42;
	CU_ASSERT_EQUAL(sys_wait4(t, -1, &owner), 0);		/* running */
	CU_ASSERT_PTR_NULL(owner);
	trace_exit(c1);
	trace_exit(c2);
	/* t's own list first, then the leader's */
	CU_ASSERT_EQUAL(sys_wait4(t, -1, &owner), 5);
	CU_ASSERT_PTR_EQUAL(owner, &owner42);
	CU_ASSERT_EQUAL(sys_wait4(t, -1, &owner), 4);
	CU_ASSERT_PTR_EQUAL(owner, &owner41);
	CU_ASSERT_EQUAL(sys_wait4(a, -1, &owner), -ECHILD);
	CU_ASSERT_PTR_NULL(owner);
	CHECK(m);
	free_machine(m);
}

/* [L] wait-any-takes-reparented-children-last.trace */
static void test_wait_any_reparented_last(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);			/* 2 */
	struct task_struct *g = xfork(a);			/* 3 */
	struct task_struct *k = xfork(m->init);			/* 4 */

	trace_exit(g);
	trace_exit(a);		/* g, a zombie, goes to the end of init's list */
	trace_exit(k);
	CU_ASSERT_EQUAL(sys_wait4(m->init, -1, NULL), 2);
	CU_ASSERT_EQUAL(sys_wait4(m->init, -1, NULL), 4);
	CU_ASSERT_EQUAL(sys_wait4(m->init, -1, NULL), 3);
	CHECK(m);
	free_machine(m);
}

/* [L] leader-exiting-alone-keeps-its-pid.trace */
static void test_lone_leader(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);			/* 2 */
	struct task_struct *t = xthread(a);			/* 3 */

	sys_exit(a);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(a), "zombie");
	CU_ASSERT_TRUE(delay_group_leader(a));
	CU_ASSERT_TRUE(taken(m->root, 2));
	CU_ASSERT_EQUAL(sys_wait4(m->init, -1, NULL), 0);	/* not reapable */
	CU_ASSERT_EQUAL(sys_wait4(m->init, 2, NULL), 0);
	sys_exit(t);
	CU_ASSERT_STRING_EQUAL(state_of(t), "reaped");
	CU_ASSERT_FALSE(taken(m->root, 3));
	CU_ASSERT_TRUE(taken(m->root, 2));
	CU_ASSERT_EQUAL(sys_wait4(m->init, -1, NULL), 2);
	CU_ASSERT_FALSE(taken(m->root, 2));
	CHECK(m);
	free_machine(m);
}

/* [L] sigchld-ignored-*.trace, sigchld-ignore-*.trace */
static void test_sigchld_ignored(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);			/* 2 */
	struct task_struct *z = xfork(a);			/* 3 */
	struct task_struct *b, *c, *t;

	trace_exit(z);
	CU_ASSERT_EQUAL(sys_sigaction_sigchld(a, true), 0);
	CU_ASSERT_STRING_EQUAL(state_of(z), "zombie");	/* not reaped by it */
	b = xfork(a);
	CU_ASSERT_TRUE(b->signal->sigchld_ignored);	/* copied at fork */
	trace_exit(b);
	CU_ASSERT_STRING_EQUAL(state_of(b), "reaped");	/* autoreaped */
	t = xthread(a);
	CU_ASSERT_EQUAL(sys_sigaction_sigchld(t, false), 0);	/* the whole group */
	CU_ASSERT_FALSE(a->signal->sigchld_ignored);
	CU_ASSERT_EQUAL(sys_sigaction_sigchld(t, true), 0);
	CU_ASSERT_EQUAL(sys_execve(a), 0);
	CU_ASSERT_TRUE(a->signal->sigchld_ignored);	/* kept by exec */
	c = xfork(a);
	trace_exit(c);
	CU_ASSERT_STRING_EQUAL(state_of(c), "reaped");
	CU_ASSERT_EQUAL(sys_wait4(a, -1, NULL), 3);	/* the old zombie */
	CHECK(m);
	free_machine(m);
}

/* [L] exec-by-a-thread-takes-the-leader-pid.trace */
static void test_de_thread(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);			/* 2 */
	struct task_struct *x = xfork(a);			/* 3 */
	struct task_struct *t = xthread(a);			/* 4 */
	struct task_struct *u = xthread(a);			/* 5 */
	struct pid *leader_pid = task_pid(a);

	CU_ASSERT_TRUE(t->flags & PF_FORKNOEXEC);
	CU_ASSERT_EQUAL(sys_execve(t), 0);
	CHECK(m);
	CU_ASSERT_PTR_EQUAL(task_pid(t), leader_pid);
	CU_ASSERT_PTR_EQUAL(task_tgid(t), leader_pid);
	CU_ASSERT_PTR_EQUAL(t->group_leader, t);
	CU_ASSERT_TRUE(thread_group_empty(t));
	CU_ASSERT_EQUAL(t->exit_signal, SIGCHLD);
	CU_ASSERT_FALSE(t->flags & PF_FORKNOEXEC);
	CU_ASSERT_PTR_EQUAL(pid_task(leader_pid, PIDTYPE_PID), t);
	CU_ASSERT_STRING_EQUAL(state_of(a), "reaped");
	CU_ASSERT_STRING_EQUAL(state_of(u), "reaped");
	CU_ASSERT_FALSE(taken(m->root, 4));		/* t's own tid is freed */
	CU_ASSERT_FALSE(taken(m->root, 5));
	CU_ASSERT_TRUE(taken(m->root, 2));
	CU_ASSERT_PTR_EQUAL(x->real_parent, t);		/* the leader's children */
	CU_ASSERT_PTR_EQUAL(t->real_parent, m->init);
	/* the parent sees the exec: EACCES (forked, never exec'd, until now) */
	CU_ASSERT_EQUAL(sys_setpgid(m->init, 2, 2), -EACCES);
	CU_ASSERT_EQUAL(sys_setpgid(t, 0, 0), 0);
	sys_exit_group(t);
	CU_ASSERT_EQUAL(sys_wait4(m->init, -1, NULL), 2);
	CHECK(m);
	free_machine(m);
}

/* [L] namespace-init-ignores-signals-without-handlers.trace */
static void test_init_signals(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);			/* 2 */
	struct task_struct *n = xnewpid(a);			/* 3/1 */
	struct task_struct *k = xfork(n);			/* 4/2 */

	CU_ASSERT_EQUAL(sys_kill(a, 3, SIGTERM), 0);	/* ignored from above */
	CU_ASSERT_EQUAL(sys_kill(k, 1, SIGKILL), 0);	/* ignored from inside */
	CU_ASSERT_STRING_EQUAL(state_of(n), "running");
	CU_ASSERT_EQUAL(sys_kill(a, 3, 19), -EINVAL);	/* SIGSTOP: not modelled */
	CU_ASSERT_EQUAL(sys_kill(a, 3, SIGKILL), 0);	/* forced from above */
	CU_ASSERT_STRING_EQUAL(state_of(n), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(k), "reaped");
	CHECK(m);
	free_machine(m);
}

/* [L] kill-all-spares-the-caller-and-its-init.trace, kill-a-process-group.trace */
static void test_kill_all_and_groups(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);			/* 2 */
	struct task_struct *t = xthread(a);			/* 3 */
	struct task_struct *b = xfork(m->init);			/* 4 */
	struct task_struct *n = xnewpid(m->init);		/* 5/1 */
	struct task_struct *g, *h;

	CU_ASSERT_EQUAL(sys_kill(t, -1, SIGHUP), 0);
	CU_ASSERT_STRING_EQUAL(state_of(a), "running");	/* own group */
	CU_ASSERT_STRING_EQUAL(state_of(m->init), "running");
	CU_ASSERT_STRING_EQUAL(state_of(b), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(n), "running");	/* an init below */
	CU_ASSERT_EQUAL(sys_kill(n, -1, SIGKILL), -ESRCH);	/* nothing below n */
	g = xfork(a);						/* 6 */
	CU_ASSERT_EQUAL(sys_setpgid(g, 0, 0), 0);
	h = xfork(g);						/* 7: in g's group */
	CU_ASSERT_EQUAL(sys_kill(a, -99, SIGTERM), -ESRCH);
	CU_ASSERT_EQUAL(sys_kill(a, -6, SIGUSR1), 0);
	CU_ASSERT_STRING_EQUAL(state_of(g), "zombie");
	CU_ASSERT_STRING_EQUAL(state_of(h), "zombie");
	CU_ASSERT_EQUAL(sys_kill(a, -6, SIGUSR1), 0);	/* zombies count */
	CHECK(m);
	free_machine(m);
}

int main(void)
{
	static const struct test_case cases[] = {
		{ "wait any: the calling thread's list first", test_wait_any_order },
		{ "wait any: reparented children last", test_wait_any_reparented_last },
		{ "a leader exiting alone", test_lone_leader },
		{ "SIGCHLD ignored", test_sigchld_ignored },
		{ "de_thread", test_de_thread },
		{ "signals to namespace inits", test_init_signals },
		{ "kill(-1) and kill(-pgid)", test_kill_all_and_groups },
		{ NULL, NULL },
	};

	return run_suite("v11", cases);
}
