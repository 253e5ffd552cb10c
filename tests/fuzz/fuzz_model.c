/*
 * fuzz_model.c - libFuzzer harness of the kernel model (model/).
 *
 * The input bytes are decoded into a machine configuration and then a
 * sequence of system calls made by live tasks of that machine: fork, clone
 * with any mix of flags, set_tid arrays and late failures, unshare, setns
 * to any task's namespaces, exit, kill, waitpid, setsid, setpgid, the
 * subreaper flag and both pid sysctls. Numbers given to kill, wait and
 * setpgid are either a real task's number as the caller sees it or raw
 * values, so invisible and stale numbers are exercised too.
 *
 * After every call the harness runs machine_check(), checks that the
 * machine is settled (settling it again changes nothing) and a few
 * properties the kernel guarantees (below, check_*()); any violation
 * aborts with a message, which libFuzzer reports as a crash. A violation
 * is a model bug.
 *
 * Invariants of the harness itself: it keeps no task pointer across a call
 * (a call may release any task), it only lets running tasks make calls (a
 * zombie cannot), and it respects every entry point's documented contract,
 * so that a crash always means the model broke, not the harness.
 *
 * Decoding is total: every byte string is a valid program (missing bytes
 * read as 0), so that the fuzzer never wastes inputs on a parse error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/check.h"
#include "model/err.h"
#include "model/exit.h"
#include "model/fork.h"
#include "model/machine.h"
#include "model/nsproxy.h"
#include "model/pid.h"
#include "model/pid_limits.h"
#include "model/pid_namespace.h"
#include "model/pid_sysctl.h"
#include "model/profile.h"
#include "tests/fuzz/settled.h"
#include "model/sigkill.h"
#include "model/signal.h"
#include "model/sys.h"
#include "model/syscall.h"
#include "model/task.h"

#define OPS_MAX		400	/* calls per input: keeps one run short */
#define TASKS_MAX	600	/* no more forks beyond this many tasks */
#define NS_MAX		48	/* nor new namespaces beyond this many */

/* The input, read front to back; past its end every read gives 0. */
struct input {
	const uint8_t *p;
	size_t n;
};

static unsigned int u8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static unsigned int u16(struct input *in)
{
	unsigned int v = u8(in);

	return v | u8(in) << 8;
}

