/*
 * tracefs.c - the recorder's tracing instance.
 *
 * Every file the session writes is inside its own instance directory, so
 * the top-level tracing state (the host's own tracing, if any) is left as
 * it was. The instance is created with tracing off, configured, and only
 * switched on once the pid filter names the workload; nothing of another
 * task is ever recorded.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/record/tracefs.h"
#include "lib/util.h"

#define TRACEFS_MNT		"/sys/kernel/tracing"
#define DEBUGFS_TRACING		"/sys/kernel/debug/tracing"
#define INSTANCE_PREFIX		"pidsim-record-"
#define BUFFER_KB		"8192"	/* per CPU; the reader drains it as it goes */
#define READ_CHUNK		65536
#define LINE_MAX_BYTES		8192

/*
 * The events the recorder reads (docs/record.md lists why each), and a
 * filter for those that mostly fire for nothing it uses: the child's own
 * return from clone, waits that reaped nothing, signals delivered to a
 * handler, sigaction of other signals. Filters only spare the buffer and
 * the reader: the recorder ignores those events anyway, so a kernel that
 * refuses a filter is recorded all the same.
 */
#define FATAL_SIGNALS	"sig == 1 || sig == 2 || sig == 3 || sig == 9 || sig == 10 || " \
			"sig == 12 || sig == 14 || sig == 15"
static const struct {
	const char *name;
	const char *filter;	/* NULL: every event */
} events[] = {
	{ "task/task_newtask", NULL },
	{ "sched/sched_process_exit", NULL },
	{ "sched/sched_process_exec", NULL },
	{ "signal/signal_generate", "sig == 17 || " FATAL_SIGNALS },
	{ "signal/signal_deliver", FATAL_SIGNALS },
	{ "syscalls/sys_enter_clone", NULL },
	{ "syscalls/sys_exit_clone", "ret != 0" },
	{ "syscalls/sys_exit_clone3", "ret != 0" },
	{ "syscalls/sys_exit_fork", "ret != 0" },
	{ "syscalls/sys_exit_vfork", "ret != 0" },
	{ "syscalls/sys_enter_execve", NULL },
	{ "syscalls/sys_enter_execveat", NULL },
	{ "syscalls/sys_enter_wait4", NULL },
	{ "syscalls/sys_exit_wait4", "ret > 0" },
	{ "syscalls/sys_enter_waitid", NULL },
	{ "syscalls/sys_exit_waitid", NULL },
	{ "syscalls/sys_exit_setsid", NULL },
	{ "syscalls/sys_enter_setpgid", NULL },
	{ "syscalls/sys_exit_setpgid", NULL },
	{ "syscalls/sys_enter_unshare", NULL },
	{ "syscalls/sys_exit_unshare", NULL },
	{ "syscalls/sys_enter_setns", NULL },
	{ "syscalls/sys_enter_prctl", "option == 36" },
	{ "syscalls/sys_exit_prctl", NULL },
	{ "syscalls/sys_enter_rt_sigaction", "sig == 17" },
};

struct tracefs_session {
	char root[64];		/* the tracefs mount */
	char dir[128];		/* the instance */
	bool mounted;		/* we mounted root in our private namespace */
	int fd;			/* trace_pipe */
	char *buf;		/* a partial line carried between reads */
	size_t len;
};

static int write_file(const struct tracefs_session *s, const char *name,
		      const char *text)
{
	char path[256];
	ssize_t n;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/%s", s->dir, name);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		rc = -errno;
	else if ((size_t)n != strlen(text))
		rc = -EIO;
	close(fd);
	return rc;
}

static bool has_instances(const char *root)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "%s/instances", root);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* tracefs where it already is, else mounted in a mount namespace of ours. */
static int find_root(struct tracefs_session *s, char *why, size_t whylen)
{
	if (has_instances(TRACEFS_MNT)) {
		snprintf(s->root, sizeof(s->root), "%s", TRACEFS_MNT);
		return 0;
	}
	if (has_instances(DEBUGFS_TRACING)) {
		snprintf(s->root, sizeof(s->root), "%s", DEBUGFS_TRACING);
		return 0;
	}
	if (unshare(CLONE_NEWNS) < 0) {
		snprintf(why, whylen, "tracefs is not mounted and a mount namespace cannot be made: %s",
			 strerror(errno));
		return -errno;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tracefs", TRACEFS_MNT, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		snprintf(why, whylen, "cannot mount tracefs: %s", strerror(errno));
		return -errno;
	}
	s->mounted = true;
	snprintf(s->root, sizeof(s->root), "%s", TRACEFS_MNT);
	if (!has_instances(s->root)) {
		snprintf(why, whylen, "tracefs has no instances directory");
		return -ENOTSUP;
	}
	return 0;
}

static int enable_events(struct tracefs_session *s, const char *on,
			 char *why, size_t whylen)
{
	char name[128];
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(events); i++) {
		if (events[i].filter && on[0] == '1') {
			snprintf(name, sizeof(name), "events/%s/filter", events[i].name);
			write_file(s, name, events[i].filter);	/* an optimisation only */
		}
		snprintf(name, sizeof(name), "events/%s/enable", events[i].name);
		rc = write_file(s, name, on);
		if (rc && why) {
			snprintf(why, whylen, "cannot enable the tracepoint %s: %s",
				 events[i].name, strerror(-rc));
			return rc;
		}
	}
	return 0;
}

