/*
 * live_ctl.c - the live engine's plumbing: starting and killing trace
 * roots, talking to agents over their channels, reading /proc, and making
 * sure no process outlives the program.
 *
 * A trace root is the agent program exec'd as pid 1 of a new PID and mount
 * namespace, a child of this process. Killing it from here (an ancestor
 * namespace) makes the kernel kill every process of its namespace tree, and
 * it becomes reapable only once that tree is empty: so reaping it is the
 * proof that everything is gone. Every live root is recorded in a small
 * table that the signal handlers and the atexit hook walk; the table is
 * only changed with those signals blocked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine_live.h"
#include "live_int.h"

#define LIVE_MAX_ROOTS	16

static volatile pid_t live_roots[LIVE_MAX_ROOTS];
static bool live_installed;
static const int live_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

double live_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void live_block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(live_signals) / sizeof(live_signals[0]); i++)
		sigaddset(&set, live_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Kill every recorded root and reap it; async-signal-safe. */
static void live_kill_all(void)
{
	for (int i = 0; i < LIVE_MAX_ROOTS; i++)
		if (live_roots[i] > 0)
			kill(live_roots[i], SIGKILL);
	for (int i = 0; i < LIVE_MAX_ROOTS; i++) {
		pid_t pid = live_roots[i];

		if (pid <= 0)
			continue;
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		live_roots[i] = 0;
	}
}

static void live_on_signal(int sig)
{
	sigset_t set;
	int saved = errno;

	live_kill_all();
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	errno = saved;
}

static void live_at_exit(void)
{
	live_kill_all();
}

void live_cleanup_install(void)
{
	struct sigaction sa;

	if (live_installed)
		return;
	live_installed = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = live_on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(live_signals) / sizeof(live_signals[0]); i++) {
		struct sigaction old;

		/* Leave alone a signal the caller chose to ignore (nohup). */
		if (sigaction(live_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN && live_signals[i] != SIGPIPE)
			continue;
		sigaction(live_signals[i], &sa, NULL);
	}
	atexit(live_at_exit);
}

static int live_register(pid_t pid)
{
	for (int i = 0; i < LIVE_MAX_ROOTS; i++) {
		if (live_roots[i] <= 0) {
			live_roots[i] = pid;
			return 0;
		}
	}
	return -EBUSY;
}

static void live_unregister(pid_t pid)
{
	sigset_t old;

	live_block(&old);
	for (int i = 0; i < LIVE_MAX_ROOTS; i++)
		if (live_roots[i] == pid)
			live_roots[i] = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* In the new root: become the agent. Only async-signal-safe calls. */
static void __attribute__((noreturn)) live_child_exec(const char *path, int chan)
{
	char *argv[] = { (char *)"pidsim-agent", NULL };
	char *envp[] = { NULL };
	int null;

	/* Should this program die, the kernel takes the whole tree down. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (chan == AGENT_FD) {
		if (fcntl(chan, F_SETFD, 0))
			_exit(127);
	} else if (dup2(chan, AGENT_FD) < 0) {
		_exit(127);
	}
	null = open("/dev/null", O_RDWR);
	for (int fd = 0; fd < 3; fd++)
		if (null >= 0 && null != fd)
			dup2(null, fd);
	close_range(AGENT_FD + 1, ~0U, 0);
	execve(path, argv, envp);
	_exit(127);
}

int live_send(int chan, const struct agent_cmd *cmd, int passfd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { (void *)cmd, sizeof(*cmd) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (passfd >= 0) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &passfd, sizeof(int));
	}
	do
		n = sendmsg(chan, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof(*cmd) ? 0 : -EPROTO;
}

static int live_poll_in(int chan, unsigned int timeout_ms)
{
	struct pollfd p = { .fd = chan, .events = POLLIN };
	double deadline = live_now_ms() + timeout_ms;
	int n;

	for (;;) {
		int left = (int)(deadline - live_now_ms());

		n = poll(&p, 1, left > 0 ? left : 0);
		if (n > 0)
			return 0;
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

ssize_t live_recv(int chan, void *buf, size_t len, int *fds, int maxfds,
		  unsigned int timeout_ms)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { buf, len };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *c;
	ssize_t n;
	int ret, got = 0;

	for (int i = 0; i < maxfds; i++)
		fds[i] = -1;
	ret = live_poll_in(chan, timeout_ms);
	if (ret)
		return ret;
	do
		n = recvmsg(chan, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == ECONNRESET ? 0 : -errno;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		size_t k;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (got < maxfds)
				fds[got++] = fd;
			else
				close(fd);
		}
	}
	if (n > 0 && (size_t)n != len) {
		for (int i = 0; i < got; i++) {
			close(fds[i]);
			fds[i] = -1;
		}
		return -EPROTO;
	}
	return n;
}

int live_wait_eof(int chan, unsigned int timeout_ms)
{
	char buf[sizeof(struct agent_reply) + 64];
	double deadline = live_now_ms() + timeout_ms;

	for (;;) {
		int left = (int)(deadline - live_now_ms());
		int ret = live_poll_in(chan, left > 0 ? (unsigned int)left : 0);
		ssize_t n;

		if (ret)
			return ret;
		n = recv(chan, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return 0;
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return -errno;
		/* A stray reply: keep waiting for the end. */
	}
}

