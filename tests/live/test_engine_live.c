/*
 * test_engine_live.c - the live engine on the real kernel, statement by
 * statement, with statements built by hand (no parser, no runner).
 *
 * Each test builds a fresh trace root, runs a few statements and checks
 * the kernel's answers: numbers, states after the tree settled, parents,
 * visibility, the set_tid skip rule. Exit 77 (skip) when the machine
 * cannot run live traces (not root, no PID namespaces).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "sim/engine/live/engine_live.h"

enum { INIT, A, B, C, D, N, N2, T, T2, X, Z, NLABELS };
static const char *const names[NLABELS] = {
	"init", "a", "b", "c", "d", "n", "n2", "t", "t2", "x", "z",
};

static struct engine *eng;
static unsigned int base;

static void begin(void)
{
	struct trace_info info = { "test", NLABELS, names };

	CU_ASSERT_FATAL(eng->ops->begin(eng, &info) == 0);
}

static struct stmt *mk(enum stmt_op op, int p, int c)
{
	static struct stmt st;

	memset(&st, 0, sizeof(st));
	st.op = op;
	st.label[0] = p;
	st.label[1] = c;
	return &st;
}

static struct result run(struct stmt *st)
{
	struct result res;

	CU_ASSERT_FATAL(eng->ops->exec(eng, st, &res) == 0);
	return res;
}

static struct result run2(enum stmt_op op, int p, int c, unsigned int flags)
{
	struct stmt *st = mk(op, p, c);

	st->flags = flags;
	return run(st);
}

static bool is_nspid(struct result r, int n, ...)
{
	va_list ap;
	bool ok = r.kind == OC_NSPID && r.nspid.n == n;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		int v = va_arg(ap, int);

		if (ok && r.nspid.nr[i] != v)
			ok = false;
	}
	va_end(ap);
	if (!ok) {
		fprintf(stderr, "  got kind %d err %d nspid", r.kind, r.err);
		for (int i = 0; i < r.nspid.n; i++)
			fprintf(stderr, " %d", r.nspid.nr[i]);
		fputc('\n', stderr);
	}
	return ok;
}

static bool is_err(struct result r, int err)
{
	if (r.kind == OC_ERRNO && r.err == err)
		return true;
	fprintf(stderr, "  got kind %d err %d, wanted errno %d\n", r.kind, r.err, err);
	return false;
}

static struct observation look(int l, enum expect_key key, int q)
{
	struct expect_pair pair = { .key = key, .label = q };
	struct observation obs;

	CU_ASSERT_FATAL(eng->ops->observe(eng, l, &pair, &obs) == 0);
	return obs;
}

static enum proc_state state(int l)
{
	return eng->ops->state(eng, l);
}

static void test_fork_numbers(void)
{
	begin();
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, A, 0), 1, 2));
	CU_ASSERT(is_nspid(run2(OP_FORK, A, B, 0), 1, 3));
	CU_ASSERT(look(INIT, EK_LAST_PID, 0).value == 3);
	CU_ASSERT(look(INIT, EK_PID_MAX, 0).value == 32768);
	CU_ASSERT(look(B, EK_PARENT, 0).label == A);
	CU_ASSERT(look(INIT, EK_PARENT, 0).label == LABEL_NONE);
	CU_ASSERT(look(INIT, EK_PPID, 0).value == 0);
	CU_ASSERT(look(INIT, EK_PGID, 0).value == 0);
	CU_ASSERT(look(B, EK_PPID, 0).value == 2);
	/* ns_last_pid moves the cursor of the writer's namespace */
	CU_ASSERT(run(({ struct stmt *s = mk(OP_NS_LAST_PID, A, -1); s->value = 99; s; })).kind == OC_OK);
	CU_ASSERT(is_nspid(run2(OP_FORK, B, C, 0), 1, 100));
	CU_ASSERT(is_err(run(({ struct stmt *s = mk(OP_NS_LAST_PID, A, -1); s->value = -5; s; })), EINVAL));
	eng->ops->end(eng);
}