void tracefs_remove_stale(const char *root)
{
	char path[512];
	struct dirent *d;
	DIR *dir;
	long pid;
	char *end;

	snprintf(path, sizeof(path), "%s/instances", root);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, INSTANCE_PREFIX, strlen(INSTANCE_PREFIX)) != 0)
			continue;
		pid = strtol(d->d_name + strlen(INSTANCE_PREFIX), &end, 10);
		if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/instances/%s", root, d->d_name);
		rmdir(path);
	}
	closedir(dir);
}

int tracefs_open(struct tracefs_session **out, char *why, size_t whylen)
{
	struct tracefs_session *s = calloc(1, sizeof(*s));
	char path[256];
	int rc;

	*out = NULL;
	if (!s)
		return -ENOMEM;
	s->fd = -1;
	rc = find_root(s, why, whylen);
	if (rc)
		goto out_free;
	tracefs_remove_stale(s->root);
	snprintf(s->dir, sizeof(s->dir), "%s/instances/" INSTANCE_PREFIX "%d",
		 s->root, (int)getpid());
	if (mkdir(s->dir, 0700) < 0) {
		rc = -errno;
		snprintf(why, whylen, "cannot create the tracing instance %s: %s",
			 s->dir, strerror(errno));
		s->dir[0] = '\0';
		goto out_free;
	}
	if ((rc = write_file(s, "tracing_on", "0")) ||
	    (rc = write_file(s, "trace_clock", "counter")) ||
	    (rc = write_file(s, "options/record-tgid", "1")) ||
	    (rc = write_file(s, "options/event-fork", "1")) ||
	    (rc = write_file(s, "options/overwrite", "0")) ||
	    (rc = write_file(s, "buffer_size_kb", BUFFER_KB))) {
		snprintf(why, whylen, "cannot configure the tracing instance: %s",
			 strerror(-rc));
		goto out_free;
	}
	rc = enable_events(s, "1", why, whylen);
	if (rc)
		goto out_free;
	snprintf(path, sizeof(path), "%s/trace_pipe", s->dir);
	s->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->fd < 0) {
		rc = -errno;
		snprintf(why, whylen, "cannot open %s: %s", path, strerror(errno));
		goto out_free;
	}
	*out = s;
	return 0;
out_free:
	tracefs_close(s);
	return rc;
}

int tracefs_follow(struct tracefs_session *s, int pid)
{
	char text[32];
	int rc;

	snprintf(text, sizeof(text), "%d", pid);
	rc = write_file(s, "set_event_pid", text);
	if (!rc)
		rc = write_file(s, "tracing_on", "1");
	return rc;
}

int tracefs_fd(const struct tracefs_session *s)
{
	return s->fd;
}

long tracefs_read(struct tracefs_session *s,
		  int (*line)(const char *text, void *arg), void *arg)
{
	char *nl, *start;
	ssize_t n;
	long total = 0;
	int rc;

	if (!s->buf) {
		s->buf = malloc(READ_CHUNK + LINE_MAX_BYTES + 1);
		if (!s->buf)
			return -ENOMEM;
	}
	for (;;) {
		n = read(s->fd, s->buf + s->len, READ_CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			return -errno;
		}
		if (n == 0)
			break;
		total += n;
		s->len += (size_t)n;
		s->buf[s->len] = '\0';
		start = s->buf;
		while ((nl = memchr(start, '\n', s->len - (size_t)(start - s->buf)))) {
			*nl = '\0';
			rc = line(start, arg);
			if (rc < 0)
				return rc;
			start = nl + 1;
		}
		s->len -= (size_t)(start - s->buf);
		memmove(s->buf, start, s->len);
		if (s->len > LINE_MAX_BYTES)
			s->len = 0;	/* no event line is this long: drop it */
	}
	return total;
}

void tracefs_stop(struct tracefs_session *s)
{
	write_file(s, "tracing_on", "0");
}

unsigned long long tracefs_lost(const struct tracefs_session *s)
{
	unsigned long long total = 0, v;
	char path[256], text[128];
	FILE *f;
	int cpu;

	for (cpu = 0; cpu < 4096; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/stats", s->dir, cpu);
		f = fopen(path, "re");
		if (!f)
			break;
		while (fgets(text, sizeof(text), f)) {
			if (sscanf(text, "overrun: %llu", &v) == 1 ||
			    sscanf(text, "dropped events: %llu", &v) == 1)
				total += v;
		}
		fclose(f);
	}
	return total;
}

void tracefs_close(struct tracefs_session *s)
{
	if (!s)
		return;
	if (s->dir[0]) {
		write_file(s, "tracing_on", "0");
		write_file(s, "set_event_pid", "");
		enable_events(s, "0", NULL, 0);
	}
	if (s->fd >= 0)
		close(s->fd);
	/* the instance can only go once its trace_pipe is closed */
	if (s->dir[0])
		rmdir(s->dir);
	if (s->mounted)
		umount2(s->root, MNT_DETACH);
	free(s->buf);
	free(s);
}
