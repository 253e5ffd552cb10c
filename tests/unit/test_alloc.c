/*
 * test_alloc.c - alloc_pid() and free_pid(): which number each level
 * gets, in which order levels are tried, what failures leave behind
 * (docs/kernel-rules.md, from "The allocation cursor" to "The legacy
 * scan", and "ns_last_pid"). Numbers marked [L] were observed on 6.18.
 */
#include <errno.h>
#include <stdlib.h>

#include "model/err.h"
#include "tests/unit/harness.h"

/* Fill pid_for_children of p with children until fork fails; returns how many. */
static int fill(struct task_struct *p)
{
	int n = 0;

	while (clone_task(p, 0, NULL, 0, NULL) > 0)
		n++;
	return n;
}

static struct task_struct *child_numbered(struct task_struct *parent, int vnr_wanted)
{
	struct task_struct *c;

	list_for_each_entry(c, &parent->children, sibling)
		if (vnr(c) == vnr_wanted)
			return c;
	CU_FAIL_FATAL("no such child");
	return NULL;
}

static void test_fresh_namespace_counts_from_one(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a, *b, *c, *d;

	CU_ASSERT_EQUAL(vnr(m->init), 1);
	CU_ASSERT_EQUAL(ns_last_pid_read(m->init), 1);
	a = xfork(m->init);
	b = xfork(m->init);
	CU_ASSERT_EQUAL(vnr(a), 2);
	CU_ASSERT_EQUAL(vnr(b), 3);
	c = xnewpid(a);
	CU_ASSERT_EQUAL(nr_at(c, 0), 4);
	CU_ASSERT_EQUAL(nr_at(c, 1), 1);
	d = xfork(c);
	CU_ASSERT_EQUAL(nr_at(d, 0), 5);
	CU_ASSERT_EQUAL(nr_at(d, 1), 2);
	CU_ASSERT_EQUAL(ns_last_pid_read(c), 2);
	CU_ASSERT_EQUAL(ns_last_pid_read(m->init), 5);
	/* fork returns the number in the parent's namespace */
	CU_ASSERT_EQUAL(clone_task(c, 0, NULL, 0, NULL), 3);
	CU_ASSERT_EQUAL(clone_task(a, CLONE_NEWPID, NULL, 0, NULL), 7);
	free_machine(m);
}

static void test_freed_number_waits_for_the_wrap(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);	/* 2 */

	xfork(m->init);				/* 3 */
	exit_and_reap(a);
	CU_ASSERT_FALSE(taken(m->root, 2));
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 4);
	/* moving ns_last_pid back reaches it again [L] */
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 1), 0);
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 2);
	free_machine(m);
}

static void test_wrap_goes_to_300_in_every_namespace(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *c;

	/* writing pid_max itself is legal; the next fork wraps [L] */
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 32768), 0);
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 300);
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 301);
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 32767), 0);
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 302);

	c = xnewpid(m->init);
	CU_ASSERT_EQUAL(pid_max_read(c), PID_MAX_LIMIT);
	CU_ASSERT_EQUAL(ns_last_pid_write(c, PID_MAX_LIMIT), 0);	/* [L] 4194304 -> 300 */
	CU_ASSERT_EQUAL(vnr(xfork(c)), 300);
	free_machine(m);
}

/* docs/kernel-rules.md, "The allocation cursor", the worked case [L]:
 * pid_max 310, 1..309 used, 5 and 305 freed */
static void test_cursor_at_or_below_300_wraps_to_1(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *c = xnewpid(m->init);

	CU_ASSERT_EQUAL(pid_max_write(c, 310), 0);
	CU_ASSERT_EQUAL(fill(c), 308);
	CU_ASSERT_EQUAL(ns_last_pid_read(c), 309);
	exit_and_reap(child_numbered(c, 5));
	exit_and_reap(child_numbered(c, 305));

	CU_ASSERT_EQUAL(clone_task(c, 0, NULL, 0, NULL), 305);
	CU_ASSERT_EQUAL(clone_task(c, 0, NULL, 0, NULL), -EAGAIN);	/* 5 is free */
	CU_ASSERT_EQUAL(ns_last_pid_write(c, 300), 0);
	CU_ASSERT_EQUAL(clone_task(c, 0, NULL, 0, NULL), -EAGAIN);
	CU_ASSERT_EQUAL(ns_last_pid_write(c, 299), 0);
	CU_ASSERT_EQUAL(clone_task(c, 0, NULL, 0, NULL), 5);
	exit_and_reap(child_numbered(c, 5));
	CU_ASSERT_EQUAL(ns_last_pid_write(c, 200), 0);
	CU_ASSERT_EQUAL(clone_task(c, 0, NULL, 0, NULL), 5);
	free_machine(m);
}

