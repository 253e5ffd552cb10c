/*
 * harness.c - helpers shared by the model's CUnit suites.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/check.h"
#include "model/err.h"
#include "tests/unit/harness.h"
#include "model/profile.h"

static struct task_struct **held;
static size_t nheld, held_cap;

static void hold(struct task_struct *t)
{
	if (nheld == held_cap) {
		size_t cap = held_cap ? 2 * held_cap : 256;
		struct task_struct **n = realloc(held, cap * sizeof(*n));

		CU_ASSERT_PTR_NOT_NULL_FATAL(n);
		held = n;
		held_cap = cap;
	}
	held[nheld++] = get_task_struct(t);
}

void free_machine(struct machine *m)
{
	while (nheld)
		put_task_struct(held[--nheld]);
	free(held);
	held = NULL;
	held_cap = 0;
	machine_free(m);
}

struct machine *mk_machine(const char *profile, unsigned int base)
{
	struct machine_config cfg = {
		.profile = kernel_profile_find(profile),
		.base_level = base,
	};
	struct machine *m;
	int err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg.profile);
	m = machine_new(&cfg, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CHECK(m);
	return m;
}

void check_machine(struct machine *m, const char *file, int line)
{
	char msg[256];
	int ret = machine_check(m, msg, sizeof(msg));

	if (ret) {
		char where[512];

		snprintf(where, sizeof(where), "%s:%d: invariant: %s", file, line, msg);
		CU_assertImplementation(CU_FALSE, (unsigned int)line, where, file, "", CU_FALSE);
	}
}

int clone_task(struct task_struct *parent, unsigned long flags,
	       const int *set_tid, size_t n, struct task_struct **child)
{
	struct kernel_clone_args args = {
		.flags = flags,
		.exit_signal = (flags & (CLONE_THREAD | CLONE_PARENT)) ? 0 : SIGCHLD,
		.set_tid = set_tid,
		.set_tid_size = n,
		.clone3 = set_tid != NULL,
	};
	struct task_struct *c;
	int ret;

	if (flags & CLONE_THREAD)
		args.flags |= CLONE_SIGHAND | CLONE_VM;
	ret = kernel_clone(parent, &args, &c);
	if (c)
		hold(c);
	if (child)
		*child = c;
	CHECK(parent->machine);
	return ret;
}

struct task_struct *xfork(struct task_struct *parent)
{
	struct task_struct *c;
	int ret = clone_task(parent, 0, NULL, 0, &c);

	CU_ASSERT_FATAL(ret > 0);
	return c;
}

struct task_struct *xnewpid(struct task_struct *parent)
{
	struct task_struct *c;
	int ret = clone_task(parent, CLONE_NEWPID, NULL, 0, &c);

	CU_ASSERT_FATAL(ret > 0);
	CU_ASSERT_EQUAL(vnr(c), 1);
	return c;
}

int nr_at(const struct task_struct *t, unsigned int level)
{
	const struct pid *pid = task_pid(t);

	return level <= pid->level ? pid->numbers[level].key.nr : 0;
}

int vnr(const struct task_struct *t)
{
	return nr_at(t, task_pid(t)->level);
}

void trace_exit(struct task_struct *t)
{
	if (thread_group_leader(t))
		sys_exit_group(t);
	else
		sys_exit(t);
}

void exit_and_reap(struct task_struct *t)
{
	struct task_struct *parent = t->real_parent;
	int nr = task_pid_nr_ns(t, PIDTYPE_PID, task_active_pid_ns(parent));

	trace_exit(t);
	CHECK(t->machine);
	CU_ASSERT_EQUAL(sys_wait4(parent, nr, NULL), nr);
	CHECK(parent->machine);
}

int taken(const struct pid_namespace *ns, int nr)
{
	return pidmap_test(&ns->pidmap, (unsigned int)nr);
}

const char *state_of(const struct task_struct *t)
{
	if (t->released)
		return "reaped";
	if (t->exit_state == EXIT_ZOMBIE)
		return "zombie";
	if (t->flags & PF_EXITING)
		return "exiting";
	return "running";
}

int run_suite(const char *name, const struct test_case *cases)
{
	CU_pSuite suite;
	unsigned int failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	suite = CU_add_suite(name, NULL, NULL);
	if (!suite)
		goto out_error;
	for (; cases->name; cases++)
		if (!CU_add_test(suite, cases->name, cases->fn))
			goto out_error;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;

out_error:
	CU_cleanup_registry();
	return 2;
}
