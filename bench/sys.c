/*
 * sys.c - subprocesses and the machine's description for pidbench (sys.h).
 *
 * sys_run() watches the child and its output pipe together: a grandchild
 * that kept the pipe open (pidsim live's agents, were one ever to leak)
 * must not make us wait past the child's own exit, and a child that hangs
 * is stopped at the time limit rather than hanging the benchmark.
 */
#define _GNU_SOURCE	/* pipe2 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/sys.h"
#include "lib/clock.h"

#define EXEC_FAILED_STATUS	127
#define KILL_GRACE_S		5.0

static void child_exec(const char *const argv[], bool capture_stdout, int wfd)
{
	int devnull = open("/dev/null", O_RDWR);

	if (devnull < 0)
		_exit(EXEC_FAILED_STATUS);
	dup2(devnull, STDIN_FILENO);
	dup2(capture_stdout ? wfd : devnull, STDOUT_FILENO);
	dup2(wfd, STDERR_FILENO);
	/* the bench may run with signals blocked or ignored by its parent */
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], (char *const *)argv);
	dprintf(STDERR_FILENO, "pidbench: cannot run %s: %s\n", argv[0],
		strerror(errno));
	_exit(EXEC_FAILED_STATUS);
}

/*
 * Read what is there; keep the first SYS_OUT_MAX - 1 bytes. Returns 1 when
 * something was read, 0 at end of file (or on an error), -1 when nothing
 * is there yet.
 */
static int drain(int fd, struct sys_run *r)
{
	char buf[4096];
	ssize_t n;

	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -1 : 0;
	if (n == 0)
		return 0;
	if (r->outlen < SYS_OUT_MAX - 1) {
		size_t room = SYS_OUT_MAX - 1 - r->outlen;
		size_t take = (size_t)n < room ? (size_t)n : room;

		memcpy(r->out + r->outlen, buf, take);
		r->outlen += take;
		r->out[r->outlen] = '\0';
	}
	return 1;
}

int sys_run(const char *const argv[], bool capture_stdout, double timeout_s,
	    struct sys_run *r)
{
	struct rusage ru = { 0 };
	double t0, killed_at = 0;
	bool open_pipe = true, exited = false;
	int pfd[2], wstatus = 0, ret;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	t0 = clock_s();
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return ret;
	}
	if (pid == 0)
		child_exec(argv, capture_stdout, pfd[1]);
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);

	while (!exited) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		double t = clock_s() - t0;
		pid_t w;

		if (open_pipe && poll(&p, 1, 100) > 0)
			open_pipe = drain(pfd[0], r) != 0;
		else if (!open_pipe)
			usleep(10000);
		w = wait4(pid, &wstatus, WNOHANG, &ru);
		if (w == pid) {
			exited = true;
			break;
		}
		if (timeout_s > 0 && t > timeout_s && !r->timed_out) {
			r->timed_out = true;
			killed_at = t;
			kill(pid, SIGTERM);
		} else if (r->timed_out && t > killed_at + KILL_GRACE_S) {
			kill(pid, SIGKILL);
		}
	}
	/* what the child wrote just before it exited; a grandchild that
	 * still holds the pipe open must not keep us here */
	while (open_pipe && drain(pfd[0], r) > 0)
		;
	close(pfd[0]);
	r->wall_s = clock_s() - t0;
	r->maxrss_kb = ru.ru_maxrss;
	if (WIFEXITED(wstatus)) {
		r->status = WEXITSTATUS(wstatus);
		r->exec_failed = r->status == EXEC_FAILED_STATUS &&
				 strstr(r->out, "pidbench: cannot run") != NULL;
	} else {
		r->status = -1;
		r->signal = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
	}
	return 0;
}

bool sys_executable(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

static void read_key(const char *file, const char *key, char sep, char *out,
		     size_t len)
{
	char line[512];
	size_t klen = strlen(key);
	FILE *f = fopen(file, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v, *end;

		if (strncmp(line, key, klen) != 0)
			continue;
		v = strchr(line + klen, sep);
		if (!v)
			continue;
		for (v++; *v == ' ' || *v == '\t' || *v == '"'; v++)
			;
		end = v + strcspn(v, "\"\n");
		*end = '\0';
		snprintf(out, len, "%s", v);
		break;
	}
	fclose(f);
}

double sys_load1(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

void sys_describe(struct sys_desc *d)
{
	struct utsname u;
	time_t t = time(NULL);
	struct tm tm;
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);

	memset(d, 0, sizeof(*d));
	snprintf(d->cpu, sizeof(d->cpu), "unknown");
	read_key("/proc/cpuinfo", "model name", ':', d->cpu, sizeof(d->cpu));
	d->cpus_online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (uname(&u) == 0) {
		snprintf(d->kernel, sizeof(d->kernel), "%s %s %s", u.sysname,
			 u.release, u.version);
		snprintf(d->machine, sizeof(d->machine), "%s", u.machine);
	}
	snprintf(d->os, sizeof(d->os), "unknown");
	read_key("/etc/os-release", "PRETTY_NAME", '=', d->os, sizeof(d->os));
	if (pages > 0 && psize > 0)
		d->mem_mb = (unsigned long)pages / 1024 * (unsigned long)psize / 1024;
	d->load1 = sys_load1();
	gmtime_r(&t, &tm);
	strftime(d->date, sizeof(d->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void sys_dirname(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(out, len, ".");
	else if (slash == path)
		snprintf(out, len, "/");
	else
		snprintf(out, len, "%.*s", (int)(slash - path), path);
}

int sys_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -errno;
		buf[i] = path[i];
	}
	return 0;
}

int sys_mkdtemp(char *out, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(out, len, "%s/pidbench.XXXXXX", tmp) >= len)
		return -ENAMETOOLONG;
	return mkdtemp(out) ? 0 : -errno;
}

void sys_rmtree_flat(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) <
		    sizeof(path))
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}
