/*
 * live_root.c - trace roots of the live engine (live_root.h): starting
 * and killing them, and making sure no process outlives the program.
 *
 * A trace root is made in two steps: the agent program is exec'd as the
 * launcher, our child in our own namespace, and the launcher forks the
 * root's init into a new PID and mount namespace. The init is never exec'd,
 * so that its parent (the launcher) can still move it out of a process
 * group: a namespace init whose group is led by another process of its own
 * namespace can never finish exiting (zap_pid_ns_processes waits for that
 * group's pid, which only the init's own release would free), and then no
 * process of the namespace could ever be taken down.
 *
 * Killing init from outside (an ancestor namespace) makes the kernel kill
 * every process of its namespace tree, and init becomes reapable only once
 * that tree is empty: so reaping it is the proof that everything is gone.
 *
 * Signals: SIGINT, SIGTERM, SIGHUP and SIGPIPE only raise a flag; the engine
 * stops at its next step (-EINTR), tears its trace down with all the care
 * above, and the signal is raised again once no root is left. A second
 * signal, or LIVE_STOP_GRACE_S seconds without that happening, kills every
 * recorded root at once from the handler. Every wait is bounded. We are a
 * child subreaper, so that a root whose launcher died comes back to us to
 * be reaped (that changes nothing inside a trace: the kernel looks for
 * subreapers only among ancestors of the same namespace level).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/engine/live/engine_live.h"
#include "sim/engine/live/live_chan.h"
#include "sim/engine/live/live_proc.h"
#include "sim/engine/live/live_root.h"
#include "sim/engine/live/live_stop.h"

#ifndef P_PIDFD
#define P_PIDFD		3
#endif

#define LIVE_MAX_ROOTS		16
#define LIVE_HARD_TIMEOUT_MS	5000

/* The roots the handlers must be able to kill; changed with signals blocked. */
static struct {
	volatile pid_t launcher;
	volatile int init_pidfd;
} live_roots[LIVE_MAX_ROOTS];
static bool live_installed;
static const int live_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGALRM };

static void live_block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(live_signals) / sizeof(live_signals[0]); i++)
		sigaddset(&set, live_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void live_nap(void)
{
	struct timespec ts = { 0, 200 * 1000 };

	nanosleep(&ts, NULL);
}

/*
 * Kill one root outright and wait (bounded) until its init is released:
 * async-signal-safe. The pidfd keeps us from signalling a recycled number.
 */
static int live_kill_hard(pid_t launcher, int init_pidfd, unsigned int timeout_ms)
{
	double deadline = live_now_ms() + timeout_ms;
	int ret = -ETIMEDOUT;

	if (init_pidfd >= 0)
		syscall(SYS_pidfd_send_signal, init_pidfd, SIGKILL, NULL, 0);
	if (launcher > 0)
		kill(launcher, SIGKILL);
	while (live_now_ms() < deadline) {
		struct pollfd p = { .fd = init_pidfd, .events = POLLIN };
		siginfo_t si;
		bool gone = true;

		if (launcher > 0) {
			pid_t w = waitpid(launcher, NULL, WNOHANG);

			if (w == launcher || (w < 0 && errno == ECHILD))
				launcher = 0;
			else
				gone = false;
		}
		if (init_pidfd >= 0) {
			/* Orphaned, it is ours to reap (we are a subreaper). */
			memset(&si, 0, sizeof(si));
			waitid(P_PIDFD, init_pidfd, &si, WEXITED | WNOHANG);
			if (poll(&p, 1, 0) == 1 && (p.revents & POLLHUP))
				init_pidfd = -1;
			else
				gone = false;
		}
		if (gone) {
			ret = 0;
			break;
		}
		live_nap();
	}
	return ret;
}

/* Kill every recorded root at once; async-signal-safe. */
static void live_kill_all(void)
{
	for (int i = 0; i < LIVE_MAX_ROOTS; i++) {
		if (live_roots[i].launcher <= 0)
			continue;
		live_kill_hard(live_roots[i].launcher, live_roots[i].init_pidfd,
			       LIVE_HARD_TIMEOUT_MS);
		live_roots[i].launcher = 0;
		/* The descriptor is left open: the handler may not free it. */
	}
}

static bool live_any_root(void)
{
	for (int i = 0; i < LIVE_MAX_ROOTS; i++)
		if (live_roots[i].launcher > 0)
			return true;
	return false;
}

/* Die of the signal we were stopped by, now that nothing is left. */
static void live_die(int sig)
{
	sigset_t set;

	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

static void live_on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGALRM) {
		/* The grace period is over. */
		if (!live_stop_sig)
			goto out;
		sig = live_stop_sig;
	} else if (!live_stop_sig && live_any_root()) {
		/* Ask the engine to stop and clean up; it has a while. */
		live_stop_sig = sig;
		alarm(LIVE_STOP_GRACE_S);
		goto out;
	} else if (live_stop_sig) {
		sig = live_stop_sig;
	}
	live_kill_all();
	live_die(sig);
out:
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
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = live_on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(live_signals) / sizeof(live_signals[0]); i++) {
		struct sigaction old;

		/* Leave alone a signal the caller chose to ignore (nohup). */
		if (sigaction(live_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN && live_signals[i] != SIGPIPE &&
		    live_signals[i] != SIGALRM)
			continue;
		sigaction(live_signals[i], &sa, NULL);
	}
	atexit(live_at_exit);
}