static void test_lowering_pid_max_below_the_cursor(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *c = xnewpid(m->init);
	struct task_struct *d;

	CU_ASSERT_EQUAL(ns_last_pid_write(c, 1000), 0);
	d = xfork(c);
	CU_ASSERT_EQUAL(vnr(d), 1001);
	/* no check against numbers in use [L] */
	CU_ASSERT_EQUAL(pid_max_write(c, 500), 0);
	CU_ASSERT_EQUAL(vnr(xfork(c)), 300);
	CU_ASSERT_EQUAL(vnr(d), 1001);
	/* bounds: [pid_max_min, PID_MAX_LIMIT] [L] */
	CU_ASSERT_EQUAL(pid_max_write(c, 300), -EINVAL);
	CU_ASSERT_EQUAL(pid_max_write(c, 301), 0);
	CU_ASSERT_EQUAL(pid_max_write(c, PID_MAX_LIMIT + 1), -EINVAL);
	CU_ASSERT_EQUAL(pid_max_write(c, PID_MAX_LIMIT), 0);
	free_machine(m);
}

static void test_child_numbers_may_exceed_the_host_pid_max(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *c = xnewpid(m->init);

	CU_ASSERT_EQUAL(ns_last_pid_write(c, 100000), 0);
	CU_ASSERT_EQUAL(vnr(xfork(c)), 100001);		/* [L] */
	CU_ASSERT_EQUAL(pid_max_read(m->init), 32768);
	/* ns_last_pid is bounded by the writer's own namespace's pid_max */
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 100000), -EINVAL);
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, -1), -EINVAL);
	free_machine(m);
}

/*
 * An ancestor full: the deeper level has already reserved (and moved its
 * cursor) when the ancestor fails, and the reservation is dropped [L].
 */
static void test_failed_forks_advance_deeper_cursors(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *i1 = xnewpid(m->init);
	struct task_struct *i2 = xnewpid(i1);		/* L1 2, L2 1 */
	struct pid_namespace *l2 = task_active_pid_ns(i2);

	xfork(i2);					/* L1 3, L2 2 */
	CU_ASSERT_EQUAL(pid_max_write(i1, 310), 0);
	CU_ASSERT_EQUAL(fill(i1), 306);			/* L1 4..309 */
	CU_ASSERT_EQUAL(ns_last_pid_read(i2), 2);
	CU_ASSERT_EQUAL(clone_task(i2, 0, NULL, 0, NULL), -EAGAIN);
	CU_ASSERT_EQUAL(ns_last_pid_read(i2), 3);
	CU_ASSERT_EQUAL(clone_task(i2, 0, NULL, 0, NULL), -EAGAIN);
	CU_ASSERT_EQUAL(ns_last_pid_read(i2), 4);
	CU_ASSERT_FALSE(taken(l2, 3));
	CU_ASSERT_FALSE(taken(l2, 4));
	CU_ASSERT_PTR_NULL(find_pid_ns(4, l2));
	CU_ASSERT_EQUAL(ns_last_pid_read(i1), 309);
	free_machine(m);
}