ssize_t live_read_at(int dirfd, const char *path, char *buf, size_t len)
{
	size_t got = 0;
	int fd, err = 0;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got + 1 < len) {
		ssize_t n = read(fd, buf + got, len - 1 - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out_close;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
out_close:
	close(fd);
	return err ? err : (ssize_t)got;
}

static const char *live_find_key(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':')
			return p + klen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

int live_parse_levels(const char *text, const char *key, struct nspid *out)
{
	const char *p = live_find_key(text, key);

	out->n = 0;
	if (!p)
		return -ENOENT;
	while (*p && *p != '\n') {
		char *end;
		long v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n' || !*p)
			break;
		v = strtol(p, &end, 10);
		if (end == p || out->n >= NSPID_MAX)
			return -EPROTO;
		out->nr[out->n++] = (int)v;
		p = end;
	}
	return out->n ? 0 : -EPROTO;
}

int live_parse_field(const char *text, const char *key, long long *out)
{
	const char *p = live_find_key(text, key);
	char *end;

	if (!p)
		return -ENOENT;
	*out = strtoll(p, &end, 10);
	return end == p ? -EPROTO : 0;
}

int live_parse_hex(const char *text, const char *key, unsigned long long *out)
{
	const char *p = live_find_key(text, key);
	char *end;

	if (!p)
		return -ENOENT;
	*out = strtoull(p, &end, 16);
	return end == p ? -EPROTO : 0;
}

int live_parse_stat(const char *text, struct live_stat *st)
{
	const char *p = strrchr(text, ')');
	unsigned long long v[32];
	int field = 3;

	/* Fields after "pid (comm)": 3 state, 4 ppid, 5 pgrp, ..., 31 signal. */
	if (!p || p[1] != ' ' || !p[2])
		return -EPROTO;
	st->state = p[2];
	p += 3;
	while (field < 31) {
		char *end;

		field++;
		while (*p == ' ')
			p++;
		v[field] = strtoull(p, &end, 10);
		if (end == p)
			return -EPROTO;
		p = end;
	}
	st->pgrp = (int)v[5];
	st->session = (int)v[6];
	st->flags = (unsigned long)v[9];
	st->pending = v[31];
	return 0;
}

int live_pidfd_released(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int n;

	do
		n = poll(&p, 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n > 0 && (p.revents & POLLHUP) ? 1 : 0;
}

int live_pidfd_nspid(int pidfd, struct nspid *out)
{
	char path[64], buf[1024];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	n = live_read_at(AT_FDCWD, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return live_parse_levels(buf, "NSpid", out);
}

void live_kernel_version(int *major, int *minor, char *release, size_t len)
{
	struct utsname u;

	*major = *minor = 0;
	if (uname(&u))
		return;
	if (release)
		snprintf(release, len, "%s", u.release);
	sscanf(u.release, "%d.%d", major, minor);
}

static int live_call(int chan, const struct agent_cmd *cmd,
		     struct agent_reply *rep, unsigned int timeout_ms)
{
	int ret = live_send(chan, cmd, -1);
	ssize_t n;

	if (ret)
		return ret;
	n = live_recv(chan, rep, sizeof(*rep), NULL, 0, timeout_ms);
	if (n < 0)
		return (int)n;
	return n == 0 ? -EPIPE : 0;
}

static const char *const live_step_names[] = {
	[ASTEP_NONE] = "start",
	[ASTEP_MOUNT_PRIVATE] = "making / private in the new mount namespace",
	[ASTEP_MOUNT_PROC] = "mounting /proc for the new PID namespace",
	[ASTEP_OPEN_PROC] = "opening the new /proc",
	[ASTEP_PIDFD] = "pidfd_open() of itself",
};

int live_root_spawn(const char *path, unsigned int timeout_ms,
		    struct live_root *r, char *why, size_t whylen)
{
	struct clone_args args = {
		.flags = CLONE_NEWPID | CLONE_NEWNS,
		.exit_signal = SIGCHLD,
	};
	struct agent_cmd cmd = { .op = AOP_PROBE_LEVEL };
	struct agent_reply rep;
	struct agent_hello h;
	struct nspid ns;
	sigset_t old;
	int sv[2], fds[2], ret;
	ssize_t n;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->chan = r->pidfd = r->procfd = -1;
	live_cleanup_install();
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		ret = -errno;
		snprintf(why, whylen, "socketpair: %s", strerror(-ret));
		return ret;
	}

	/* No signal may find the root started but not yet recorded. */
	live_block(&old);
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		live_child_exec(path, sv[1]);
	ret = pid < 0 ? -errno : live_register(pid);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		snprintf(why, whylen, "clone3(CLONE_NEWPID|CLONE_NEWNS): %s%s",
			 strerror(-ret),
			 ret == -ENOSYS ? " (no clone3 in this kernel)" : "");
		return ret;
	}
	r->host_pid = pid;
	r->chan = sv[0];
	if (ret) {
		snprintf(why, whylen, "too many trace roots at once");
		goto out_kill;
	}

	n = live_recv(r->chan, &h, sizeof(h), fds, 2, timeout_ms);
	if (n <= 0) {
		ret = n ? (int)n : -ENOEXEC;
		snprintf(why, whylen, "the agent %s did not start: %s", path,
			 n ? strerror(-ret) : "it exited (cannot be executed?)");
		goto out_kill;
	}
	if (h.magic != AGENT_MAGIC || h.err || fds[0] < 0 || fds[1] < 0) {
		ret = h.err ? h.err : -EPROTO;
		snprintf(why, whylen, "the trace root's init failed %s: %s",
			 h.step >= 0 && h.step <= ASTEP_PIDFD ?
			 live_step_names[h.step] : "its setup",
			 strerror(-ret));
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		goto out_kill;
	}
	r->pidfd = fds[0];
	r->procfd = fds[1];

	ret = live_call(r->chan, &cmd, &rep, timeout_ms);
	if (!ret && rep.ret < 0)
		ret = (int)rep.ret;
	if (ret) {
		snprintf(why, whylen, "probing the namespace level: %s",
			 strerror(-ret));
		goto out_kill;
	}
	r->base_level = (unsigned int)rep.ret;

	ret = live_pidfd_nspid(r->pidfd, &ns);
	if (ret || ns.nr[ns.n - 1] != 1) {
		ret = ret ? ret : -EPROTO;
		snprintf(why, whylen, "reading init's NSpid: %s", strerror(-ret));
		goto out_kill;
	}
	r->skip = ns.n - 1;
	return 0;

out_kill:
	live_root_kill(r, timeout_ms);
	return ret;
}

int live_root_kill(struct live_root *r, unsigned int timeout_ms)
{
	double deadline = live_now_ms() + timeout_ms;
	int ret = 0;

	if (r->host_pid > 0) {
		kill(r->host_pid, SIGKILL);
		for (;;) {
			pid_t w = waitpid(r->host_pid, NULL, WNOHANG);

			if (w == r->host_pid || (w < 0 && errno == ECHILD))
				break;
			if (w < 0 && errno != EINTR) {
				ret = -errno;
				break;
			}
			if (live_now_ms() > deadline) {
				/* Left in the table: atexit tries again. */
				ret = -ETIMEDOUT;
				goto out_close;
			}
			usleep(200);
		}
		live_unregister(r->host_pid);
		r->host_pid = 0;
	}
out_close:
	if (r->chan >= 0)
		close(r->chan);
	if (r->pidfd >= 0)
		close(r->pidfd);
	if (r->procfd >= 0)
		close(r->procfd);
	r->chan = r->pidfd = r->procfd = -1;
	return ret;
}

/* An executable file at path? Copied into buf (static storage). */
static const char *live_try_agent(const char *path)
{
	static char buf[4096];
	size_t len = path ? strlen(path) : 0;

	if (!len || len >= sizeof(buf) || access(path, X_OK))
		return NULL;
	memcpy(buf, path, len + 1);
	return buf;
}

const char *live_agent_path(void)
{
	char self[4000], beside[4096], *slash;
	const char *p;
	ssize_t n;

	p = getenv("PIDSIM_AGENT");
	if (p && *p)
		return live_try_agent(p);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(beside, sizeof(beside), "%s/pidsim-agent", self);
			p = live_try_agent(beside);
			if (p)
				return p;
		}
	}
#ifdef PIDSIM_AGENT_BUILD
	p = live_try_agent(PIDSIM_AGENT_BUILD);
	if (p)
		return p;
#endif
#ifdef PIDSIM_AGENT_INSTALL
	p = live_try_agent(PIDSIM_AGENT_INSTALL);
	if (p)
		return p;
#endif
	return NULL;
}
