/*
 * agent.c - pidsim-agent: one labelled process (or thread) of a live trace.
 *
 * The controller (live_ctl.c) starts exactly one agent with execve(): the
 * launcher, in its own namespace, whose one child is the trace root's init,
 * pid 1 of a fresh PID namespace and of a fresh mount namespace (not exec'd:
 * see agent_proto.h). Every other agent is made by an agent, with the very clone3()
 * the trace asks for (plus CLONE_VM and a stack of its own, see
 * agent_proto.h), and goes on running this same loop: wait for one
 * command on the channel, make the one system call it names, send back the
 * kernel's answer. An agent never reaps a child, never ignores SIGCHLD and
 * never creates a process the trace did not ask for, so the kernel's view
 * of the namespace is exactly the trace's.
 *
 * Freestanding (no libc, see agent_arch.h): every function here is safe on
 * a clone3(CLONE_VM) thread that shares the memory of its group. There is
 * no mutable global state; each agent's state lives on its own stack.
 *
 * Invariants: between commands an agent holds exactly one descriptor,
 * AGENT_FD, its end of its own channel; nothing is ever written to stdout
 * or stderr (they are /dev/null).
 */
#include <stddef.h>
#include <stdint.h>

#include <asm/unistd.h>
#include <linux/sched.h>

#include "sim/engine/live/agent_arch.h"
#include "sim/engine/live/agent_proto.h"

/* Constants from uapi headers that do not mix well in a freestanding build. */
#define A_O_RDONLY		00
#define A_O_WRONLY		01
#define A_O_DIRECTORY		0200000
#define A_O_CLOEXEC		02000000
#define A_AT_FDCWD		(-100)
#define A_MS_NOSUID		2
#define A_MS_NODEV		4
#define A_MS_NOEXEC		8
#define A_MS_REC		16384
#define A_MS_PRIVATE		(1 << 18)
#define A_PROT_RW		3
#define A_MAP_PRIVATE_ANON	0x22
#define A_MAP_STACK		0x20000
#define A_SIGKILL		9
#define A_SIGCHLD		17
#define A_SIG_SETMASK		2
#define A_WNOHANG		1
#define A_PR_SET_CHILD_SUBREAPER 36
#define A_CLONE_NEWPID		0x20000000
#define A_CLONE_NEWNS		0x00020000
#define A_PR_SET_PDEATHSIG	1
#define A_PR_SET_DUMPABLE	4
#define A_SOL_SOCKET		1
#define A_SCM_RIGHTS		1
#define A_MSG_NOSIGNAL		0x4000
#define A_EINTR			4
#define A_EBADMSG		74

/* The kernel's user-space msghdr and cmsghdr on LP64 Linux. */
struct a_iovec {
	void *base;
	size_t len;
};

struct a_msghdr {
	void *name;
	int namelen;
	struct a_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};

struct a_cmsghdr {
	size_t len;
	int level;
	int type;
};

#define A_CMSG_SPACE(n)	(sizeof(struct a_cmsghdr) + (((n) + 7) & ~(size_t)7))
#define A_CMSG_LEN(n)	(sizeof(struct a_cmsghdr) + (n))

__asm__(AGENT_ARCH_ASM);

long agent_clone3_thread(struct clone_args *args, size_t size,
			 void (*fn)(void *), void *arg);
void agent_main(long *sp) __attribute__((noreturn, used));

/* The compiler may emit calls to these even in a freestanding build. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

__attribute__((used)) void *memset(void *s, int c, size_t n)
{
	volatile unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

__attribute__((used)) void *memcpy(void *d, const void *s, size_t n)
{
	volatile unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

static __attribute__((noreturn)) void a_exit_group(int code)
{
	for (;;)
		sys_call1(__NR_exit_group, code);
}

static __attribute__((noreturn)) void a_exit_thread(int code)
{
	for (;;)
		sys_call1(__NR_exit, code);
}

static long a_close(int fd)
{
	return sys_call1(__NR_close, fd);
}

static long a_open(const char *path, int flags)
{
	return sys_call4(__NR_openat, A_AT_FDCWD, path, flags, 0);
}

/* Decimal text of v into buf (at least 12 bytes); returns its length. */
static size_t a_itoa(long v, char *buf)
{
	char tmp[24];
	size_t n = 0, len = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[len++] = '-';
	while (n)
		buf[len++] = tmp[--n];
	buf[len] = '\0';
	return len;
}