/* A namespace whose first fork failed early gets 1 next time [L]. */
static void test_failed_first_fork_resets_the_cursor(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *i1 = xnewpid(m->init);
	struct task_struct *y, *z;
	struct pid_namespace *n;

	CU_ASSERT_EQUAL(pid_max_write(i1, 310), 0);
	CU_ASSERT_EQUAL(fill(i1), 308);
	y = child_numbered(i1, 2);
	CU_ASSERT_EQUAL(ksys_unshare_newpid(y), 0);
	n = y->pid_ns_for_children;
	CU_ASSERT_EQUAL(clone_task(y, 0, NULL, 0, NULL), -EAGAIN);
	CU_ASSERT_EQUAL(n->cursor, 0);
	CU_ASSERT_EQUAL(n->pid_allocated, PIDNS_ADDING);
	z = child_numbered(i1, 305);
	exit_and_reap(z);
	/* fork returns the number in y's namespace, L1 */
	CU_ASSERT_EQUAL(clone_task(y, 0, NULL, 0, &z), 305);
	CU_ASSERT_EQUAL(nr_at(z, 1), 305);
	CU_ASSERT_EQUAL(nr_at(z, 2), 1);
	CU_ASSERT_PTR_EQUAL(n->child_reaper, z);
	free_machine(m);
}

/* A dead namespace refuses with ENOMEM after every level reserved [L]. */
static void test_dead_namespace_enomem_still_moves_cursors(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *i1 = xnewpid(m->init);	/* root 2, L1 1 */
	struct task_struct *a = xfork(i1);		/* root 3, L1 2 */
	struct task_struct *b;
	int tid5[] = { 5 };

	CU_ASSERT_EQUAL(ksys_unshare_newpid(a), 0);
	b = xfork(a);					/* root 4, L1 3, L2 1 */
	CU_ASSERT_EQUAL(nr_at(b, 2), 1);
	trace_exit(b);
	CU_ASSERT_STRING_EQUAL(state_of(b), "zombie");
	CU_ASSERT_EQUAL(ns_last_pid_read(a), 3);
	CU_ASSERT_EQUAL(clone_task(a, 0, NULL, 0, NULL), -ENOMEM);
	CU_ASSERT_EQUAL(ns_last_pid_read(a), 4);
	CU_ASSERT_EQUAL(ns_last_pid_read(m->init), 5);
	/* the init pointer survives its death: set_tid 5 passes, then ENOMEM */
	CU_ASSERT_EQUAL(clone_task(a, 0, tid5, 1, NULL), -ENOMEM);
	CU_ASSERT_EQUAL(ns_last_pid_read(a), 5);
	CU_ASSERT_EQUAL(ns_last_pid_read(m->init), 6);
	free_machine(m);
}

/* A first process that fails after alloc_pid disables its namespace [L]. */
static void test_late_failure_of_first_process_kills_namespace(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);
	struct kernel_clone_args args = { .exit_signal = SIGCHLD, .fail_late = -EFAULT };
	struct pid_namespace *n;

	CU_ASSERT_EQUAL(ksys_unshare_newpid(a), 0);
	n = a->pid_ns_for_children;
	CU_ASSERT_EQUAL(kernel_clone(a, &args, NULL), -EFAULT);
	CHECK(m);
	CU_ASSERT_EQUAL(n->pid_allocated, 0);
	CU_ASSERT_EQUAL(clone_task(a, 0, NULL, 0, NULL), -ENOMEM);
	/* a late failure of a later process changes nothing */
	args.fail_late = -EINTR;
	CU_ASSERT_EQUAL(kernel_clone(m->init, &args, NULL), -EINTR);
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 6);
	free_machine(m);
}

/*
 * 7.0 (docs/kernel-rules.md, "After 6.18: the 7.0 profile"; from the
 * source, not run here): the same late failure leaves the namespace
 * usable, and the retry is its pid 1.
 */
static void test_in_7_0_a_late_first_failure_leaves_the_namespace_usable(void)
{
	struct machine *m = mk_machine("7.0", 0);
	struct task_struct *a = xfork(m->init), *c;
	struct kernel_clone_args args = { .exit_signal = SIGCHLD, .fail_late = -EFAULT };

	CU_ASSERT_EQUAL(ksys_unshare_newpid(a), 0);
	CU_ASSERT_EQUAL(kernel_clone(a, &args, NULL), -EFAULT);
	CHECK(m);
	CU_ASSERT_EQUAL(a->pid_ns_for_children->pid_allocated, PIDNS_ADDING);
	CU_ASSERT_EQUAL(clone_task(a, 0, NULL, 0, &c), 4);	/* 3 went with the failure */
	CU_ASSERT_EQUAL(vnr(c), 1);
	CHECK(m);
	free_machine(m);
}