static int live_register(pid_t launcher, int init_pidfd)
{
	for (int i = 0; i < LIVE_MAX_ROOTS; i++) {
		if (live_roots[i].launcher <= 0) {
			live_roots[i].init_pidfd = init_pidfd;
			live_roots[i].launcher = launcher;
			return 0;
		}
	}
	return -EBUSY;
}

/* Set the init pidfd of a recorded root (a copy the table owns). */
static void live_register_init(pid_t launcher, int pidfd)
{
	sigset_t old;

	live_block(&old);
	for (int i = 0; i < LIVE_MAX_ROOTS; i++)
		if (live_roots[i].launcher == launcher)
			live_roots[i].init_pidfd = fcntl(pidfd, F_DUPFD_CLOEXEC, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void live_unregister(pid_t launcher)
{
	sigset_t old;

	live_block(&old);
	for (int i = 0; i < LIVE_MAX_ROOTS; i++) {
		if (live_roots[i].launcher != launcher)
			continue;
		if (live_roots[i].init_pidfd >= 0)
			close(live_roots[i].init_pidfd);
		live_roots[i].init_pidfd = -1;
		live_roots[i].launcher = 0;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* In the new launcher: become the agent. Only async-signal-safe calls. */
static void __attribute__((noreturn)) live_child_exec(const char *path, int chan)
{
	char *argv[] = { (char *)"pidsim-agent", NULL };
	char *envp[] = { NULL };
	int null;

	/* Should this program die, the kernel takes the whole tree down. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/*
	 * Agents run SCHED_FIFO on our CPU (inherited by every agent), we do
	 * not: an agent is never preempted by us, so when we look, no task of
	 * the trace is half-way through an exit (between leaving /proc and
	 * freeing its numbers, say). Without the privilege, best effort.
	 */
	sched_setscheduler(0, SCHED_FIFO, &(struct sched_param){ .sched_priority = 1 });
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

static const char *const live_step_names[] = {
	[ASTEP_NONE] = "start",
	[ASTEP_MOUNT_PRIVATE] = "making / private in the new mount namespace",
	[ASTEP_MOUNT_PROC] = "mounting /proc for the new PID namespace",
	[ASTEP_OPEN_PROC] = "opening the new /proc",
	[ASTEP_PIDFD] = "pidfd_open() of itself",
};

/* Receive a hello with up to nfds descriptors; fds[] all valid on success. */
static int live_hello(int chan, int *fds, int nfds, unsigned int timeout_ms,
		      const char *who, char *why, size_t whylen)
{
	struct agent_hello h;
	ssize_t n;
	int ret;

	n = live_recv(chan, &h, sizeof(h), fds, nfds, timeout_ms);
	if (n <= 0) {
		ret = n ? (int)n : -ENOEXEC;
		snprintf(why, whylen, "%s did not start: %s", who,
			 n ? strerror(-ret) : "it exited (cannot be executed?)");
		return ret;
	}
	ret = h.magic != AGENT_MAGIC ? -EPROTO : h.err;
	for (int i = 0; !ret && i < nfds; i++)
		if (fds[i] < 0)
			ret = -EPROTO;
	if (ret) {
		snprintf(why, whylen, "%s failed %s: %s", who,
			 h.step >= 0 && h.step <= ASTEP_PIDFD ?
			 live_step_names[h.step] : "its setup", strerror(-ret));
		for (int i = 0; i < nfds; i++)
			if (fds[i] >= 0)
				close(fds[i]);
	}
	return ret;
}

int live_root_spawn(const char *path, unsigned int timeout_ms,
		    struct live_root *r, char *why, size_t whylen)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	struct agent_cmd cmd = { .op = AOP_SPAWN_ROOT };
	struct agent_reply rep;
	struct nspid ns;
	sigset_t old;
	int sv[2], iv[2], fds[2], ret;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->lchan = r->chan = r->pidfd = r->procfd = -1;
	live_cleanup_install();
	if (live_stop_sig)
		return -EINTR;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		ret = -errno;
		snprintf(why, whylen, "socketpair: %s", strerror(-ret));
		return ret;
	}

	/* No signal may find the launcher started but not yet recorded. */
	live_block(&old);
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		live_child_exec(path, sv[1]);
	ret = pid < 0 ? -errno : live_register(pid, -1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		snprintf(why, whylen, "clone3: %s%s", strerror(-ret),
			 ret == -ENOSYS ? " (no clone3 in this kernel)" : "");
		return ret;
	}
	r->launcher = pid;
	r->lchan = sv[0];
	if (ret) {
		snprintf(why, whylen, "too many trace roots at once");
		goto out_kill;
	}
	ret = live_hello(r->lchan, fds, 1, timeout_ms, "the agent", why, whylen);
	if (ret) {
		snprintf(why + strlen(why), whylen - strlen(why), " (%s)", path);
		goto out_kill;
	}
	close(fds[0]);		/* the launcher's own pidfd: not needed */

	/* The launcher forks the root's init, which is then our agent. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, iv)) {
		ret = -errno;
		snprintf(why, whylen, "socketpair: %s", strerror(-ret));
		goto out_kill;
	}
	ret = live_send(r->lchan, &cmd, iv[1]);
	close(iv[1]);
	if (!ret) {
		ssize_t n = live_recv(r->lchan, &rep, sizeof(rep), NULL, 0,
				      timeout_ms);

		ret = n < 0 ? (int)n : n == 0 ? -EPIPE : 0;
	}
	if (!ret && rep.ret < 0)
		ret = (int)rep.ret;
	if (ret) {
		close(iv[0]);
		snprintf(why, whylen, "clone3(CLONE_NEWPID|CLONE_NEWNS): %s",
			 strerror(-ret));
		goto out_kill;
	}
	r->host_pid = (pid_t)rep.ret;
	r->chan = iv[0];
	ret = live_hello(r->chan, fds, 2, timeout_ms, "the trace root's init",
			 why, whylen);
	if (ret)
		goto out_kill;
	r->pidfd = fds[0];
	r->procfd = fds[1];
	live_register_init(r->launcher, r->pidfd);

	cmd = (struct agent_cmd){ .op = AOP_PROBE_LEVEL };
	ret = live_chan_call(r->chan, &cmd, &rep, timeout_ms);
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

/* One command to the launcher, during teardown. */
static int live_launcher_call(struct live_root *r, int op, int arg, int arg2,
			      unsigned int timeout_ms, long *result)
{
	struct agent_cmd cmd = { .op = (uint32_t)op, .arg = arg, .arg2 = arg2 };
	struct agent_reply rep;
	int ret;

	ret = live_chan_call(r->lchan, &cmd, &rep, timeout_ms);
	if (!ret)
		*result = rep.ret;
	return ret;
}

int live_root_kill(struct live_root *r, unsigned int timeout_ms)
{
	double deadline = live_now_ms() + timeout_ms;
	int ret = 0, init_pidfd = -1, lret = 0;
	bool reaped = false;
	long res;

	live_in_teardown++;
	if (r->launcher > 0 && r->lchan >= 0 && r->host_pid > 0) {
		/*
		 * Out of any process group first (it may be an exiting init
		 * that waits for its own group's pid); EPERM for a session
		 * leader, whose group is its own anyway.
		 */
		lret = live_launcher_call(r, AOP_SETPGID, r->host_pid, r->host_pid,
					  timeout_ms, &res);
		if (!lret)
			lret = live_launcher_call(r, AOP_KILL, r->host_pid, 0,
						  timeout_ms, &res);
		if (!lret) {
			while (live_now_ms() < deadline) {
				if (live_launcher_call(r, AOP_WAIT, r->host_pid, 0,
						       timeout_ms, &res))
					break;
				if (res != 0) {
					reaped = res > 0 || res == -ECHILD;
					break;
				}
				live_nap();
			}
		}
	}
	if (r->launcher > 0) {
		for (int i = 0; i < LIVE_MAX_ROOTS; i++)
			if (live_roots[i].launcher == r->launcher)
				init_pidfd = live_roots[i].init_pidfd;
		/* A launcher killed from outside (our process group) says nothing. */
		if (!reaped && init_pidfd >= 0 && lret != -EPIPE)
			fprintf(stderr, "pidsim: live: the trace root's init (pid %d here) "
				"did not exit in time; killing it outright\n",
				(int)r->host_pid);
		/* The launcher ends here, and init with it if it still runs. */
		ret = live_kill_hard(r->launcher, reaped ? -1 : init_pidfd,
				     reaped ? timeout_ms : LIVE_HARD_TIMEOUT_MS);
		if (ret) {
			/* Left in the table: atexit tries again. */
			fprintf(stderr, "pidsim: live: the trace root's init (pid %d here) "
				"cannot be ended: the kernel keeps it in "
				"zap_pid_ns_processes\n", (int)r->host_pid);
			goto out_close;
		}
		live_unregister(r->launcher);
		r->launcher = 0;
		r->host_pid = 0;
	}
out_close:
	if (r->lchan >= 0)
		close(r->lchan);
	if (r->chan >= 0)
		close(r->chan);
	if (r->pidfd >= 0)
		close(r->pidfd);
	if (r->procfd >= 0)
		close(r->procfd);
	r->lchan = r->chan = r->pidfd = r->procfd = -1;
	live_in_teardown--;
	/*
	 * Stopped by a signal, and nothing left to take down: die of it, with
	 * the lines already written out whole (not from a handler: safe).
	 */
	if (live_stop_sig && !live_in_teardown && !live_any_root()) {
		fflush(NULL);
		live_die(live_stop_sig);
	}
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
#ifdef PIDSIM_AGENT_RELATIVE
			/* an installed tree, wherever it was installed to */
			snprintf(beside, sizeof(beside), "%s/%s", self,
				 PIDSIM_AGENT_RELATIVE);
			p = live_try_agent(beside);
			if (p)
				return p;
#endif
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
