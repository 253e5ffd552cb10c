/*
 * workload.c - starting the recorded program in a namespace of its own.
 *
 * The child is made by clone(CLONE_NEWPID | CLONE_NEWNS) as a raw system
 * call, so the recorder's own pid_for_children never changes. Until it
 * execs it only makes system calls (mount, a sysctl write, affinity,
 * signal dispositions) and reports over a pipe: first "ready" with the
 * pid_max it reads in its namespace, then nothing (the pipe closes on
 * exec) or the errno of a failed exec.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/record/workload.h"

enum stage { ST_READY, ST_MOUNT, ST_PID_MAX, ST_CPUS, ST_EXEC };

struct report {
	int stage;
	int err;
	int pid_max;
};

static const char *const stage_what[] = {
	[ST_READY] = "start",
	[ST_MOUNT] = "mount its /proc",
	[ST_PID_MAX] = "set pid_max in its namespace",
	[ST_CPUS] = "pin its CPUs",
	[ST_EXEC] = "execute the command",
};

static void child_report(int fd, int stage, int err, int pid_max)
{
	struct report rep = { stage, err, pid_max };
	ssize_t n = write(fd, &rep, sizeof(rep));

	(void)n;
}

static int read_pid_max(void)
{
	char buf[32];
	ssize_t n;
	int fd = open("/proc/sys/kernel/pid_max", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return atoi(buf);
}

static __attribute__((noreturn)) void child(int go, int rep, char *const argv[],
					     int pid_max, const cpu_set_t *cpus)
{
	char buf[32], c;
	sigset_t all;
	int fd, sig, len;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		child_report(rep, ST_MOUNT, errno, 0);
		_exit(127);
	}
	if (pid_max > 0) {
		/* /proc is this namespace's now: the write acts on it alone */
		fd = open("/proc/sys/kernel/pid_max", O_WRONLY | O_CLOEXEC);
		len = snprintf(buf, sizeof(buf), "%d", pid_max);
		if (fd < 0 || write(fd, buf, (size_t)len) != len) {
			child_report(rep, ST_PID_MAX, errno, 0);
			_exit(127);
		}
		close(fd);
	}
	if (cpus && sched_setaffinity(0, sizeof(*cpus), cpus) < 0) {
		child_report(rep, ST_CPUS, errno, 0);
		_exit(127);
	}
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	child_report(rep, ST_READY, 0, read_pid_max());
	if (read(go, &c, 1) != 1)
		_exit(127);	/* the recorder went away */
	close(go);
	execvp(argv[0], argv);
	child_report(rep, ST_EXEC, errno, 0);
	_exit(127);
}

static int failed(const struct report *rep, char *why, size_t whylen)
{
	snprintf(why, whylen, "the workload cannot %s: %s",
		 stage_what[rep->stage], strerror(rep->err));
	return -rep->err;
}

bool workload_pid_max_per_ns(char *release, size_t len)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) < 0)
		return false;
	if (release)
		snprintf(release, len, "%s", u.release);
	if (sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 14);
}

int workload_start(struct workload *w, char *const argv[], int pid_max,
		   const cpu_set_t *cpus, char *why, size_t whylen)
{
	struct report rep;
	char release[65];
	int go[2], rp[2];
	ssize_t n;
	long pid;

	w->pid = -1;
	w->go_fd = w->err_fd = -1;
	if (pid_max > 0 && !workload_pid_max_per_ns(release, sizeof(release))) {
		/* there the write would change the whole machine's pid_max */
		snprintf(why, whylen, "Linux %s has one pid_max for the whole machine (per-namespace pid_max came in 6.14): --pid-max would change the host's",
			 release);
		return -ENOTSUP;
	}
	if (pipe2(go, O_CLOEXEC) < 0)
		goto out_errno;
	if (pipe2(rp, O_CLOEXEC) < 0) {
		close(go[0]);
		close(go[1]);
		goto out_errno;
	}
	pid = syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWNS | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid == 0) {
		close(go[1]);
		close(rp[0]);
		child(go[0], rp[1], argv, pid_max, cpus);
	}
	close(go[0]);
	close(rp[1]);
	if (pid < 0) {
		snprintf(why, whylen, "cannot create a PID namespace: %s", strerror(errno));
		close(go[1]);
		close(rp[0]);
		return -errno;
	}
	w->pid = (pid_t)pid;
	w->go_fd = go[1];
	w->err_fd = rp[0];
	do {
		n = read(w->err_fd, &rep, sizeof(rep));
	} while (n < 0 && errno == EINTR);
	if (n != sizeof(rep)) {
		snprintf(why, whylen, "the workload died before it was ready");
		workload_kill(w);
		return -ECHILD;
	}
	if (rep.stage != ST_READY) {
		workload_kill(w);
		return failed(&rep, why, whylen);
	}
	w->pid_max = rep.pid_max;
	return 0;
out_errno:
	snprintf(why, whylen, "cannot make a pipe: %s", strerror(errno));
	return -errno;
}

int workload_go(struct workload *w, char *why, size_t whylen)
{
	struct report rep;
	ssize_t n;
	char c = 1;

	if (write(w->go_fd, &c, 1) != 1) {
		snprintf(why, whylen, "cannot start the workload: %s", strerror(errno));
		return -errno;
	}
	close(w->go_fd);
	w->go_fd = -1;
	do {
		n = read(w->err_fd, &rep, sizeof(rep));
	} while (n < 0 && errno == EINTR);
	close(w->err_fd);
	w->err_fd = -1;
	if (n == sizeof(rep))
		return failed(&rep, why, whylen);
	return 0;
}

void workload_kill(struct workload *w)
{
	int status;

	if (w->go_fd >= 0)
		close(w->go_fd);
	if (w->err_fd >= 0)
		close(w->err_fd);
	w->go_fd = w->err_fd = -1;
	if (w->pid <= 0)
		return;
	kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = -1;
}