static void test_set_tid_takes_the_number_asked_and_leaves_the_cursor(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a, *c;
	int t50[] = { 50 }, t0[] = { 0 }, tneg[] = { -1 }, tmax[] = { 32768 };
	int tlast[] = { 32767 }, two[] = { 50, 51 }, init77[] = { 1, 77 };
	int init78[] = { 2, 78 }, t1[] = { 1 }, t60[] = { 60 };
	int many[33] = { 0 };

	CU_ASSERT_EQUAL(clone_task(m->init, 0, t50, 1, &a), 50);
	CU_ASSERT_EQUAL(ns_last_pid_read(m->init), 1);	/* cursor untouched [L] */
	CU_ASSERT_EQUAL(clone_task(m->init, 0, t50, 1, NULL), -EEXIST);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, t0, 1, NULL), -EINVAL);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, tneg, 1, NULL), -EINVAL);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, tmax, 1, NULL), -EINVAL);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, tlast, 1, NULL), 32767);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, two, 2, NULL), -EINVAL);	/* level 0 */
	CU_ASSERT_EQUAL(clone_task(m->init, 0, many, 33, NULL), -EINVAL);	/* clone3 cap */
	CU_ASSERT_EQUAL(vnr(xfork(m->init)), 2);

	/* [1, X]: the new init's parent-level number chosen exactly [L] */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_NEWPID, init77, 2, &c), 77);
	CU_ASSERT_EQUAL(vnr(c), 1);
	CU_ASSERT_EQUAL(ns_last_pid_read(m->init), 2);
	CU_ASSERT_EQUAL(clone_task(a, CLONE_NEWPID, init78, 2, NULL), -EINVAL);	/* [L] */
	CU_ASSERT_FALSE(taken(m->root, 78));

	/* an init placed with set_tid keeps cursor 0: -1, then 2 [L] */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_NEWPID, t1, 1, &c), 3);
	CU_ASSERT_EQUAL(ns_last_pid_read(c), -1);
	CU_ASSERT_EQUAL(vnr(xfork(c)), 2);

	/* threads may choose their number too */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_THREAD, t60, 1, &c), 60);
	CU_ASSERT_PTR_EQUAL(c->group_leader, a);
	free_machine(m);
}

static void test_set_tid_is_refused_before_5_5(void)
{
	struct machine *m = mk_machine("4.14", 0);
	int t50[] = { 50 };

	CU_ASSERT_EQUAL(clone_task(m->init, 0, t50, 1, NULL), -ENOSYS);
	free_machine(m);
	m = mk_machine("5.4", 0);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, t50, 1, NULL), -E2BIG);
	free_machine(m);
}

/* Root full but for one number; returns init. */
static struct task_struct *full_root(struct machine *m, int keep_free)
{
	CU_ASSERT_EQUAL(pid_max_write(m->init, 310), 0);
	CU_ASSERT_EQUAL(fill(m->init), 308);
	if (keep_free)
		exit_and_reap(child_numbered(m->init, keep_free));
	return m->init;
}

/* docs/kernel-rules.md, "The legacy scan", first difference: ns_last_pid
 * <= 299 in a full map */
static void test_only_the_idr_wraps_below_300_from_299(void)
{
	struct machine *idr = mk_machine("6.18", 0), *legacy = mk_machine("4.14", 0);

	/* both machines share the harness's held list: use one at a time */
	full_root(idr, 5);
	CU_ASSERT_EQUAL(ns_last_pid_write(idr->init, 299), 0);
	CU_ASSERT_EQUAL(clone_task(idr->init, 0, NULL, 0, NULL), 5);	/* [L] */
	free_machine(idr);

	full_root(legacy, 5);
	CU_ASSERT_EQUAL(ns_last_pid_write(legacy->init, 299), 0);
	CU_ASSERT_EQUAL(clone_task(legacy->init, 0, NULL, 0, NULL), -EAGAIN);
	free_machine(legacy);
}

