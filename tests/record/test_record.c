/*
 * test_record.c - the recorder without a kernel: the tracefs line parser on
 * lines captured from Linux 6.18, and the recording state on whole captured
 * runs (captured/NAME.raw, written by `pidsim record --raw` while recording
 * tests/record/workload.c and jobs.sh). Each raw file starts with the line
 * "# pidsim record --raw: init TID ..." that names the workload's init.
 *
 * The facts asserted are the ones visible in the captured text: the number
 * the parent's clone returned, which waits reaped, which signal ended whom.
 */
#define _GNU_SOURCE
#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/record/event.h"
#include "sim/record/recording.h"

static const char *captured_dir;

/* ---- single lines ---- */

static void test_newtask(void)
{
	struct rec_event ev;

	CU_ASSERT_EQUAL(rec_event_parse(
		"            bash-17892   (  17892) [000] .....            3: task_newtask: pid=17921 comm=bash clone_flags=1200000 oom_score_adj=0",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.type, EV_NEWTASK);
	CU_ASSERT_EQUAL(ev.tid, 17892);
	CU_ASSERT_EQUAL(ev.tgid, 17892);
	CU_ASSERT_EQUAL(ev.cpu, 0);
	CU_ASSERT_EQUAL(ev.ts, 3);
	CU_ASSERT_EQUAL(ev.child, 17921);
	CU_ASSERT_EQUAL(ev.clone_flags, 0x1200000ULL);
	CU_ASSERT_STRING_EQUAL(ev.comm, "bash");
}

static void test_comm_with_dashes_and_keys(void)
{
	struct rec_event ev;

	/* a task may name itself anything: "-1 (2) [3]" and "pid=" included */
	CU_ASSERT_EQUAL(rec_event_parse(
		"    pidsim-agent-17923   (  17923) [000] .....           26: sched_process_exec: filename=/tmp/build/sim/pidsim-agent pid=17923 old_pid=17923",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.type, EV_EXEC);
	CU_ASSERT_EQUAL(ev.tid, 17923);
	CU_ASSERT_STRING_EQUAL(ev.comm, "pidsim-agent");
	CU_ASSERT_STRING_EQUAL(ev.filename, "/tmp/build/sim/pidsim-agent");
	CU_ASSERT_EQUAL(ev.exec_pid, 17923);
	CU_ASSERT_EQUAL(ev.exec_old_pid, 17923);

	CU_ASSERT_EQUAL(rec_event_parse(
		"   a pid=9 b-400   (    400) [001] .....          99: sched_process_exit: comm=a pid=9 b prio=120 group_dead=false",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.type, EV_EXIT);
	CU_ASSERT_EQUAL(ev.tid, 400);
	CU_ASSERT_EQUAL(ev.ts, 99);
	CU_ASSERT_FALSE(ev.group_dead);
}

static void test_exec_from_thread(void)
{
	struct rec_event ev;

	CU_ASSERT_EQUAL(rec_event_parse(
		"            true-5002    (   5000) [001] .....          31: sched_process_exec: filename=/bin/true pid=5000 old_pid=5002",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.tid, 5002);
	CU_ASSERT_EQUAL(ev.tgid, 5000);
	CU_ASSERT_EQUAL(ev.exec_pid, 5000);
	CU_ASSERT_EQUAL(ev.exec_old_pid, 5002);
}

static void test_syscalls(void)
{
	struct rec_event ev;

	CU_ASSERT_EQUAL(rec_event_parse(
		"            bash-17892   (  17892) [000] .....            6: sys_wait4(upid: 0xffffffff, stat_addr: 0x7ffc46245500, options: 0, ru: 0)",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.type, EV_SYS_ENTER);
	CU_ASSERT_EQUAL(ev.sys, RSYS_WAIT4);
	CU_ASSERT_EQUAL(ev.nargs, 4);
	CU_ASSERT_EQUAL((int)ev.args[0], -1);
	CU_ASSERT_EQUAL(ev.args[2], 0);

	CU_ASSERT_EQUAL(rec_event_parse(
		"            bash-17892   (  17892) [000] .....           18: sys_wait4 -> 0xfffffffffffffff6",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.type, EV_SYS_EXIT);
	CU_ASSERT_EQUAL(ev.ret, -ECHILD);

	CU_ASSERT_EQUAL(rec_event_parse(
		"            bash-17892   (  17892) [000] .....            4: sys_clone -> 0x4601",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.sys, RSYS_CLONE);
	CU_ASSERT_EQUAL(ev.ret, 0x4601);

	CU_ASSERT_EQUAL(rec_event_parse(
		"          pidsim-17920   (  17920) [000] .....            7: sys_setpgid(pid: 0, pgid: 0)",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.sys, RSYS_SETPGID);
	CU_ASSERT_EQUAL(ev.nargs, 2);

	/* a system call the recorder does not follow */
	CU_ASSERT_EQUAL(rec_event_parse(
		"            bash-17892   (  17892) [000] .....           40: sys_read -> 0x10",
		&ev), 0);
}

static void test_signals(void)
{
	struct rec_event ev;

	CU_ASSERT_EQUAL(rec_event_parse(
		"             cat-17921   (  17921) [000] dN.2.           14: signal_generate: sig=17 errno=0 code=1 comm=bash pid=17892 grp=1 res=0",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.type, EV_SIG_GENERATE);
	CU_ASSERT_EQUAL(ev.sig, 17);
	CU_ASSERT_EQUAL(ev.code, 1);
	CU_ASSERT_EQUAL(ev.target, 17892);
	CU_ASSERT_EQUAL(ev.group, 1);
	CU_ASSERT_EQUAL(ev.result, 0);

	CU_ASSERT_EQUAL(rec_event_parse(
		"            bash-17892   (  17892) [000] d..1.           16: signal_deliver: sig=17 errno=0 code=1 sa_handler=55a11acefe40 sa_flags=14000000",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.type, EV_SIG_DELIVER);
	CU_ASSERT_EQUAL(ev.handler, 0x55a11acefe40UL);
}

static void test_not_events(void)
{
	struct rec_event ev;

	CU_ASSERT_EQUAL(rec_event_parse("# tracer: nop", &ev), 0);
	CU_ASSERT_EQUAL(rec_event_parse("", &ev), 0);
	CU_ASSERT_EQUAL(rec_event_parse("garbage without the context", &ev), -EINVAL);
	/* a followed event with its fields cut off */
	CU_ASSERT_EQUAL(rec_event_parse(
		"            bash-17892   (  17892) [000] .....            3: task_newtask: pid=17921",
		&ev), -EINVAL);
	/* a tgid the kernel did not record */
	CU_ASSERT_EQUAL(rec_event_parse(
		"            bash-17892   (-------) [000] .....            3: sys_clone -> 0x2",
		&ev), 1);
	CU_ASSERT_EQUAL(ev.tgid, -1);
}

/* ---- whole captured runs ---- */

/* Replay captured/name.raw through a recording; the trace text, malloc'd. */
static char *record_captured(const char *name)
{
	struct recording_info info = { .command = name };
	struct recording *r = NULL;
	char path[1024], *line = NULL, *text = NULL;
	size_t cap = 0, len = 0;
	FILE *in, *out;

	snprintf(path, sizeof(path), "%s/%s.raw", captured_dir, name);
	in = fopen(path, "re");
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	if (getline(&line, &cap, in) > 0)
		sscanf(line, "# pidsim record --raw: init %d pid_max %d", &info.init_tid,
		       &info.pid_max);
	CU_ASSERT_TRUE(info.init_tid > 0);
	r = recording_new(&info);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	while (getline(&line, &cap, in) > 0) {
		line[strcspn(line, "\n")] = '\0';
		CU_ASSERT_EQUAL(recording_feed_line(r, line), 0);
	}
	CU_ASSERT_TRUE(recording_done(r));
	out = open_memstream(&text, &len);
	CU_ASSERT_EQUAL(recording_write(r, out, NULL), 0);
	fclose(out);
	recording_free(r);
	free(line);
	fclose(in);
	return text;
}

/* Does text hold this line, exactly, before any comment? */
static int has_line(const char *text, const char *want)
{
	const char *p = text;
	size_t n = strlen(want);

	while (p && *p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		size_t stmt = strcspn(p, "\t#\n");

		if (stmt > len)
			stmt = len;
		while (stmt > 0 && p[stmt - 1] == ' ')
			stmt--;
		if (stmt == n && memcmp(p, want, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static int count_prefix(const char *text, const char *prefix)
{
	const char *p = text;
	int n = 0;

	while (p && *p) {
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

static void test_run_sigign(void)
{
	char *t = record_captured("sigign");

	/* SIG_IGN is seen only as children vanishing without a wait */
	CU_ASSERT_TRUE(has_line(t, "sigchld h11wl-2 ignore"));
	CU_ASSERT_TRUE(has_line(t, "fork h11wl-2 h11wl-5 => 5"));
	CU_ASSERT_EQUAL(count_prefix(t, "wait h11wl-2"), 0);
	CU_ASSERT_TRUE(has_line(t, "wait init any => h11wl-2"));
	CU_ASSERT_TRUE(has_line(t, "exit init"));
	free(t);
}

static void test_run_thread_exec(void)
{
	char *t = record_captured("thread-exec");

	/* the fork says the number clone returned, not the one exec took over */
	CU_ASSERT_TRUE(has_line(t, "clone h11wl-2 h11wl-3 thread => 3"));
	CU_ASSERT_TRUE(has_line(t, "clone h11wl-2 true-4 thread => 4"));
	CU_ASSERT_TRUE(has_line(t, "exec true-4"));
	/* de_thread's kills are the exec's: no exit of the others is written */
	CU_ASSERT_EQUAL(count_prefix(t, "exit h11wl-"), 0);
	CU_ASSERT_TRUE(has_line(t, "wait init any => true-4"));
	free(t);
}

static void test_run_kill(void)
{
	char *t = record_captured("kill");

	CU_ASSERT_TRUE(has_line(t, "kill h11wl-2 h11wl-3 TERM"));
	CU_ASSERT_EQUAL(count_prefix(t, "exit h11wl-3"), 0);
	CU_ASSERT_TRUE(has_line(t, "wait h11wl-2 h11wl-3 => ok"));
	free(t);
}

static void test_run_setsid(void)
{
	char *t = record_captured("setsid");

	CU_ASSERT_TRUE(has_line(t, "setsid h11wl-3 => ok"));
	/* setpgid(0, getppid()) by the grandchild: the form without C */
	CU_ASSERT_TRUE(has_line(t, "setpgid h11wl-4 h11wl-3 => ok"));
	free(t);
}

static void test_run_leader_exit(void)
{
	char *t = record_captured("leader-exit");

	CU_ASSERT_TRUE(has_line(t, "exit h11wl-2 thread"));
	CU_ASSERT_TRUE(has_line(t, "fork h11wl-3 h11wl-4 => 4"));
	CU_ASSERT_TRUE(has_line(t, "wait h11wl-3 h11wl-4 => ok"));
	/* the process is reaped, by its leader's label, once its last thread is gone */
	CU_ASSERT_TRUE(has_line(t, "wait init any => h11wl-2"));
	free(t);
}

static void test_run_shell(void)
{
	char *t = record_captured("shell");

	CU_ASSERT_TRUE(has_line(t, "pidsim 1.1"));
	CU_ASSERT_TRUE(has_line(t, "exec init"));
	CU_ASSERT_TRUE(has_line(t, "fork init sleep-2 => 2"));
	CU_ASSERT_TRUE(has_line(t, "fork sh-3 cat-5 => 5"));
	CU_ASSERT_TRUE(has_line(t, "wait sh-3 any => cat-5"));
	/* `wait $!` in the script is waitpid(-1) in dash, reaping sh-6 */
	CU_ASSERT_TRUE(has_line(t, "wait init any => sh-6"));
	CU_ASSERT_EQUAL(count_prefix(t, "fork "), 8);
	CU_ASSERT_EQUAL(count_prefix(t, "wait "), 8);
	free(t);
}

/* What fake_nspid() answers: the NSpid of tid 102 from the recorder. */
static int fake_nr[3];

static int fake_nspid(int tid, int *nr, int max)
{
	if (tid != 102 || max < 3)
		return -1;
	memcpy(nr, fake_nr, sizeof(fake_nr));
	return 3;
}

/* Feed lines to a fresh recording of init tid 100; the trace text, malloc'd. */
static char *record_lines(const char *const *lines)
{
	struct recording_info info = { .command = "synthetic", .init_tid = 100,
				       .read_nspid = fake_nspid };
	struct recording *r = recording_new(&info);
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	for (; *lines; lines++)
		CU_ASSERT_EQUAL(recording_feed_line(r, *lines), 0);
	out = open_memstream(&text, &len);
	CU_ASSERT_EQUAL(recording_write(r, out, NULL), 0);
	fclose(out);
	recording_free(r);
	return text;
}

static void test_racing_forks(void)
{
	/*
	 * a and b fork at once on two CPUs: a took 4 and b 5, but b's
	 * task_newtask came first. The cursor was at 3: 4 was taken first.
	 */
	static const char *const lines[] = {
		"  x-100 (  100) [000] ..... 1: task_newtask: pid=101 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-100 (  100) [000] ..... 2: sys_clone -> 0x2",
		"  x-100 (  100) [000] ..... 3: task_newtask: pid=102 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-100 (  100) [000] ..... 4: sys_clone -> 0x3",
		"  x-102 (  102) [001] ..... 5: task_newtask: pid=104 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-101 (  101) [000] ..... 6: task_newtask: pid=103 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-102 (  102) [001] ..... 7: sys_clone -> 0x5",
		"  x-101 (  101) [000] ..... 8: sys_clone -> 0x4",
		NULL,
	};
	char *t = record_lines(lines);
	const char *four = strstr(t, "fork x-2 x-4 => 4"), *five = strstr(t, "fork x-3 x-5 => 5");

	CU_ASSERT_PTR_NOT_NULL(four);
	CU_ASSERT_PTR_NOT_NULL(five);
	CU_ASSERT_TRUE(four && five && four < five);
	free(t);
}

static void test_forks_in_order_stay(void)
{
	/* the same, reported in the order the numbers were taken */
	static const char *const lines[] = {
		"  x-100 (  100) [000] ..... 1: task_newtask: pid=101 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-100 (  100) [000] ..... 2: sys_clone -> 0x2",
		"  x-100 (  100) [000] ..... 3: task_newtask: pid=102 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-100 (  100) [000] ..... 4: sys_clone -> 0x3",
		"  x-102 (  102) [001] ..... 5: task_newtask: pid=104 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-101 (  101) [000] ..... 6: task_newtask: pid=103 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-102 (  102) [001] ..... 7: sys_clone -> 0x4",
		"  x-101 (  101) [000] ..... 8: sys_clone -> 0x5",
		NULL,
	};
	char *t = record_lines(lines);
	const char *four = strstr(t, "fork x-3 x-4 => 4"), *five = strstr(t, "fork x-2 x-5 => 5");

	CU_ASSERT_TRUE(four && five && four < five);
	free(t);
}

static void test_numbers_above_the_creator(void)
{
	/* init makes a namespace; its init forks: that fork returns only 2 */
	static const char *const lines[] = {
		"  x-100 (  100) [000] ..... 1: task_newtask: pid=101 comm=x clone_flags=21200000 oom_score_adj=0",
		"  x-100 (  100) [000] ..... 2: sys_clone -> 0x2",
		"  x-101 (  101) [000] ..... 3: task_newtask: pid=102 comm=x clone_flags=1200000 oom_score_adj=0",
		"  x-101 (  101) [000] ..... 4: sys_clone -> 0x2",
		NULL,
	};
	char *t;

	/* the child still runs: /proc says it is 3 in the root */
	fake_nr[0] = 5002, fake_nr[1] = 3, fake_nr[2] = 2;
	t = record_lines(lines);
	CU_ASSERT_TRUE(has_line(t, "clone init x-1 newpid => 2/1"));
	CU_ASSERT_TRUE(has_line(t, "fork x-1 x-2 => 3/2"));
	free(t);
	/* tid 102 is another task by now (its number in x-1's namespace is not 2) */
	fake_nr[2] = 7;
	t = record_lines(lines);
	CU_ASSERT_TRUE(has_line(t, "fork x-1 x-2 => */2"));
	free(t);
}

int main(int argc, char **argv)
{
	CU_pSuite s;
	unsigned int failed;

	captured_dir = argc > 1 ? argv[1] : "captured";
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("record.event", NULL, NULL);
	CU_add_test(s, "task_newtask", test_newtask);
	CU_add_test(s, "a name with dashes and keys in it", test_comm_with_dashes_and_keys);
	CU_add_test(s, "exec from a thread", test_exec_from_thread);
	CU_add_test(s, "system calls", test_syscalls);
	CU_add_test(s, "signals", test_signals);
	CU_add_test(s, "lines that are not events", test_not_events);
	s = CU_add_suite("record.recording", NULL, NULL);
	CU_add_test(s, "SIGCHLD ignored", test_run_sigign);
	CU_add_test(s, "exec from a thread", test_run_thread_exec);
	CU_add_test(s, "a kill that ends a child", test_run_kill);
	CU_add_test(s, "setsid and setpgid", test_run_setsid);
	CU_add_test(s, "a leader that exits alone", test_run_leader_exit);
	CU_add_test(s, "a shell with jobs", test_run_shell);
	CU_add_test(s, "forks that raced on two CPUs", test_racing_forks);
	CU_add_test(s, "forks reported in order stay", test_forks_in_order_stay);
	CU_add_test(s, "numbers above the creator's namespace", test_numbers_above_the_creator);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