static void test_newpid_and_visibility(void)
{
	begin();
	CU_ASSERT(is_nspid(run2(OP_CLONE, INIT, N, STMT_NEWPID), 2, 2, 1));
	CU_ASSERT(is_nspid(run2(OP_FORK, N, X, 0), 2, 3, 2));
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, A, 0), 1, 4));
	CU_ASSERT(look(X, EK_PID_AT, INIT).value == 3);
	CU_ASSERT(look(X, EK_PID_AT, N).value == 2);
	CU_ASSERT(look(A, EK_PID_AT, N).value == 0);	/* above n: invisible */
	CU_ASSERT(look(N, EK_PPID, 0).value == 0);	/* n's parent is outside */
	CU_ASSERT(look(N, EK_PARENT, 0).label == INIT);
	/* n cannot see a: kill answers ESRCH, nothing is sent */
	CU_ASSERT(is_err(run2(OP_KILL, N, A, 0), ESRCH));
	/* a kill from inside to n's own init is ignored */
	CU_ASSERT(run2(OP_KILL, X, N, 0).kind == OC_OK);
	CU_ASSERT(state(N) == PS_RUNNING);
	/* wait on a running child */
	CU_ASSERT(run2(OP_WAIT, N, X, 0).kind == OC_RUNNING);
	CU_ASSERT(run2(OP_KILL, N, X, 0).kind == OC_OK);
	CU_ASSERT(state(X) == PS_ZOMBIE);
	CU_ASSERT(run2(OP_WAIT, N, X, 0).kind == OC_OK);
	CU_ASSERT(state(X) == PS_REAPED);
	CU_ASSERT(is_err(run2(OP_WAIT, N, X, 0), ECHILD));
	CU_ASSERT(is_err(run2(OP_KILL, N, X, 0), ESRCH));
	eng->ops->end(eng);
}

/* The death of a namespace init takes its namespace down. */
static void test_zap(void)
{
	begin();
	CU_ASSERT(is_nspid(run2(OP_CLONE, INIT, N, STMT_NEWPID), 2, 2, 1));
	CU_ASSERT(is_nspid(run2(OP_FORK, N, C, 0), 2, 3, 2));
	CU_ASSERT(is_nspid(run2(OP_FORK, C, D, 0), 2, 4, 3));
	CU_ASSERT(is_nspid(run2(OP_CLONE, D, N2, STMT_NEWPID), 3, 5, 4, 1));
	/* z: in n, but its parent init is outside: it stays a zombie */
	CU_ASSERT(run2(OP_SETNS, INIT, N, 0).kind == OC_OK);
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, Z, 0), 2, 6, 5));
	CU_ASSERT(look(Z, EK_PPID, 0).value == 0);
	CU_ASSERT(run2(OP_EXIT, N, -1, 0).kind == OC_OK);
	CU_ASSERT(state(C) == PS_REAPED);
	CU_ASSERT(state(D) == PS_REAPED);
	CU_ASSERT(state(N2) == PS_REAPED);
	CU_ASSERT(state(Z) == PS_ZOMBIE);
	CU_ASSERT(state(N) == PS_EXITING);
	/* the namespace takes no new process */
	CU_ASSERT(is_err(run2(OP_FORK, INIT, A, 0), ENOMEM));
	CU_ASSERT(run2(OP_WAIT, INIT, N, 0).kind == OC_RUNNING);
	CU_ASSERT(run2(OP_WAIT, INIT, Z, 0).kind == OC_OK);
	CU_ASSERT(state(N) == PS_ZOMBIE);
	CU_ASSERT(run2(OP_WAIT, INIT, N, 0).kind == OC_OK);
	CU_ASSERT(state(N) == PS_REAPED);
	eng->ops->end(eng);
}

