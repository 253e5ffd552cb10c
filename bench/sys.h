/*
 * sys.h - the parts of pidbench that talk to the operating system rather
 * than to the model: running a subprocess with a time limit (pidsim live,
 * gnuplot, the peak-memory child), and describing the machine.
 *
 * This file and sys.c never include the model's headers: the model has a
 * signal.h of its own that would hide the system's.
 *
 * Contract of sys_run(): the child is always waited for before it returns;
 * on timeout its process group gets SIGTERM (pidsim live tears its
 * namespaces down on SIGTERM), then SIGKILL after a grace period
 * (lib/proc.c). Nothing is left behind.
 */
#ifndef PIDBENCH_SYS_H
#define PIDBENCH_SYS_H

#include <stdbool.h>
#include <stddef.h>

#define SYS_OUT_MAX	16384

struct sys_run {
	int status;		/* exit status, or -1 when killed by a signal */
	int signal;		/* the signal that ended it, or 0 */
	bool timed_out;
	bool exec_failed;	/* the program could not be started */
	double wall_s;
	size_t outlen;
	char out[SYS_OUT_MAX];	/* stderr (and stdout when captured), truncated */
};

/*
 * Run argv[0] (searched in PATH when it has no '/'; at most 62 arguments)
 * with argv, standard input from /dev/null, standard output captured into
 * r->out with the standard error when capture_stdout, else discarded. Returns 0 when the
 * child ran (see r for how it ended), -errno when it could not be forked.
 */
int sys_run(const char *const argv[], bool capture_stdout, double timeout_s,
	    struct sys_run *r);

/* Is there an executable file at path? */
bool sys_executable(const char *path);

struct sys_desc {
	char cpu[128];		/* "AMD EPYC" */
	int cpus_online;
	char kernel[200];	/* uname -srv */
	char machine[72];	/* x86_64 */
	char os[128];		/* PRETTY_NAME of /etc/os-release */
	unsigned long mem_mb;
	char date[32];		/* UTC, ISO 8601 */
	double load1;		/* 1-minute load average now */
};

void sys_describe(struct sys_desc *d);

/* The 1-minute load average, or -1. */
double sys_load1(void);

/* The directory that holds path (path itself when it has no '/'). */
void sys_dirname(const char *path, char *out, size_t len);

/* mkdir -p; 0 or -errno. */
int sys_mkdirs(const char *path);

/* A new private temporary directory under $TMPDIR (or /tmp); 0 or -errno. */
int sys_mkdtemp(char *out, size_t len);

/* Remove the files directly under dir, then dir; best effort. */
void sys_rmtree_flat(const char *dir);

#endif /* PIDBENCH_SYS_H */