/* D2: last_pid 300 exactly, [301, pid_max) full, 300 free */
static void test_only_the_legacy_scan_skips_300_from_300(void)
{
	struct machine *m = mk_machine("6.18", 0);

	full_root(m, 300);
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 300), 0);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, NULL, 0, NULL), 300);	/* [L] */
	free_machine(m);

	m = mk_machine("4.14", 0);
	full_root(m, 300);
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 300), 0);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, NULL, 0, NULL), -EAGAIN);
	/* but from 299 the legacy scan does try 300 */
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 299), 0);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, NULL, 0, NULL), 300);
	free_machine(m);
}

/* A new namespace's first fork fails at an ancestor; on the retry the
 * IDR gives pid 1 (the failure put its cursor back), the legacy scan 2. */
static void d3(const char *profile, int expect_first)
{
	struct machine *m = mk_machine(profile, 0);
	struct task_struct *y, *z;

	full_root(m, 0);
	y = child_numbered(m->init, 2);
	CU_ASSERT_EQUAL(ksys_unshare_newpid(y), 0);
	CU_ASSERT_EQUAL(clone_task(y, 0, NULL, 0, NULL), -EAGAIN);
	exit_and_reap(child_numbered(m->init, 305));
	CU_ASSERT_EQUAL(clone_task(y, 0, NULL, 0, &z), 305);
	CU_ASSERT_EQUAL(nr_at(z, 1), expect_first);
	CU_ASSERT_EQUAL(y->pid_ns_for_children->has_child_reaper, expect_first == 1);
	free_machine(m);
}

static void test_after_a_failed_first_fork_the_idr_still_gives_1(void)
{
	d3("6.18", 1);
	d3("4.14", 2);
}

static void test_exhaustion_errno_by_era(void)
{
	struct machine *m = mk_machine("6.18", 0);

	full_root(m, 0);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, NULL, 0, NULL), -EAGAIN);
	free_machine(m);
	m = mk_machine("4.0", 0);
	full_root(m, 0);
	CU_ASSERT_EQUAL(clone_task(m->init, 0, NULL, 0, NULL), -ENOMEM);
	free_machine(m);
}

static void nesting(const char *profile, unsigned int base, int levels, int err)
{
	struct machine *m = mk_machine(profile, base);
	struct task_struct *t = m->init;
	int i;

	for (i = 0; i < levels; i++)
		t = xnewpid(t);
	CU_ASSERT_EQUAL(task_pid(t)->level, (unsigned int)levels);
	CU_ASSERT_EQUAL(clone_task(t, CLONE_NEWPID, NULL, 0, NULL), -err);
	CU_ASSERT_EQUAL(ksys_unshare_newpid(t), -err);
	CU_ASSERT_EQUAL(task_active_pid_ns(t)->level, (unsigned int)levels);
	free_machine(m);
}

static void test_level_32_is_the_deepest_namespace(void)
{
	nesting("6.18", 0, 32, ENOSPC);		/* [L] level 32 gets ENOSPC */
	nesting("6.18", 1, 31, ENOSPC);
	nesting("6.18", 5, 27, ENOSPC);
	nesting("4.0", 0, 32, EINVAL);
}

static void test_pid_max_per_namespace_or_global(void)
{
	struct machine *m = mk_machine("6.18", 0);
	struct task_struct *c = xnewpid(m->init);

	CU_ASSERT_EQUAL(pid_max_read(c), 4194304);	/* [L] */
	CU_ASSERT_EQUAL(pid_max_write(c, 500), 0);
	CU_ASSERT_EQUAL(pid_max_read(m->init), 32768);
	CU_ASSERT_EQUAL(pid_max_write(m->init, 310), 0);
	CU_ASSERT_EQUAL(pid_max_read(c), 500);
	free_machine(m);

	m = mk_machine("6.12", 0);
	c = xnewpid(m->init);
	CU_ASSERT_EQUAL(pid_max_read(c), 32768);
	CU_ASSERT_EQUAL(pid_max_write(c, 500), 0);
	CU_ASSERT_EQUAL(pid_max_read(m->init), 500);
	CU_ASSERT_EQUAL(ns_last_pid_write(m->init, 501), -EINVAL);
	free_machine(m);
}