static void test_threads(void)
{
	begin();
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, A, 0), 1, 2));
	CU_ASSERT(is_nspid(run2(OP_CLONE, A, T, STMT_THREAD), 1, 3));
	CU_ASSERT(is_nspid(run2(OP_CLONE, T, T2, STMT_THREAD), 1, 4));
	CU_ASSERT(look(T, EK_PARENT, 0).label == INIT);
	CU_ASSERT(look(T2, EK_PPID, 0).value == 1);
	/* a thread's fork: the child's parent is named by the group leader */
	CU_ASSERT(is_nspid(run2(OP_FORK, T2, B, 0), 1, 5));
	CU_ASSERT(look(B, EK_PARENT, 0).label == A);
	CU_ASSERT(look(B, EK_PPID, 0).value == 2);
	/* a non-leader thread exits alone and is released at once */
	CU_ASSERT(run2(OP_EXIT, T, -1, 0).kind == OC_OK);
	CU_ASSERT(state(T) == PS_REAPED);
	CU_ASSERT(state(A) == PS_RUNNING);
	CU_ASSERT(state(T2) == PS_RUNNING);
	/* new threads after unshare: EINVAL */
	CU_ASSERT(run2(OP_UNSHARE, T2, -1, 0).kind == OC_OK);
	CU_ASSERT(is_err(run2(OP_CLONE, T2, X, STMT_THREAD), EINVAL));
	CU_ASSERT(is_err(run2(OP_CLONE, A, X, STMT_THREAD | STMT_NEWPID), EINVAL));
	/* kill by a thread's number ends the whole group */
	CU_ASSERT(run2(OP_KILL, INIT, T2, 0).kind == OC_OK);
	CU_ASSERT(state(T2) == PS_REAPED);
	CU_ASSERT(state(A) == PS_ZOMBIE);
	CU_ASSERT(look(B, EK_PARENT, 0).label == INIT);
	CU_ASSERT(look(B, EK_PPID, 0).value == 1);
	eng->ops->end(eng);
}

static void test_unshare_setns(void)
{
	begin();
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, A, 0), 1, 2));
	CU_ASSERT(run2(OP_UNSHARE, A, -1, 0).kind == OC_OK);
	CU_ASSERT(is_err(run2(OP_UNSHARE, A, -1, 0), EINVAL));
	CU_ASSERT(is_nspid(run2(OP_FORK, A, B, 0), 2, 3, 1));
	CU_ASSERT(is_nspid(run2(OP_FORK, A, C, 0), 2, 4, 2));
	CU_ASSERT(look(C, EK_PPID, 0).value == 0);
	/* setns back to its own namespace, then to b's */
	CU_ASSERT(run2(OP_SETNS, A, A, 0).kind == OC_OK);
	CU_ASSERT(is_nspid(run2(OP_FORK, A, D, 0), 1, 5));
	CU_ASSERT(run2(OP_SETNS, A, B, 0).kind == OC_OK);
	CU_ASSERT(is_nspid(run2(OP_FORK, A, X, 0), 2, 6, 3));
	/* an ancestor namespace: EINVAL */
	CU_ASSERT(is_err(run2(OP_SETNS, B, INIT, 0), EINVAL));
	eng->ops->end(eng);
}

static void test_set_tid(void)
{
	struct stmt *st;

	begin();
	/* set_tid reaching past the trace root is not sent */
	st = mk(OP_CLONE, INIT, A);
	st->flags = STMT_SET_TID;
	st->set_tid_size = 2;
	st->set_tid[0] = 50;
	st->set_tid[1] = 50;
	CU_ASSERT(run(st).kind == (base > 0 ? OC_SKIPPED : OC_ERRNO));
	/* more than the real depth allows: the kernel says EINVAL */
	st = mk(OP_CLONE, INIT, A);
	st->flags = STMT_SET_TID;
	st->set_tid_size = (int)base + 2;
	for (int i = 0; i < st->set_tid_size; i++)
		st->set_tid[i] = 50;
	CU_ASSERT(is_err(run(st), EINVAL));
	st = mk(OP_CLONE, INIT, A);
	st->flags = STMT_SET_TID;
	st->set_tid_size = 1;
	st->set_tid[0] = 50;
	CU_ASSERT(is_nspid(run(st), 1, 50));
	CU_ASSERT(look(INIT, EK_LAST_PID, 0).value == 1);	/* cursor untouched */
	st = mk(OP_CLONE, INIT, B);
	st->flags = STMT_SET_TID;
	st->set_tid_size = 1;
	st->set_tid[0] = 50;
	CU_ASSERT(is_err(run(st), EEXIST));
	/* a new namespace's init with an exact parent-level number */
	st = mk(OP_CLONE, INIT, N);
	st->flags = STMT_SET_TID | STMT_NEWPID;
	st->set_tid_size = 2;
	st->set_tid[0] = 1;
	st->set_tid[1] = 77;
	CU_ASSERT(is_nspid(run(st), 2, 77, 1));
	eng->ops->end(eng);
}

