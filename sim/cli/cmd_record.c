/*
 * cmd_record.c - `pidsim record [-o FILE] [--pid-max N] [--cpus LIST] --
 * COMMAND [ARG...]`: run a program as pid 1 of a fresh PID namespace and
 * write what it did with pid numbers as a version-1.1 trace.
 *
 * The order is the cleanup contract: the tracing instance exists before
 * the workload does and goes after it; the workload is killed (and with
 * its init the whole namespace) on every path out, SIGINT, SIGTERM and
 * SIGHUP included. Exit 0 recorded, 1 events were lost, 2 bad command
 * line, 77 this machine does not allow it, 127 COMMAND cannot be run,
 * 128+N interrupted by signal N (what was recorded is still written).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/numparse.h"
#include "sim/cli/builtin.h"
#include "sim/record/recording.h"
#include "sim/record/tracefs.h"
#include "sim/record/workload.h"

#define PID_MAX_LIMIT	4194304	/* PID_MAX_LIMIT on 64-bit */
#define POLL_MS		50

struct record_opts {
	const char *output;
	const char *raw;	/* --raw FILE */
	int pid_max;
	bool have_cpus;
	cpu_set_t cpus;
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* "0,2-3" into set; false when malformed. */
static bool parse_cpus(const char *list, cpu_set_t *set)
{
	const char *p = list;
	long a, b;
	char *end;

	CPU_ZERO(set);
	while (*p) {
		errno = 0;
		a = strtol(p, &end, 10);
		if (errno || end == p || a < 0 || a >= CPU_SETSIZE)
			return false;
		b = a;
		if (*end == '-') {
			p = end + 1;
			b = strtol(p, &end, 10);
			if (errno || end == p || b < a || b >= CPU_SETSIZE)
				return false;
		}
		for (; a <= b; a++)
			CPU_SET((int)a, set);
		if (*end == ',')
			end++;
		else if (*end)
			return false;
		p = end;
	}
	return CPU_COUNT(set) > 0;
}

static int cmd_record(int argc, char **argv);

static const struct cmd_option record_options[] = {
	{ "output", 'o', "FILE", 'o', "write the trace to FILE, not standard output" },
	{ "pid-max", 0, "N", 'm',
	  "set the namespace's pid_max to N (301 to 4194304)\n"
	  "before COMMAND starts, so wrap-around and\n"
	  "exhaustion can be recorded for real" },
	{ "cpus", 0, "LIST", 'c', "pin the workload to these CPUs (0-1,3)" },
	{ "raw", 0, "FILE", 'r',
	  "also keep the tracefs text as read, for a bug report\n"
	  "or a test of the recorder" },
	{ NULL },
};

const struct builtin builtin_record = {
	.name = "record",
	.fn = cmd_record,
	.summary = "record a program's pid events as a version-1.1 trace",
	.synopsis = "[-o FILE] [--pid-max N] [--cpus LIST] [--raw FILE] --\n"
		"COMMAND [ARG...]",
	.description =
		"Run COMMAND as pid 1 of a fresh PID namespace with its own /proc\n"
		"(as `unshare -pf --mount-proc` would), follow it and every task it\n"
		"creates with the kernel's own tracing (tracefs), and write what they\n"
		"did with pid numbers as a version-1.1 trace: fork and clone with the\n"
		"numbers the kernel gave, exit, exec, the waits that reaped, sigchld,\n"
		"setsid, setpgid, the kills that ended a process, unshare, subreaper.\n"
		"One label per process lifetime; a comment beside each fork names what\n"
		"the child ran. `pidsim run` on the recording reproduces every recorded\n"
		"result; `pidsim capacity` asks it what if. The recorder leaves nothing\n"
		"behind: its tracing instance is removed and the namespace killed, also\n"
		"on SIGINT, SIGTERM and SIGHUP. See docs/record.md for what it cannot see.",
	.options = record_options,
	.exit_status = "0 recorded, 1 events were lost or could not be read, 2 bad\n"
		"command line, 77 not root or no tracefs or no namespaces here, 127\n"
		"COMMAND cannot be run, 128+N interrupted by signal N (what was\n"
		"recorded is written, marked incomplete).",
};

static int parse_opts(int argc, char **argv, struct record_opts *o)
{
	struct cmd_parser p;
	unsigned int v;
	size_t n;
	int c;

	cmd_parse_init(&p, &builtin_record);
	/* '+': stop at COMMAND, whose own options are not ours */
	n = strlen(p.shorts);
	memmove(p.shorts + 1, p.shorts, n + 1);
	p.shorts[0] = '+';
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'm':
			if (!parse_uint(optarg, 301, PID_MAX_LIMIT, &v))
				return usage_error("record", "--pid-max takes a number from 301 to %d, not '%s'",
						   PID_MAX_LIMIT, optarg);
			o->pid_max = (int)v;
			break;
		case 'r':
			o->raw = optarg;
			break;
		case 'c':
			if (!parse_cpus(optarg, &o->cpus))
				return usage_error("record", "--cpus takes a CPU list such as 0 or 0-1,3, not '%s'",
						   optarg);
			o->have_cpus = true;
			break;
		}
	}
	if (c < 0)
		return c == CMD_HELP ? -1 : EXIT_USAGE;
	if (optind >= argc)
		return usage_error("record", "no command to record (pidsim record -- COMMAND ...)");
	return 0;
}

