/*
 * sys.c - subprocesses and the machine's description for pidbench (sys.h).
 *
 * sys_run() runs its child through lib/proc.c (a process group of its
 * own, SIGTERM at the time limit, SIGKILL after a grace period) and reads
 * the captured output back from a temporary file: a grandchild that kept
 * the file open cannot make us wait past the child's own exit.
 */
#define _GNU_SOURCE	/* mkstemp, getenv in strict modes */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench/sys.h"
#include "lib/clock.h"
#include "lib/proc.h"

#define EXEC_FAILED_STATUS	127

/* argv[0] as a path: itself when it has a '/', else found in PATH. */
static bool find_program(const char *name, char *out, size_t len)
{
	const char *path = getenv("PATH");

	if (strchr(name, '/')) {
		snprintf(out, len, "%s", name);
		return sys_executable(out);
	}
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(out, len, "%.*s/%s", (int)n, n ? path : ".", name);
		if (sys_executable(out))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* The first SYS_OUT_MAX - 1 bytes of file into r->out. */
static void slurp(const char *file, struct sys_run *r)
{
	FILE *f = fopen(file, "r");

	if (!f)
		return;
	r->outlen = fread(r->out, 1, SYS_OUT_MAX - 1, f);
	r->out[r->outlen] = '\0';
	fclose(f);
}

int sys_run(const char *const argv[], bool capture_stdout, double timeout_s,
	    struct sys_run *r)
{
	char prog[PATH_MAX], tmp[] = "/tmp/pidbench-out.XXXXXX";
	char *av[64];
	unsigned int timeout = timeout_s > 0 ? (unsigned int)ceil(timeout_s) : 0;
	double t0;
	int fd, rc, i;

	memset(r, 0, sizeof(*r));
	if (!find_program(argv[0], prog, sizeof(prog))) {
		r->exec_failed = true;
		r->status = EXEC_FAILED_STATUS;
		r->outlen = (size_t)snprintf(r->out, SYS_OUT_MAX,
					     "pidbench: cannot run %s: not found\n", argv[0]);
		return 0;
	}
	av[0] = prog;
	for (i = 1; argv[i] && i < (int)(sizeof(av) / sizeof(av[0])) - 1; i++)
		av[i] = (char *)argv[i];
	av[i] = NULL;
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	close(fd);
	t0 = clock_s();
	rc = run_capture_split(av, capture_stdout ? tmp : NULL, tmp, timeout,
			       &r->timed_out);
	r->wall_s = clock_s() - t0;
	if (rc >= 0)
		slurp(tmp, r);
	unlink(tmp);
	if (rc < 0)
		return rc;
	if (rc > 128) {
		r->status = -1;
		r->signal = rc - 128;
	} else {
		r->status = rc;
		/* lib/proc.c's child exits 127, silently, when exec fails */
		r->exec_failed = rc == EXEC_FAILED_STATUS && !r->outlen;
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