static void test_exit_root_init(void)
{
	begin();
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, A, 0), 1, 2));
	CU_ASSERT(is_nspid(run2(OP_FORK, A, B, 0), 1, 3));
	CU_ASSERT(run2(OP_EXIT, INIT, -1, 0).kind == OC_OK);
	CU_ASSERT(state(A) == PS_REAPED);
	CU_ASSERT(state(B) == PS_REAPED);
	CU_ASSERT(state(INIT) == PS_ZOMBIE);
	CU_ASSERT(look(INIT, EK_NSPID, 0).nspid.nr[0] == 1);
	CU_ASSERT(is_err(run2(OP_FORK, INIT, C, 0), ESRCH));
	eng->ops->end(eng);
}

static void test_setpgid_setsid(void)
{
	begin();
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, A, 0), 1, 2));
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, B, 0), 1, 3));
	CU_ASSERT(run2(OP_SETSID, A, -1, 0).kind == OC_OK);
	CU_ASSERT(look(A, EK_SID, 0).value == 2);
	CU_ASSERT(is_err(run2(OP_SETSID, A, -1, 0), EPERM));
	CU_ASSERT(run2(OP_SETPGID, B, B, 0).kind == OC_OK);
	CU_ASSERT(look(B, EK_PGID, 0).value == 3);
	CU_ASSERT(is_nspid(run2(OP_FORK, B, C, 0), 1, 4));
	/* b's group outlives b while c is in it */
	CU_ASSERT(run2(OP_EXIT, B, -1, 0).kind == OC_OK);
	CU_ASSERT(run2(OP_WAIT, INIT, B, 0).kind == OC_OK);
	CU_ASSERT(state(B) == PS_REAPED);
	CU_ASSERT(look(C, EK_PGID, 0).value == 3);
	CU_ASSERT(is_nspid(run2(OP_FORK, INIT, D, 0), 1, 5));
	CU_ASSERT(run2(OP_SETPGID, D, B, 0).kind == OC_OK);
	CU_ASSERT(look(D, EK_PGID, 0).value == 3);
	/* a's session: a different session, EPERM from the kernel */
	CU_ASSERT(is_err(run2(OP_SETPGID, D, A, 0), EPERM));
	CU_ASSERT(run2(OP_SUBREAPER, A, -1, 0).kind == OC_OK);
	eng->ops->end(eng);
}

/*
 * "pid:starttime" of every process of ours in a PID namespace other than
 * ours, so that processes that were there before the tests (a namespace
 * the kernel can never take down) are not counted. Ours are told apart
 * from anyone else's (other live runs on the machine, containers) by the
 * name of the agent program, a copy under a name of this test's own.
 */
#define FOREIGN_MAX	4096
static char *baseline[FOREIGN_MAX];
static int nbaseline;
static char agent_name[16];
static char agent_copy[64];