static char *a_stpcpy(char *d, const char *s)
{
	while ((*d = *s++))
		d++;
	return d;
}

/* Send one message with up to two descriptors. */
static long a_send(const void *buf, size_t len, const int *fds, int nfds)
{
	union {
		char buf[A_CMSG_SPACE(2 * sizeof(int))];
		struct a_cmsghdr align;
	} ctl;
	struct a_iovec iov = { (void *)buf, len };
	struct a_msghdr msg = { 0 };

	msg.iov = &iov;
	msg.iovlen = 1;
	if (nfds > 0) {
		struct a_cmsghdr *c = &ctl.align;
		int *data = (int *)(ctl.buf + sizeof(struct a_cmsghdr));

		memset(&ctl, 0, sizeof(ctl));
		c->len = A_CMSG_LEN(nfds * sizeof(int));
		c->level = A_SOL_SOCKET;
		c->type = A_SCM_RIGHTS;
		for (int i = 0; i < nfds; i++)
			data[i] = fds[i];
		msg.control = ctl.buf;
		msg.controllen = A_CMSG_SPACE(nfds * sizeof(int));
	}
	return sys_call3(__NR_sendmsg, AGENT_FD, &msg, A_MSG_NOSIGNAL);
}

/*
 * Receive one command and at most one descriptor (*fd, else -1). Returns
 * the message length, 0 at end-of-file, or -errno.
 */
static long a_recv(struct agent_cmd *cmd, int *fd, int *fd2)
{
	union {
		char buf[A_CMSG_SPACE(2 * sizeof(int))];
		struct a_cmsghdr align;
	} ctl;
	struct a_iovec iov = { cmd, sizeof(*cmd) };
	struct a_msghdr msg = { 0 };
	long n;

	*fd = *fd2 = -1;
	msg.iov = &iov;
	msg.iovlen = 1;
	msg.control = ctl.buf;
	msg.controllen = sizeof(ctl.buf);
	do
		n = sys_call3(__NR_recvmsg, AGENT_FD, &msg, 0);
	while (n == -A_EINTR);
	if (n > 0 && msg.controllen >= A_CMSG_LEN(sizeof(int))) {
		struct a_cmsghdr *c = (struct a_cmsghdr *)ctl.buf;
		int *data = (int *)(ctl.buf + sizeof(struct a_cmsghdr));
		size_t nfds = (c->len - sizeof(struct a_cmsghdr)) / sizeof(int);

		if (c->level == A_SOL_SOCKET && c->type == A_SCM_RIGHTS) {
			*fd = data[0];
			if (nfds > 1)
				*fd2 = data[1];
			for (size_t i = 2; i < nfds; i++)
				a_close(data[i]);
		}
	}
	return n;
}

static void a_reply(long ret, uint64_t stack, const int *v)
{
	struct agent_reply r = {
		.ret = ret, .stack = stack, .v = { v[0], v[1], v[2] },
	};

	/* A failed send means the controller is gone: the next recv ends us. */
	a_send(&r, sizeof(r), NULL, 0);
}

/*
 * Announce a new agent: a pidfd of ourselves, by which the controller
 * learns our numbers (and, for init, /proc). A thread sends none: a pidfd
 * of a thread needs PIDFD_THREAD (6.9+), and the controller finds a thread
 * among its group's tasks instead.
 */