/* The command line as one string, for the trace's header. */
static char *join_argv(char **argv)
{
	size_t len = 1;
	char *s, **a;

	for (a = argv; *a; a++)
		len += strlen(*a) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (a = argv; *a; a++) {
		if (a != argv)
			strcat(s, " ");
		strcat(s, *a);
	}
	/* a newline would end the comment early */
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

struct feeder {
	struct recording *rec;
	FILE *raw;		/* NULL without --raw */
};

static int feed(const char *line, void *arg)
{
	struct feeder *f = arg;

	if (f->raw)
		fprintf(f->raw, "%s\n", line);
	return recording_feed_line(f->rec, line);
}

/* recording_info.read_nspid: the NSpid line of /proc/TID/status. */
static int read_nspid(int tid, int *nr, int max)
{
	char path[64], line[512];
	int n = -1, off, v;
	const char *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "NSpid:", 6) != 0)
			continue;
		n = 0;
		for (p = line + 6; n < max && sscanf(p, "%d%n", &v, &off) == 1; p += off)
			nr[n++] = v;
		break;
	}
	fclose(f);
	return n;
}

static double tv_seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static void install_handlers(struct sigaction *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll() returns */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	/* a closed output is a write error, not a death that leaves the instance */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old[3]);
}

static void restore_handlers(const struct sigaction *old)
{
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
	sigaction(SIGHUP, &old[2], NULL);
	sigaction(SIGPIPE, &old[3], NULL);
}

/* Read events until the workload's init is gone (or a signal came). */
static int follow(struct tracefs_session *ts, struct workload *w,
		  struct feeder *rec, int *wstatus)
{
	struct pollfd pfd = { .fd = tracefs_fd(ts), .events = POLLIN };
	pid_t got;
	long n;

	for (;;) {
		n = tracefs_read(ts, feed, rec);
		if (n < 0)
			return (int)n;
		if (got_signal)
			return 0;
		got = waitpid(w->pid, wstatus, WNOHANG);
		if (got == w->pid) {
			w->pid = -1;
			return 0;
		}
		if (n == 0)
			poll(&pfd, 1, POLL_MS);
	}
}