/* Each level's own pid_max bounds its numbers [L: L1 310 stops L2] */
static void test_every_ancestor_bounds_a_deep_fork(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *i1 = xnewpid(m->init);
	struct task_struct *i2 = xnewpid(i1);
	int n;

	CU_ASSERT_EQUAL(pid_max_write(i1, 310), 0);
	n = fill(i2);
	CU_ASSERT_EQUAL(n, 307);	/* L1 3..309 */
	CU_ASSERT_EQUAL(pid_max_read(i2), 4194304);
	free_machine(m);
}

/* docs/kernel-rules.md, "Fork checks and their order" (threads-max) and
 * "The nesting limit and the namespace count": the two counts that bound
 * a run */
static void test_threads_max_and_max_pid_namespaces(void)
{
	struct machine_config cfg = { .max_threads = 4, .max_pid_namespaces = 3 };
	struct machine *m;
	struct task_struct *a;
	int err;

	m = machine_new(&cfg, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	a = xnewpid(m->init);				/* namespaces: 2 */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_NEWPID, NULL, 0, NULL), 2);	/* 3 */
	CU_ASSERT_EQUAL(clone_task(a, CLONE_NEWPID, NULL, 0, NULL), -ENOSPC);
	CU_ASSERT_EQUAL(ksys_unshare_newpid(a), -ENOSPC);
	/* tasks: init, a, the second init: one more, then EAGAIN */
	CU_ASSERT_EQUAL(clone_task(a, 0, NULL, 0, NULL), 3);
	CU_ASSERT_EQUAL(clone_task(a, 0, NULL, 0, NULL), -EAGAIN);
	/* EAGAIN comes before any number is taken */
	CU_ASSERT_EQUAL(ns_last_pid_read(a), 3);
	free_machine(m);
}

/*
 * The lookup table behind find_pid_ns() (model/pid.c): its shape is not
 * observable by a trace, but it decides what a lookup costs, so these
 * tests pin it with the numbers its rules give. Pids here are allocated
 * without tasks (alloc_pid/free_pid alone); the machine is checked once
 * they are gone.
 */
static struct machine *mk_big_machine(int pid_max)
{
	struct machine_config cfg = { .root_pid_max = pid_max,
				      .max_threads = 1UL << 22 };
	struct machine *m;
	int err;