static void a_hello(int thread, int procfd, int err, int step)
{
	struct agent_hello h = { .magic = AGENT_MAGIC, .err = err, .step = step };
	int fds[2];
	long pidfd = -1;

	if (!err && !thread) {
		pidfd = sys_call2(__NR_pidfd_open, sys_call0(__NR_getpid), 0);
		if (pidfd < 0) {
			h.err = (int)pidfd;
			h.step = ASTEP_PIDFD;
		}
	}
	if (!h.err) {
		if (pidfd >= 0)
			fds[h.nfds++] = (int)pidfd;
		if (procfd >= 0)
			fds[h.nfds++] = procfd;
	}
	a_send(&h, sizeof(h), fds, h.nfds);
	if (pidfd >= 0)
		a_close((int)pidfd);
}

static long a_sysctl_path(int which, const char **path)
{
	switch (which) {
	case ASYS_NS_LAST_PID:
		*path = "/proc/sys/kernel/ns_last_pid";
		return 0;
	case ASYS_PID_MAX:
		*path = "/proc/sys/kernel/pid_max";
		return 0;
	}
	return -A_EBADMSG;
}

/* Write value as decimal text; the errno of open or write is the result. */
static long a_sysctl_write(int which, int value)
{
	const char *path;
	char buf[16];
	size_t len;
	long fd, ret;

	ret = a_sysctl_path(which, &path);
	if (ret)
		return ret;
	fd = a_open(path, A_O_WRONLY | A_O_CLOEXEC);
	if (fd < 0)
		return fd;
	len = a_itoa(value, buf);
	ret = sys_call3(__NR_write, fd, buf, len);
	a_close((int)fd);
	return ret < 0 ? ret : 0;
}