static int s32(struct input *in)
{
	uint32_t v = (uint32_t)u16(in);

	v |= (uint32_t)u16(in) << 16;
	return (int)v;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz_model: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/* FUZZ_MODEL_TRACE=1 in the environment: print each call as it is made. */
static bool verbose;

static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static bool running(const struct task_struct *t)
{
	return !(t->flags & PF_EXITING) && !t->exit_state && !t->released;
}

/* The k-th (mod count) task on m->tasks satisfying want, or NULL. */
static struct task_struct *pick(struct machine *m, unsigned int k,
				bool want_running)
{
	struct task_struct *t;
	unsigned int n = 0;

	list_for_each_entry(t, &m->tasks, node)
		if (!want_running || running(t))
			n++;
	if (!n)
		return NULL;
	k %= n;
	list_for_each_entry(t, &m->tasks, node) {
		if (want_running && !running(t))
			continue;
		if (!k--)
			return t;
	}
	return NULL;
}

/*
 * A number for kill/wait/setpgid as current would pass it: mostly some
 * task's number in current's namespace (0 when invisible there), else a
 * raw value around the interesting ones.
 */
static int some_nr(struct input *in, struct machine *m,
		   const struct task_struct *current)
{
	unsigned int how = u8(in);
	const struct task_struct *t;

	switch (how % 8) {
	case 0:
		return (int)(u8(in) % 8);	/* 0..7: inits, early pids */
	case 1:
		return s32(in);
	default:
		t = pick(m, u8(in), false);
		if (!t)
			return 1;
		return task_pid_nr_ns(t, (how & 8) ? PIDTYPE_TGID : PIDTYPE_PID,
				      task_active_pid_ns(current));
	}
}

/* A value for ns_last_pid or pid_max near the edges that matter. */
static int sysctl_value(struct input *in, const struct task_struct *current)
{
	int pid_max = pid_max_read(current);

	switch (u8(in) % 8) {
	case 0:
		return RESERVED_PIDS - 2 + (int)(u8(in) % 5);	/* 298..302 */
	case 1:
		return pid_max - 3 + (int)(u8(in) % 6);
	case 2:
		return ns_last_pid_read(current) + (int)(u8(in) % 16) - 8;
	case 3:
		return s32(in);
	case 4:
		return -1 + (int)(u8(in) % 3);
	case 5:
		return PID_MAX_LIMIT - 1 + (int)(u8(in) % 3);
	default:
		return RESERVED_PIDS + 1 + (int)(u16(in) % 64);	/* 301.. */
	}
}

/* machine_check(), and settled as machine.h promises (settled.h). */
static void check_machine(struct machine *m, const char *after)
{
	char msg[256];

	if (machine_check(m, msg, sizeof(msg)) || machine_settled(m, msg, sizeof(msg)))
		fail("after %s: %s", after, msg);
}

/*
 * What the kernel guarantees of a successful fork: fork() returns the
 * child's number in the caller's namespace, which is never 0; a cyclic
 * number (no set_tid) in the caller's own namespace moves its cursor
 * there; every level's number is below that level's pid_max, but for
 * set_tid numbers (checked at the time) and numbers kept from before a
 * pid_max was lowered, which cannot be new.
 */
static void check_fork(struct task_struct *current, struct task_struct *child,
		       int ret, bool set_tid)
{
	const struct pid *pid = task_pid(child);
	const struct pid_namespace *active = task_active_pid_ns(current);

	if (ret <= 0)
		fail("fork returned %d for a new task", ret);
	if (ret != task_pid_nr_ns(child, PIDTYPE_PID, active))
		fail("fork returned %d, child's number there is %d", ret,
		     task_pid_nr_ns(child, PIDTYPE_PID, active));
	if (!running(child))
		fail("a new child is not running");
	for (unsigned int i = 0; i <= pid->level; i++) {
		const struct pid_namespace *ns = pid->numbers[i].key.ns;
		int nr = pid->numbers[i].key.nr;

		if (nr < 1 || (!set_tid && nr >= pid_ns_pid_max(ns)))
			fail("level %u number %d outside [1, %d)", i, nr,
			     pid_ns_pid_max(ns));
	}
	if (!set_tid && ns_of_pid(pid) == active &&
	    ns_last_pid_read(current) != ret)
		fail("fork gave %d but ns_last_pid reads %d", ret,
		     ns_last_pid_read(current));
}

static void op_clone(struct input *in, struct machine *m,
		     struct task_struct *current, bool plain)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };
	int set_tid[MAX_PID_NS_LEVEL + 2];
	struct task_struct *child;
	unsigned int bits = plain ? 0 : u8(in);
	int ret;

	if (m->nr_tasks >= TASKS_MAX)
		return;
	if ((bits & 1) && m->nr_namespaces < NS_MAX)
		args.flags |= CLONE_NEWPID;
	if (bits & 2)	/* a thread as pthread_create() makes it, or broken */
		args.flags |= (bits & 0x40) ? CLONE_THREAD :
			      CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
	if (bits & 4)
		args.flags |= CLONE_PARENT;
	if (bits & 8) {
		args.clone3 = true;
		if (args.flags & (CLONE_THREAD | CLONE_PARENT))
			args.exit_signal = (bits & 0x80) ? SIGCHLD : 0;
	}
	if ((bits & 0x18) == 0x18) {
		unsigned int n = u8(in) % (MAX_PID_NS_LEVEL + 2);
		unsigned int i;

		for (i = 0; i < n; i++) {
			unsigned int how = u8(in);

			set_tid[i] = (how & 3) == 0 ? 1 :
				     (how & 3) == 1 ? (int)(u16(in) % 700) :
				     (how & 3) == 2 ? ns_last_pid_read(current) + 1 + (int)(how >> 2) % 4 :
				     s32(in);
		}
		args.set_tid = n ? set_tid : NULL;
		args.set_tid_size = n;
	}
	if (bits & 0x20) {
		static const int late[] = { -EFAULT, -EAGAIN, -EINTR, -ENOMEM };

		args.fail_late = late[u8(in) % 4];
	}
	note(" flags %#lx clone3 %d exit_signal %d set_tid", args.flags,
	     args.clone3, args.exit_signal);
	for (size_t i = 0; i < args.set_tid_size; i++)
		note("%s%d", i ? "," : "=", set_tid[i]);
	note(" fail_late %d", args.fail_late);
	ret = kernel_clone(current, &args, &child);
	note(" -> %d\n", ret);
	check_machine(m, "clone");
	if (ret >= 0 || child) {
		if (!child)
			fail("clone returned %d but no child", ret);
		check_fork(current, child, ret, args.set_tid_size > 0);
	} else if (ret < -MAX_ERRNO) {
		fail("clone returned %d", ret);
	}
}

