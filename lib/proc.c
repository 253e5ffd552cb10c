/*
 * proc.c - see proc.h.
 *
 * The child gets its own process group so that a timeout reaches whatever
 * it started too (a check script's pidsim, for instance). Waiting polls
 * with waitpid(WNOHANG) and short sleeps: no SIGCHLD handler, so nothing
 * here disturbs the callers' own signal handling.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/proc.h"

#define KILL_GRACE_MS	5000	/* between SIGTERM and SIGKILL */

static int open_out(const char *path)
{
	return path ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)
		    : open("/dev/null", O_WRONLY);
}

/* In the child: redirect and exec; never returns. */
static void __attribute__((noreturn)) child(char *const argv[], const char *out_path,
					    const char *err_path)
{
	int in = open("/dev/null", O_RDONLY);
	int out = open_out(out_path);
	int err = out_path && err_path && !strcmp(out_path, err_path) ? out
									: open_out(err_path);

	setpgid(0, 0);
	if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0)
		_exit(127);
	execv(argv[0], argv);
	_exit(127);
}

/* waitpid until pid ends or deadline (ms, 0: none); 1 ended, 0 not yet. */
static int wait_until(pid_t pid, int *status, double deadline)
{
	long nap = 1;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (deadline && clock_ms() >= deadline)
			return 0;
		sleep_ms(nap);
		if (nap < 50)
			nap *= 2;
	}
}

int run_capture(char *const argv[], const char *out_path, unsigned int timeout,
		bool *timed_out)
{
	return run_capture_split(argv, out_path, out_path, timeout, timed_out);
}

int run_capture_split(char *const argv[], const char *out_path,
		      const char *err_path, unsigned int timeout, bool *timed_out)
{
	double deadline = timeout ? clock_ms() + timeout * 1000.0 : 0;
	int status = 0, r;
	pid_t pid;

	if (timed_out)
		*timed_out = false;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		child(argv, out_path, err_path);
	setpgid(pid, pid);	/* also here: no race with the kill below */

	r = wait_until(pid, &status, deadline);
	if (r == 0) {
		if (timed_out)
			*timed_out = true;
		kill(-pid, SIGTERM);
		r = wait_until(pid, &status, clock_ms() + KILL_GRACE_MS);
		if (r == 0) {
			kill(-pid, SIGKILL);
			r = wait_until(pid, &status, 0);
		}
	}
	if (r < 0)
		return r;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

const char *self_exe(void)
{
	static char path[PATH_MAX];
	ssize_t n;

	if (!path[0]) {
		n = readlink("/proc/self/exe", path, sizeof(path) - 1);
		if (n <= 0) {
			strcpy(path, "pidsim");
			return path;
		}
		path[n] = '\0';
	}
	return path;
}