static long a_sysctl_read(int which, int *value)
{
	const char *path;
	char buf[32];
	long fd, n, ret, v = 0;
	int neg = 0, i = 0;

	ret = a_sysctl_path(which, &path);
	if (ret)
		return ret;
	fd = a_open(path, A_O_RDONLY | A_O_CLOEXEC);
	if (fd < 0)
		return fd;
	n = sys_call3(__NR_read, fd, buf, sizeof(buf) - 1);
	a_close((int)fd);
	if (n < 0)
		return n;
	buf[n] = '\0';
	if (buf[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (buf[i] < '0' || buf[i] > '9')
		return -A_EBADMSG;
	for (; buf[i] >= '0' && buf[i] <= '9'; i++)
		v = v * 10 + (buf[i] - '0');
	*value = (int)(neg ? -v : v);
	return 0;
}

static long a_setns(int pid, int children)
{
	char path[64], *p;
	long fd, ret;

	p = a_stpcpy(path, "/proc/");
	p += a_itoa(pid, p);
	a_stpcpy(p, children ? "/ns/pid_for_children" : "/ns/pid");
	fd = a_open(path, A_O_RDONLY | A_O_CLOEXEC);
	if (fd < 0)
		return fd;
	ret = sys_call2(__NR_setns, fd, A_CLONE_NEWPID);
	a_close((int)fd);
	return ret;
}

/*
 * The level of our active namespace, as the kernel counts it: clone3 with
 * a set_tid array of k ones fails with EINVAL while k exceeds level + 1,
 * and with EEXIST (pid 1, ourselves, is taken) once it does not. Nothing is
 * allocated and no cursor moves, since the innermost level fails first.
 */
static long a_probe_level(void)
{
	int32_t ones[AGENT_SET_TID_MAX];
	struct clone_args args;
	long level = -1, ret;

	for (int k = 0; k < AGENT_SET_TID_MAX; k++)
		ones[k] = 1;
	for (int k = 1; k <= 32; k++) {
		memset(&args, 0, sizeof(args));
		args.exit_signal = A_SIGCHLD;
		args.set_tid = (uint64_t)(uintptr_t)ones;
		args.set_tid_size = (uint64_t)k;
		ret = sys_call2(__NR_clone3, &args, sizeof(args));
		if (ret == 0)		/* cannot happen: pid 1 is ours */
			a_exit_group(0);
		if (ret > 0)
			return -A_EBADMSG;
		if (ret == -17)		/* EEXIST */
			level = k - 1;
		else if (ret == -22)	/* EINVAL: k > level + 1 */
			break;
		else
			return ret;
	}
	return level;
}

static void agent_run(int thread) __attribute__((noreturn));
static long a_spawn_root(int chan);

/* What a new agent on its own stack needs; kept at the stack's low end. */
struct agent_start {
	int chan;
	int peer;
	int thread;
};

/*
 * Hold the controller's end of our own channel at AGENT_PEER_FD, or
 * nothing there (peer < 0): never a copy of our creator's.
 */
static void a_keep_peer(int peer)
{
	if (peer < 0) {
		a_close(AGENT_PEER_FD);
		return;
	}
	sys_call3(__NR_dup3, peer, AGENT_PEER_FD, 0);
	a_close(peer);
}

/* Entry of an agent that shares our memory, on its own stack. */
static void agent_entry(void *arg)
{
	volatile struct agent_start *start = arg;
	int fd = start->chan, peer = start->peer, thread = start->thread;

	sys_call3(__NR_dup3, fd, AGENT_FD, 0);
	a_close(fd);
	a_keep_peer(peer);
	a_hello(thread, -1, 0, ASTEP_NONE);
	agent_run(thread);
}

/*
 * Execute clone3 as the trace says. chan is the new agent's channel end,
 * peer (or -1) the controller's, which the new agent keeps for it.
 * Without CLONE_VM the child returns here with *child set; with it (every
 * process and thread the controller asks for) the child starts on its own
 * stack in agent_entry. *stack_used reports that stack.
 */
static long a_clone(const struct agent_cmd *cmd, int chan, int peer,
		    int *child, uint64_t *stack_used)
{
	struct clone_args args;
	volatile struct agent_start *start;
	void *stack;
	long ret;

	*child = 0;
	*stack_used = 0;
	memset(&args, 0, sizeof(args));
	args.flags = cmd->flags;
	args.exit_signal = (uint64_t)(int64_t)cmd->exit_signal;
	if (cmd->set_tid_size > 0) {
		args.set_tid = (uint64_t)(uintptr_t)cmd->set_tid;
		args.set_tid_size = (uint64_t)cmd->set_tid_size;
	}
	if (!(cmd->flags & CLONE_VM)) {
		ret = sys_call2(__NR_clone3, &args, sizeof(args));
		if (ret == 0) {
			/* The new process: take over its channel. */
			sys_call3(__NR_dup3, chan, AGENT_FD, 0);
			a_close(chan);
			a_keep_peer(peer);
			*child = 1;
			return 0;
		}
		a_close(chan);
		if (peer >= 0)
			a_close(peer);
		return ret;
	}

	/* The new agent shares our memory, so it needs a stack of its own. */
	if (cmd->stack) {
		stack = (void *)(uintptr_t)cmd->stack;
	} else {
		ret = sys_call6(__NR_mmap, 0, AGENT_THREAD_STACK, A_PROT_RW,
				A_MAP_PRIVATE_ANON | A_MAP_STACK, -1, 0);
		if (ret < 0 && ret > -4096) {
			a_close(chan);
			if (peer >= 0)
				a_close(peer);
			return ret;
		}
		stack = (void *)ret;
	}
	/* Far below where the new agent's frames grow down from the top. */
	start = stack;
	start->chan = chan;
	start->peer = peer;
	start->thread = (cmd->flags & CLONE_THREAD) != 0;
	args.stack = (uint64_t)(uintptr_t)stack;
	args.stack_size = AGENT_THREAD_STACK;
	ret = agent_clone3_thread(&args, sizeof(args), agent_entry, stack);
	/* Our copies: the child has its own descriptor table. */
	a_close(chan);
	if (peer >= 0)
		a_close(peer);
	if (ret > 0)
		*stack_used = (uint64_t)(uintptr_t)stack;
	else if (!cmd->stack)
		sys_call2(__NR_munmap, stack, AGENT_THREAD_STACK);
	return ret;
}

/*
 * exec P: execve() of this very program, which comes back in agent_main()
 * with an extra argument and answers with a hello. The channel (AGENT_FD,
 * not close-on-exec) is the one thing that survives; returns only on
 * failure. The program is named through the calling thread: /proc/self is
 * the thread group leader, whose exe link is gone (ENOENT) once it has
 * exited alone (`exit P thread`) while this thread still runs.
 */
static long a_exec(void)
{
	static const char prog[] = "/proc/thread-self/exe";
	const char *argv[] = { "pidsim-agent", "exec", 0 };
	const char *envp[] = { 0 };

	return sys_call3(__NR_execve, prog, argv, envp);
}

/* Serve commands until told to exit or the controller goes away. */
static void agent_run(int thread)
{
	struct agent_cmd cmd;
	uint64_t stack;
	int fd, fd2, child, v[3];
	long n, ret;

	for (;;) {
		n = a_recv(&cmd, &fd, &fd2);
		if (n <= 0) {
			/* The controller is gone: take our part of the tree down. */
			if (thread)
				a_exit_thread(0);
			a_exit_group(0);
		}
		if (fd >= 0 && cmd.op != AOP_CLONE && cmd.op != AOP_SPAWN_ROOT) {
			a_close(fd);
			fd = -1;
		}
		if (fd2 >= 0 && cmd.op != AOP_CLONE) {
			a_close(fd2);
			fd2 = -1;
		}
		v[0] = v[1] = v[2] = 0;
		stack = 0;
		switch (n == sizeof(cmd) ? cmd.op : 0) {
		case AOP_CLONE:
			if (fd < 0) {
				ret = -A_EBADMSG;
				break;
			}
			ret = a_clone(&cmd, fd, fd2, &child, &stack);
			if (child) {
				thread = 0;
				a_hello(0, -1, 0, ASTEP_NONE);
				continue;
			}
			break;
		case AOP_UNSHARE:
			ret = sys_call1(__NR_unshare, cmd.flags);
			break;
		case AOP_SETNS:
			ret = a_setns(cmd.arg, cmd.arg2);
			break;
		case AOP_EXIT:
			if (cmd.arg)
				a_exit_thread(0);
			a_exit_group(0);
		case AOP_KILL:
			ret = sys_call2(__NR_kill, cmd.arg,
					cmd.arg2 ? cmd.arg2 : A_SIGKILL);
			break;
		case AOP_SIGCHLD: {
			uint64_t act[4] = { cmd.arg ? 1 : 0 };	/* SIG_IGN : SIG_DFL */

			ret = sys_call4(__NR_rt_sigaction, A_SIGCHLD, act, 0, 8);
			break;
		}
		case AOP_EXEC:
			/* only a failed execve() gets here: a hello with its errno */
			a_hello(thread, -1, (int)a_exec(), ASTEP_NONE);
			continue;
		case AOP_WAIT:
			ret = sys_call4(__NR_wait4, cmd.arg, 0, A_WNOHANG, 0);
			break;
		case AOP_SETSID:
			ret = sys_call0(__NR_setsid);
			break;
		case AOP_SETPGID:
			ret = sys_call2(__NR_setpgid, cmd.arg2, cmd.arg);
			break;
		case AOP_SUBREAPER:
			ret = sys_call5(__NR_prctl, A_PR_SET_CHILD_SUBREAPER, 1,
					0, 0, 0);
			break;
		case AOP_SYSCTL_WRITE:
			ret = a_sysctl_write(cmd.arg, cmd.arg2);
			break;
		case AOP_SYSCTL_READ:
			ret = a_sysctl_read(cmd.arg, &v[0]);
			break;
		case AOP_GETIDS:
			v[0] = (int)sys_call0(__NR_getppid);
			v[1] = (int)sys_call1(__NR_getpgid, 0);
			v[2] = (int)sys_call1(__NR_getsid, 0);
			ret = 0;
			break;
		case AOP_PROBE_LEVEL:
			ret = a_probe_level();
			break;
		case AOP_SPAWN_ROOT:
			if (fd < 0) {
				ret = -A_EBADMSG;
				break;
			}
			ret = a_spawn_root(fd);
			break;
		default:
			ret = -A_EBADMSG;
			break;
		}
		a_reply(ret, stack, v);
	}
}

/*
 * The trace root's init: pid 1 of a new PID and mount namespace, forked by
 * the launcher. Give it a /proc of its own namespace, send the controller
 * a descriptor of it, then serve.
 */
static void __attribute__((noreturn)) agent_root_init(int chan)
{
	long ret, procfd = -1;
	int step = ASTEP_NONE;

	/* Should the launcher die, the kernel takes the whole tree down. */
	sys_call5(__NR_prctl, A_PR_SET_PDEATHSIG, A_SIGKILL, 0, 0, 0);
	sys_call3(__NR_dup3, chan, AGENT_FD, 0);
	a_close(chan);
	ret = sys_call5(__NR_mount, 0, "/", 0, A_MS_REC | A_MS_PRIVATE, 0);
	if (ret) {
		step = ASTEP_MOUNT_PRIVATE;
		goto out_hello;
	}
	ret = sys_call5(__NR_mount, "proc", "/proc", "proc",
			A_MS_NOSUID | A_MS_NODEV | A_MS_NOEXEC, 0);
	if (ret) {
		step = ASTEP_MOUNT_PROC;
		goto out_hello;
	}
	procfd = a_open("/proc", A_O_RDONLY | A_O_DIRECTORY | A_O_CLOEXEC);
	if (procfd < 0) {
		ret = procfd;
		step = ASTEP_OPEN_PROC;
		goto out_hello;
	}
out_hello:
	a_hello(0, (int)procfd, (int)ret, step);
	if (procfd >= 0)
		a_close((int)procfd);
	if (ret)
		a_exit_group(1);
	agent_run(0);
}

/* Launcher: fork the trace root's init (it returns nothing in the child). */
static long a_spawn_root(int chan)
{
	struct clone_args args;
	long ret;

	memset(&args, 0, sizeof(args));
	args.flags = A_CLONE_NEWPID | A_CLONE_NEWNS;
	args.exit_signal = A_SIGCHLD;
	ret = sys_call2(__NR_clone3, &args, sizeof(args));
	if (ret == 0)
		agent_root_init(chan);
	a_close(chan);
	return ret;
}

/*
 * The launcher, right after execve() in the controller's namespace: signals
 * as the kernel's defaults (SIGCHLD must not be ignored: the trace root's
 * init is our child and must stay a zombie until we are told to reap it),
 * then serve like any agent.
 */
void agent_main(long *sp)
{
	uint64_t none = 0;

	/*
	 * An agent that ran `exec P` comes back here with argc 2: it keeps
	 * the signal actions exec kept (SIGCHLD ignored stays ignored), and
	 * announces itself again, now as a group's only thread.
	 */
	/*
	 * No core dumps: `kill P T QUIT` must end an agent as it ends a
	 * process without a handler, without writing a core file anywhere
	 * (core_pattern may even be a pipe, which RLIMIT_CORE 0 does not
	 * stop). Dumpability belongs to the memory, which exec replaces.
	 */
	sys_call5(__NR_prctl, A_PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (sp[0] > 1) {
		a_hello(0, -1, 0, ASTEP_NONE);
		agent_run(0);
	}
	for (int sig = 1; sig <= 64; sig++) {
		uint64_t act[4] = { 0 };	/* handler SIG_DFL, no flags, empty mask */

		sys_call4(__NR_rt_sigaction, sig, act, 0, sizeof(none));
	}
	sys_call4(__NR_rt_sigprocmask, A_SIG_SETMASK, &none, 0, sizeof(none));
	a_hello(0, -1, 0, ASTEP_NONE);
	agent_run(0);
}