	m = machine_new(&cfg, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

static struct pid_hash_shape shape_of(const struct pid_namespace *ns)
{
	struct pid_hash_shape sh;

	pid_hash_shape(ns, &sh);
	return sh;
}

/* Numbers 1..1001 (init and 1000 more) in 1024 buckets: one entry each. */
static void test_dense_numbers_get_a_bucket_each(void)
{
	struct machine *m = mk_big_machine(32768);
	struct pid *p[1000];
	struct pid_hash_shape sh;
	int i;

	for (i = 0; i < 1000; i++) {
		p[i] = alloc_pid(m->root, NULL, 0);
		CU_ASSERT_FATAL(!IS_ERR(p[i]));
	}
	sh = shape_of(m->root);
	CU_ASSERT_EQUAL(sh.items, 1001);
	/* the smallest power of two that holds 1..1001 without a collision */
	CU_ASSERT_EQUAL(sh.buckets, 1024);
	CU_ASSERT_EQUAL(sh.sum_sq, 1001.0);	/* every bucket holds 0 or 1 */
	for (i = 0; i < 1000; i++)
		CU_ASSERT_PTR_EQUAL(find_pid_ns(i + 2, m->root), p[i]);
	CU_ASSERT_PTR_NULL(find_pid_ns(1002, m->root));
	CU_ASSERT_PTR_NULL(find_pid_ns(1025, m->root));	/* 1's bucket */
	for (i = 0; i < 1000; i++)
		free_pid(p[i]);
	CHECK(m);
	free_machine(m);
}

/*
 * A window of 400 pids sliding twice through pid_max 2^20 beside init's
 * 1: every number 1 + k * buckets collides with init, which at the
 * threshold of 2 would double the table each time up to 2^20 buckets.
 * The cap stops growth once the table has 8 buckets per entry: with 401
 * entries that is the first power of two at or above 8 * 401, 4096.
 */
static void test_growth_stops_at_eight_buckets_per_pid(void)
{
	enum { WINDOW = 400, PID_MAX = 1 << 20 };
	struct machine *m = mk_big_machine(PID_MAX);
	static struct pid *win[WINDOW];
	unsigned long i, cycles = 2UL * PID_MAX;
	struct pid_hash_shape sh;
	unsigned long max_buckets = 0;
	int nr;

	for (i = 0; i < WINDOW; i++)
		win[i] = alloc_pid(m->root, NULL, 0);
	for (i = 0; i < cycles; i++) {
		struct pid *p;

		free_pid(win[i % WINDOW]);
		p = alloc_pid(m->root, NULL, 0);
		CU_ASSERT_FATAL(!IS_ERR(p));
		win[i % WINDOW] = p;
		if (i % 4096 == 0) {
			sh = shape_of(m->root);
			if (sh.buckets > max_buckets)
				max_buckets = sh.buckets;
		}
	}
	sh = shape_of(m->root);
	CU_ASSERT_EQUAL(sh.items, WINDOW + 1);
	CU_ASSERT_EQUAL(sh.buckets, 4096);
	CU_ASSERT_EQUAL(max_buckets, 4096);
	/* after 2 M cycles every live number is found, its neighbours not */
	for (i = 0; i < WINDOW; i++) {
		nr = pid_nr_ns(win[i], m->root);
		CU_ASSERT_PTR_EQUAL(find_pid_ns(nr, m->root), win[i]);
	}
	nr = pid_nr_ns(win[(cycles - 1) % WINDOW], m->root);	/* the newest */
	CU_ASSERT_PTR_NULL(find_pid_ns(nr + 1, m->root));
	CU_ASSERT_PTR_NULL(find_pid_ns(nr - WINDOW, m->root));
	CU_ASSERT_PTR_NOT_NULL(find_pid_ns(1, m->root));
	for (i = 0; i < WINDOW; i++)
		free_pid(win[i]);
	CHECK(m);
	free_machine(m);
}

/*
 * 100000 pids fill 131072 buckets; freeing them in order shrinks the table
 * whenever it has more than 32 buckets per entry, to the first power of two
 * at or above 8 per entry: 32768 at 4095 entries, 8192 at 1023, 2048 at
 * 255, 512 at 63, 128 at 15. With init and 10 others left it has 128;
 * with init alone, uthash's minimum of 32.
 */
static void test_table_shrinks_as_pids_exit(void)
{
	enum { N = 100000, KEEP = 10 };
	struct machine *m = mk_big_machine(1 << 20);
	struct pid **p = calloc(N, sizeof(*p));
	struct pid_hash_shape sh;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < N; i++)
		p[i] = alloc_pid(m->root, NULL, 0);
	sh = shape_of(m->root);
	CU_ASSERT_EQUAL(sh.buckets, 131072);
	for (i = 0; i < N + 1 - 4096; i++)	/* down to 4096 entries */
		free_pid(p[i]);
	sh = shape_of(m->root);
	CU_ASSERT_EQUAL(sh.items, 4096);
	CU_ASSERT_EQUAL(sh.buckets, 131072);	/* 131072 / 32 = 4096: not yet */
	free_pid(p[i++]);
	sh = shape_of(m->root);
	CU_ASSERT_EQUAL(sh.items, 4095);
	CU_ASSERT_EQUAL(sh.buckets, 32768);
	for (; i < N - KEEP; i++)
		free_pid(p[i]);
	sh = shape_of(m->root);
	CU_ASSERT_EQUAL(sh.items, KEEP + 1);
	CU_ASSERT_EQUAL(sh.buckets, 128);
	CU_ASSERT_EQUAL(sh.sum_sq, KEEP + 1.0);
	for (; i < N; i++) {
		CU_ASSERT_PTR_EQUAL(find_pid_ns(i + 2, m->root), p[i]);
		free_pid(p[i]);
	}
	sh = shape_of(m->root);
	CU_ASSERT_EQUAL(sh.items, 1);
	CU_ASSERT_EQUAL(sh.buckets, 32);
	/* the cursor goes on where it was: the next is N + 2 */
	p[0] = alloc_pid(m->root, NULL, 0);
	CU_ASSERT_EQUAL(pid_nr_ns(p[0], m->root), N + 2);
	CU_ASSERT_PTR_EQUAL(find_pid_ns(N + 2, m->root), p[0]);
	free_pid(p[0]);
	CHECK(m);
	free(p);
	free_machine(m);
}

/* Each namespace's table holds its own numbers and answers for them only. */
static void test_each_namespace_has_its_own_table(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);		/* 2 */
	struct task_struct *c = xnewpid(a);		/* 3, 1 in the child */
	struct task_struct *d = xfork(c);		/* 4, 2 */
	struct pid_namespace *child = task_active_pid_ns(c);