static int cmd_record(int argc, char **argv)
{
	struct record_opts o = { 0 };
	struct recording_info info = { 0 };
	struct tracefs_session *ts = NULL;
	struct recording *rec = NULL;
	struct recording_stats st;
	struct workload w = { .pid = -1, .go_fd = -1, .err_fd = -1 };
	struct sigaction old[4];
	struct feeder fd = { 0 };
	struct rusage self;
	char why[512], note[160];
	char *command = NULL;
	FILE *out = stdout;
	unsigned long long lost;
	int rc, status = 0, wstatus = 0;
	bool skip;
	long n;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (geteuid() != 0) {
		fprintf(stderr, "pidsim record: needs root (tracefs, PID and mount namespaces); skipped\n");
		return EXIT_SKIP;
	}
	if (o.output) {
		out = fopen(o.output, "we");
		if (!out) {
			fprintf(stderr, "pidsim record: %s: %s\n", o.output, strerror(errno));
			return EXIT_USAGE;
		}
	}
	if (o.raw) {
		fd.raw = fopen(o.raw, "we");
		if (!fd.raw) {
			fprintf(stderr, "pidsim record: %s: %s\n", o.raw, strerror(errno));
			status = EXIT_USAGE;
			goto out_file;
		}
	}
	command = join_argv(argv + optind);
	if (!command) {
		status = 1;
		goto out_file;
	}
	install_handlers(old);
	rc = tracefs_open(&ts, why, sizeof(why));
	if (rc) {
		fprintf(stderr, "pidsim record: %s; skipped\n", why);
		status = EXIT_SKIP;
		goto out_handlers;
	}
	rc = workload_start(&w, argv + optind, o.pid_max, o.have_cpus ? &o.cpus : NULL,
			    why, sizeof(why));
	if (rc) {
		/* no namespaces here, or no per-namespace pid_max: 77 */
		skip = rc == -EPERM || rc == -EINVAL || rc == -ENOSPC || rc == -ENOTSUP;
		fprintf(stderr, "pidsim record: %s%s\n", why, skip ? "; skipped" : "");
		status = skip ? EXIT_SKIP : 1;
		goto out_tracefs;
	}
	rc = tracefs_follow(ts, w.pid);
	if (rc) {
		fprintf(stderr, "pidsim record: cannot follow the workload: %s; skipped\n",
			strerror(-rc));
		status = EXIT_SKIP;
		goto out_workload;
	}
	if (fd.raw)
		fprintf(fd.raw, "# pidsim record --raw: init %d pid_max %d command %s\n",
			(int)w.pid, w.pid_max, command);
	info.command = command;
	info.init_tid = w.pid;
	info.read_nspid = read_nspid;
	info.pid_max = w.pid_max;
	rec = recording_new(&info);
	if (!rec) {
		fprintf(stderr, "pidsim record: %s\n", strerror(ENOMEM));
		status = 1;
		goto out_workload;
	}
	rc = workload_go(&w, why, sizeof(why));
	if (rc) {
		fprintf(stderr, "pidsim record: %s: %s\n", argv[optind], why);
		status = 127;
		goto out_workload;
	}
	fd.rec = rec;
	rc = follow(ts, &w, &fd, &wstatus);
	if (got_signal || rc < 0)
		workload_kill(&w);
	tracefs_stop(ts);
	while ((n = tracefs_read(ts, feed, &fd)) > 0)
		;
	if (fd.raw && (fflush(fd.raw) || ferror(fd.raw))) {
		fprintf(stderr, "pidsim record: %s: %s\n", o.raw, strerror(errno));
		status = 1;
	}
	if (rc < 0 || n < 0) {
		fprintf(stderr, "pidsim record: reading the events: %s\n",
			strerror(rc < 0 ? -rc : (int)-n));
		status = 1;
		goto out_workload;
	}
	lost = tracefs_lost(ts);
	note[0] = '\0';
	if (got_signal)
		snprintf(note, sizeof(note), "INCOMPLETE: the recorder was interrupted by signal %d",
			 (int)got_signal);
	else if (lost)
		snprintf(note, sizeof(note), "INCOMPLETE: the kernel dropped %llu events (buffer full)",
			 lost);
	else if (WIFEXITED(wstatus))
		snprintf(note, sizeof(note), "the workload exited with status %d", WEXITSTATUS(wstatus));
	else if (WIFSIGNALED(wstatus))
		snprintf(note, sizeof(note), "the workload was killed by signal %d", WTERMSIG(wstatus));
	rc = recording_write(rec, out, note[0] ? note : NULL);
	if (rc) {
		fprintf(stderr, "pidsim record: cannot write the trace: %s\n", strerror(-rc));
		status = 1;
		goto out_workload;
	}
	recording_stats(rec, &st);
	fprintf(stderr, "pidsim record: %lu statements, %lu forks (%lu failed), %lu facts not visible%s%s\n",
		st.statements, st.forks, st.failed_forks, st.unknown,
		note[0] ? "; " : "", note);
	if (st.reordered_forks || st.named_waits)
		fprintf(stderr, "pidsim record: %lu forks put back in allocation order, %lu waits for any child named\n",
			st.reordered_forks, st.named_waits);
	/*
	 * The recorder's own CPU time; the workload's is its own business
	 * (wait4's figure would miss every process the kernel reaped).
	 */
	if (getrusage(RUSAGE_SELF, &self) == 0)
		fprintf(stderr, "pidsim record: the recorder used %.3f s of CPU (user %.3f, system %.3f)\n",
			tv_seconds(&self.ru_utime) + tv_seconds(&self.ru_stime),
			tv_seconds(&self.ru_utime), tv_seconds(&self.ru_stime));
	if (st.unparsed)
		fprintf(stderr, "pidsim record: %lu lines of tracefs output did not parse\n",
			st.unparsed);
	if (got_signal)
		status = 128 + (int)got_signal;
	else if (lost && !status)
		status = 1;
out_workload:
	workload_kill(&w);
	recording_free(rec);
out_tracefs:
	tracefs_close(ts);
out_handlers:
	restore_handlers(old);
	free(command);
out_file:
	if (fd.raw)
		fclose(fd.raw);
	if (out != stdout && fclose(out) && !status)
		status = 1;
	return status;
}