static void op_setns(struct input *in, struct machine *m,
		     struct task_struct *current)
{
	unsigned int how = u8(in);
	struct task_struct *t = pick(m, u8(in), false);
	struct pid_namespace *ns;

	if (!t)
		return;
	ns = (how & 1) ? pidns_for_children_get(t) : pidns_get(t);
	note(" to task %d's %s -> %d\n", task_pid_nr_ns(t, PIDTYPE_PID, m->root),
	     (how & 1) ? "pid_for_children" : "pid", ns ? pidns_install(current, ns)
							: -ENOENT);
}

static void op_sysctl(struct input *in, struct task_struct *current, bool last)
{
	int v = sysctl_value(in, current);
	int ret;

	note(" %d", v);
	if (last) {
		ret = ns_last_pid_write(current, v);
		if (!ret && ns_last_pid_read(current) != v)
			fail("ns_last_pid %d written, %d read", v,
			     ns_last_pid_read(current));
	} else {
		ret = pid_max_write(current, v);
		if (!ret && pid_max_read(current) != v)
			fail("pid_max %d written, %d read", v, pid_max_read(current));
	}
	note(" -> %d\n", ret);
	if (ret && ret != -EINVAL)
		fail("sysctl write returned %d", ret);
}

static const char *const op_names[16] = {
	"fork", "fork", "clone", "clone", "clone", "unshare", "setns", "exit",
	"kill", "wait", "wait", "setsid", "setpgid", "subreaper",
	"ns_last_pid", "pid_max",
};

/* One call by a running task; false when no task can call anything. */
static bool step(struct input *in, struct machine *m)
{
	unsigned int op = u8(in) % 16;
	struct task_struct *current = pick(m, u8(in), true);
	int nr, nr2;

	if (!current)
		return false;
	note("%s by %d (level %u)", op_names[op],
	     task_pid_nr_ns(current, PIDTYPE_PID, m->root),
	     task_active_pid_ns(current)->level);
	switch (op) {
	case 0:
	case 1:
		op_clone(in, m, current, true);
		return true;	/* checked inside */
	case 2:
	case 3:
	case 4:
		op_clone(in, m, current, false);
		return true;
	case 5:
		note(" -> %d\n", m->nr_namespaces < NS_MAX ?
		     ksys_unshare_newpid(current) : -ENOSPC);
		break;
	case 6:
		op_setns(in, m, current);
		break;
	case 7:
		note("\n");
		if (thread_group_leader(current))
			sys_exit_group(current);
		else
			sys_exit(current);
		break;
	case 8:
		nr = some_nr(in, m, current);
		note(" %d -> %d\n", nr, nr > 0 ? sys_kill(current, nr, SIGKILL) : -ESRCH);
		break;
	case 9:
	case 10:
		nr = some_nr(in, m, current);
		note(" %d -> %d\n", nr, sys_wait4(current, nr, NULL));
		break;
	case 11:
		note(" -> %d\n", sys_setsid(current));
		break;
	case 12:
		nr = (u8(in) & 1) ? 0 : some_nr(in, m, current);
		nr2 = (u8(in) & 1) ? 0 : some_nr(in, m, current);
		note(" %d %d -> %d\n", nr, nr2, sys_setpgid(current, nr, nr2));
		break;
	case 13:
		nr = (int)(u8(in) & 1);
		note(" %d -> %d\n", nr, prctl_set_child_subreaper(current, nr));
		break;
	case 14:
		op_sysctl(in, current, true);
		break;
	case 15:
		op_sysctl(in, current, false);
		break;
	}
	check_machine(m, op_names[op]);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	const struct kernel_profile *profiles;
	struct machine_config cfg = { 0 };
	struct machine *m;
	unsigned int nprof, c, i;
	int err;

	verbose = getenv("FUZZ_MODEL_TRACE") != NULL;
	profiles = kernel_profiles(&nprof);
	c = u8(&in);
	cfg.profile = &profiles[c % nprof];
	cfg.base_level = (c >> 4) % 4;		/* 0..3: as a live root sits */
	c = u8(&in);
	if (c & 1)	/* a small root pid_max makes exhaustion cheap */
		cfg.root_pid_max = RESERVED_PIDS + 1 + (int)(c >> 1);
	m = machine_new(&cfg, &err);
	if (!m)
		fail("machine_new: %d", err);
	note("profile %s, base level %u, root pid_max %d\n", cfg.profile->name,
	     cfg.base_level, cfg.root_pid_max);
	check_machine(m, "machine_new");
	for (i = 0; i < OPS_MAX && in.n; i++)
		if (!step(&in, m))
			break;
	machine_free(m);
	return 0;
}