	CU_ASSERT_EQUAL(shape_of(m->root).items, 4);
	CU_ASSERT_EQUAL(shape_of(child).items, 2);
	CU_ASSERT_PTR_EQUAL(find_pid_ns(1, child), task_pid(c));
	CU_ASSERT_PTR_EQUAL(find_pid_ns(1, m->root), task_pid(m->init));
	CU_ASSERT_PTR_EQUAL(find_pid_ns(2, child), task_pid(d));
	CU_ASSERT_PTR_EQUAL(find_pid_ns(4, m->root), task_pid(d));
	CU_ASSERT_PTR_NULL(find_pid_ns(3, child));
	CU_ASSERT_PTR_NULL(find_pid_ns(4, child));
	free_machine(m);
}

int main(void)
{
	static const struct test_case cases[] = {
		{ "fresh namespace counts from one", test_fresh_namespace_counts_from_one },
		{ "freed number waits for the wrap", test_freed_number_waits_for_the_wrap },
		{ "wrap goes to 300 in every namespace", test_wrap_goes_to_300_in_every_namespace },
		{ "cursor at or below 300 wraps to 1", test_cursor_at_or_below_300_wraps_to_1 },
		{ "lowering pid_max below the cursor", test_lowering_pid_max_below_the_cursor },
		{ "child numbers may exceed the host pid_max", test_child_numbers_may_exceed_the_host_pid_max },
		{ "failed forks advance deeper cursors", test_failed_forks_advance_deeper_cursors },
		{ "failed first fork resets the cursor", test_failed_first_fork_resets_the_cursor },
		{ "dead namespace ENOMEM still moves cursors", test_dead_namespace_enomem_still_moves_cursors },
		{ "late failure of first process kills namespace", test_late_failure_of_first_process_kills_namespace },
		{ "in 7.0 a late first failure leaves the namespace usable", test_in_7_0_a_late_first_failure_leaves_the_namespace_usable },
		{ "set_tid takes the number asked and leaves the cursor", test_set_tid_takes_the_number_asked_and_leaves_the_cursor },
		{ "set_tid is refused before 5.5", test_set_tid_is_refused_before_5_5 },
		{ "only the IDR wraps below 300 from 299", test_only_the_idr_wraps_below_300_from_299 },
		{ "only the legacy scan skips 300 from 300", test_only_the_legacy_scan_skips_300_from_300 },
		{ "after a failed first fork the IDR still gives 1", test_after_a_failed_first_fork_the_idr_still_gives_1 },
		{ "exhaustion errno by era", test_exhaustion_errno_by_era },
		{ "level 32 is the deepest namespace", test_level_32_is_the_deepest_namespace },
		{ "pid_max per namespace or global", test_pid_max_per_namespace_or_global },
		{ "every ancestor bounds a deep fork", test_every_ancestor_bounds_a_deep_fork },
		{ "threads-max and max_pid_namespaces", test_threads_max_and_max_pid_namespaces },
		{ "dense numbers get a bucket each", test_dense_numbers_get_a_bucket_each },
		{ "growth stops at eight buckets per pid", test_growth_stops_at_eight_buckets_per_pid },
		{ "table shrinks as pids exit", test_table_shrinks_as_pids_exit },
		{ "each namespace has its own table", test_each_namespace_has_its_own_table },
		{ NULL, NULL },
	};

	return run_suite("alloc", cases);
}