/* Run the agent under a name of our own (its comm, kept by zombies too). */
static int own_agent(void)
{
	const char *src = live_agent_path();
	char buf[65536];
	int in, out, ok = 0;
	ssize_t n;

	if (!src)
		return -1;
	snprintf(agent_name, sizeof(agent_name), "pt%d", (int)getpid() % 100000000);
	snprintf(agent_copy, sizeof(agent_copy), "/tmp/%s", agent_name);
	in = open(src, O_RDONLY | O_CLOEXEC);
	out = open(agent_copy, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0700);
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, (size_t)n) == n ? 1 : -1;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (ok != 1)
		return -1;
	return setenv("PIDSIM_AGENT", agent_copy, 1);
}

/* The first line of /proc/PID/FILE into buf ("" if empty); -1 if unreadable. */
static int proc_line(const char *pid, const char *file, char *buf, size_t len)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/%s", pid, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	return 0;
}

static int foreign(char **out, int max)
{
	char self[64] = "", path[300], ns[64], buf[1024];
	struct dirent *de;
	int n = 0;
	ssize_t len;
	DIR *d;

	len = readlink("/proc/self/ns/pid", self, sizeof(self) - 1);
	if (len <= 0)
		return -1;
	self[len] = '\0';
	d = opendir("/proc");
	if (!d)
		return -1;
	while ((de = readdir(d)) && n < max) {
		const char *p;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/pid", de->d_name);
		len = readlink(path, ns, sizeof(ns) - 1);
		if (len <= 0)
			continue;
		ns[len] = '\0';
		if (!strcmp(ns, self))
			continue;
		if (proc_line(de->d_name, "comm", buf, sizeof(buf)) < 0)
			continue;
		buf[strcspn(buf, "\n")] = '\0';
		if (strcmp(buf, agent_name))
			continue;	/* not one of ours */
		if (proc_line(de->d_name, "stat", buf, sizeof(buf)) < 0)
			continue;
		p = strrchr(buf, ')');
		for (int field = 2; p && field < 22; field++)
			p = strchr(p + 1, ' ');
		if (!p)
			continue;
		if (asprintf(&out[n], "%s:%lld", de->d_name, atoll(p + 1)) > 0)
			n++;
	}
	closedir(d);
	return n;
}

/* Nothing may be left in any PID namespace but ours. */
static void test_nothing_left(void)
{
	char *now[FOREIGN_MAX];
	int n = foreign(now, FOREIGN_MAX), stray = 0;

	CU_ASSERT_FATAL(n >= 0);
	for (int i = 0; i < n; i++) {
		bool old = false;

		for (int j = 0; j < nbaseline && !old; j++)
			old = !strcmp(now[i], baseline[j]);
		if (!old) {
			fprintf(stderr, "  left behind: %s\n", now[i]);
			stray++;
		}
		free(now[i]);
	}
	CU_ASSERT(stray == 0);
}

int main(void)
{
	struct live_probe probe;
	CU_pSuite s;
	int failed;

	if (own_agent()) {
		printf("SKIP: no agent program to copy\n");
		return 77;
	}
	if (live_probe(NULL, &probe)) {
		printf("SKIP: %s\n", probe.why);
		unlink(agent_copy);
		return 77;
	}
	base = probe.base_level;
	nbaseline = foreign(baseline, FOREIGN_MAX);
	eng = engine_live_new(NULL);
	if (!eng)
		return 1;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("engine_live", NULL, NULL);
	CU_add_test(s, "fork numbers, sysctls, ids", test_fork_numbers);
	CU_add_test(s, "new namespaces and visibility", test_newpid_and_visibility);
	CU_add_test(s, "an init's death empties its namespace", test_zap);
	CU_add_test(s, "threads", test_threads);
	CU_add_test(s, "unshare and setns", test_unshare_setns);
	CU_add_test(s, "set_tid and the skip rule", test_set_tid);
	CU_add_test(s, "exit of the trace root's init", test_exit_root_init);
	CU_add_test(s, "setpgid, setsid, subreaper", test_setpgid_setsid);
	CU_add_test(s, "no process left behind", test_nothing_left);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	eng->ops->destroy(eng);
	for (int i = 0; i < nbaseline; i++)
		free(baseline[i]);
	unlink(agent_copy);
	return failed ? 1 : 0;
}
