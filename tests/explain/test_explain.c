/*
 * test_explain.c - the reasons no small trace can reach (threads-max and
 * the namespace count at their real sizes, a fork that fails after
 * alloc_pid), the explain text's own bounds, that a machine without an
 * explain gives the same results, and `pidsim diff --explain`'s report
 * (on a fake engine standing in for the live kernel).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/explain.h"
#include "sim/engine/model/engine_model.h"
#include "sim/run/diff.h"
#include "tests/parse/fake_engine.h"
#include "tests/unit/harness.h"

static const char *const names[] = { "init", "a", "b", "c", "d" };
static int owners[5] = { 0, 1, 2, 3, 4 };	/* a task's owner: its label */

static int label_of(const void *owner, void *cookie)
{
	(void)cookie;
	return *(const int *)owner;
}

/* A machine that explains, with tasks named by names[]. */
static struct machine *explaining_machine(const struct machine_config *cfg)
{
	struct machine *m;
	int err;

	m = machine_new(cfg, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	m->explain = explain_new(names, 5, label_of, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m->explain);
	m->init->owner = &owners[0];
	return m;
}

static void free_explaining(struct machine *m)
{
	struct explain *x = m->explain;

	m->explain = NULL;	/* teardown explains nothing */
	explain_free(x);
	machine_free(m);
}

/* fork by parent as the trace's `fork PARENT label`. */
static int fork_as(struct machine *m, struct task_struct *parent, int label,
		   unsigned long flags, int fail_late, struct task_struct **child)
{
	struct kernel_clone_args args = {
		.flags = flags, .exit_signal = SIGCHLD, .fail_late = fail_late,
	};
	struct task_struct *c = NULL;
	int ret;

	explain_begin(m->explain, m, label, NULL, 0);
	ret = sys_clone(parent, &args, &c);
	if (c)
		c->owner = &owners[label];
	if (child)
		*child = c;
	return ret;
}

/* Does the text hold this line? */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while (p && (p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

/* copy_process: threads-max is checked before any number is taken. */
static void test_threads_max(void)
{
	struct machine_config cfg = { .max_threads = 3 };
	struct machine *m = explaining_machine(&cfg);
	struct task_struct *a;
	const char *why;

	/* init is the first task not yet released, a and b the next two */
	CU_ASSERT_EQUAL(fork_as(m, m->init, 1, 0, 0, &a), 2);
	CU_ASSERT_EQUAL(fork_as(m, m->init, 2, 0, 0, NULL), 3);
	CU_ASSERT_EQUAL(fork_as(m, a, 3, 0, 0, NULL), -EAGAIN);
	why = explain_text(m->explain);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_STRING_EQUAL(why,
		"copy_process: threads-max 3 reached (3 tasks not yet released) -> EAGAIN, no number used");
	/* no number used: the next fork after a release gets 4 */
	CU_ASSERT_EQUAL(m->root->cursor, 4);
	free_explaining(m);
}

/* create_pid_namespace: user.max_pid_namespaces counts the root too. */
static void test_max_pid_namespaces(void)
{
	struct machine_config cfg = { .max_pid_namespaces = 2 };
	struct machine *m = explaining_machine(&cfg);
	struct task_struct *a;

	CU_ASSERT_EQUAL(fork_as(m, m->init, 1, CLONE_NEWPID, 0, &a), 2);
	CU_ASSERT_TRUE(has_line(explain_text(m->explain),
		"level 1 (namespace of a): last_pid -1 -> 1, searched [1, 4194304): took 1 (idr_alloc_cyclic)"));
	CU_ASSERT_EQUAL(fork_as(m, a, 2, CLONE_NEWPID, 0, NULL), -ENOSPC);
	CU_ASSERT_STRING_EQUAL(explain_text(m->explain),
		"create_pid_namespace: user.max_pid_namespaces 2 reached (inc_pid_namespaces) -> ENOSPC");
	free_explaining(m);
}

/*
 * A namespace whose first process failed after alloc_pid (a bad
 * CLONE_PIDFD pointer, a cgroup limit) never takes another: the reason
 * names that failure, not an init's death.
 */
static void test_first_process_failed(void)
{
	struct machine_config cfg = { 0 };
	struct machine *m = explaining_machine(&cfg);
	struct task_struct *a;
	const char *why;

	CU_ASSERT_EQUAL(fork_as(m, m->init, 1, 0, 0, &a), 2);
	explain_begin(m->explain, m, -1, NULL, 0);
	CU_ASSERT_EQUAL(sys_unshare_newpid(a), 0);
	CU_ASSERT_EQUAL(fork_as(m, a, 2, 0, -ENOMEM, NULL), -ENOMEM);
	why = explain_text(m->explain);
	CU_ASSERT_TRUE(has_line(why,
		"level 1 (namespace of b): last_pid -1 -> 1, searched [1, 4194304): took 1 (idr_alloc_cyclic)"));
	CU_ASSERT_TRUE(has_line(why, "level 0 (namespace of init): last_pid 2 -> 3, searched [3, 32768): took 3 (idr_alloc_cyclic)"));
	CU_ASSERT_TRUE(has_line(why, "copy_process: failed after alloc_pid (a late failure) -> ENOMEM"));
	CU_ASSERT_TRUE(has_line(why, "free_pid: 3/1 is free again (no task, process group or session holds it)"));
	CU_ASSERT_EQUAL(fork_as(m, a, 3, 0, 0, NULL), -ENOMEM);
	why = explain_text(m->explain);
	CU_ASSERT_TRUE(has_line(why,
		"alloc_pid: level 1 (namespace of b): its first process failed after alloc_pid, so it never takes another (PIDNS_ADDING cleared) -> ENOMEM"));
	free_explaining(m);
}

/* The same calls with and without an explain: the same numbers. */
static void test_off_changes_nothing(void)
{
	struct machine_config cfg = { 0 };
	struct machine *on = explaining_machine(&cfg), *off;
	struct task_struct *p[2][4];
	int nr[2][4][2], err, k, i;

	off = machine_new(&cfg, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(off);
	for (k = 0; k < 2; k++) {
		struct machine *m = k ? off : on;

		p[k][0] = m->init;
		CU_ASSERT_EQUAL(sys_write_ns_last_pid(m->init, 32766), 0);
		for (i = 1; i < 4; i++) {
			struct kernel_clone_args args = {
				.exit_signal = SIGCHLD,
				.flags = i == 2 ? CLONE_NEWPID : 0,
			};

			if (m->explain)
				explain_begin(m->explain, m, i, NULL, 0);
			CU_ASSERT_TRUE(sys_clone(p[k][i - 1], &args, &p[k][i]) > 0);
			nr[k][i][0] = nr_at(p[k][i], 0);
			nr[k][i][1] = vnr(p[k][i]);
		}
		/* p[k][1] is gone after this: only its numbers are kept */
		sys_exit_group(p[k][1]);
		CU_ASSERT_EQUAL(sys_wait4(m->init, -1, NULL), 32767);
	}
	for (i = 1; i < 4; i++) {
		CU_ASSERT_EQUAL(nr[0][i][0], nr[1][i][0]);
		CU_ASSERT_EQUAL(nr[0][i][1], nr[1][i][1]);
	}
	/* 32767, then a wrap to 300 for the namespace init and its child */
	CU_ASSERT_EQUAL(nr[1][2][0], 300);
	CU_ASSERT_EQUAL(nr[1][2][1], 1);
	CU_ASSERT_EQUAL(nr[1][3][0], 301);
	CU_ASSERT_EQUAL(nr[1][3][1], 2);
	CU_ASSERT_EQUAL(on->nr_pids, off->nr_pids);
	CU_ASSERT_EQUAL(on->root->cursor, off->root->cursor);
	machine_free(off);
	free_explaining(on);
}

/* The text stops at EXPLAIN_TEXT_MAX with a line that says so. */
static void test_text_is_bounded(void)
{
	struct explain *x = explain_new(NULL, 0, NULL, NULL);
	const char *text, *last;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	explain_begin(x, NULL, -1, NULL, 0);
	CU_ASSERT_PTR_NULL(explain_text(x));
	for (i = 0; i < 10000; i++)
		explain_say(x, "reason %d of many, long enough to fill the text quickly", i);
	text = explain_text(x);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_TRUE(strlen(text) < EXPLAIN_TEXT_MAX);
	last = strrchr(text, '\n');
	CU_ASSERT_PTR_NOT_NULL_FATAL(last);
	CU_ASSERT_STRING_EQUAL(last + 1, "(more reasons cut)");
	CU_ASSERT_TRUE(has_line(text, "reason 0 of many, long enough to fill the text quickly"));
	explain_begin(x, NULL, -1, NULL, 0);
	CU_ASSERT_PTR_NULL(explain_text(x));
	explain_say(x, "one");
	CU_ASSERT_STRING_EQUAL(explain_text(x), "one");
	CU_ASSERT_STRING_EQUAL(explain_errno(-EAGAIN), "EAGAIN");
	CU_ASSERT_STRING_EQUAL(explain_errno(ENOMEM), "ENOMEM");
	explain_free(x);
}

/* Run a trace through diff_trace (model with --explain, fake for live). */
static char *diff_output(const char *text, bool json, int *status)
{
	char path[] = "/tmp/pidsim-explain-XXXXXX";
	struct engine *eng[2] = { NULL, NULL };
	struct trace *t;
	char *buf = NULL;
	size_t len = 0;
	FILE *out, *f;
	int fd;

	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	f = fdopen(fd, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
	t = trace_open(path, stderr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL_FATAL(engine_model_new(NULL, 0, &eng[MODEL]), 0);
	eng[LIVE] = fake_engine_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(eng[LIVE]);
	eng[MODEL]->explain = true;
	out = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	*status = diff_trace(eng, t, out, json);
	fclose(out);
	eng[MODEL]->ops->destroy(eng[MODEL]);
	eng[LIVE]->ops->destroy(eng[LIVE]);
	trace_close(t);
	unlink(path);
	return buf;
}

/* The fake engine ignores set_tid: the two part at the clone. */
static void test_diff_explain(void)
{
	static const char trace[] =
		"fork init a\n"
		"clone a b set_tid=50\n";
	char *out;
	int status;

	out = diff_output(trace, false, &status);
	CU_ASSERT_EQUAL(status, DIFF_DIVERGED);
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(out,
		"\n  model: 50\n"
		"    level 0 (namespace of init): set_tid[0] = 50: took 50\n"
		"  live:  3\n"));
	free(out);

	out = diff_output(trace, true, &status);
	CU_ASSERT_EQUAL(status, DIFF_DIVERGED);
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(out,
		"\"model\":\"50\",\"live\":\"3\","
		"\"model_why\":[\"level 0 (namespace of init): set_tid[0] = 50: took 50\"]"));
	free(out);
}

int main(void)
{
	static const struct test_case cases[] = {
		{ "copy_process: threads-max", test_threads_max },
		{ "create_pid_namespace: max_pid_namespaces", test_max_pid_namespaces },
		{ "a first process that failed late", test_first_process_failed },
		{ "explain off changes no result", test_off_changes_nothing },
		{ "the text is bounded", test_text_is_bounded },
		{ "diff --explain", test_diff_explain },
		{ NULL, NULL },
	};

	return run_suite("explain", cases);
}
