/*
 * workload.h - the recorded program, as pid 1 of a fresh PID namespace
 * with its own /proc (what `unshare -pf --mount-proc` does).
 *
 * The workload is held before exec until workload_go(), so the recorder
 * can point its tracing at it first. Its pid_max is written inside the new
 * namespace (never the host's /proc/sys), its CPUs pinned, its signal
 * dispositions reset to the defaults. It dies with the recorder
 * (PR_SET_PDEATHSIG), and with it the whole namespace.
 */
#ifndef PIDSIM_RECORD_WORKLOAD_H
#define PIDSIM_RECORD_WORKLOAD_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct workload {
	pid_t pid;		/* host pid of the namespace's init */
	int go_fd;		/* write end: one byte lets it exec */
	int err_fd;		/* read end: its setup or exec failure */
	int pid_max;		/* the namespace's pid_max, as read inside it */
};

/*
 * Does this kernel keep a pid_max per PID namespace (6.14 and later)?
 * Before, a write from any namespace sets the whole machine's, so the
 * recorder never writes it there. release (may be NULL) gets uname's.
 */
bool workload_pid_max_per_ns(char *release, size_t len);

/*
 * Start argv held. pid_max 0 leaves the namespace's default; cpus NULL
 * leaves the affinity. Returns 0, or -errno with why filled: -ENOTSUP for
 * a pid_max on a kernel without per-namespace pid_max.
 */
int workload_start(struct workload *w, char *const argv[], int pid_max,
		   const cpu_set_t *cpus, char *why, size_t whylen);

/*
 * Let it exec. Returns 0, or -errno with why filled (setup in the
 * namespace failed, or the command could not be executed: -ENOENT etc.).
 */
int workload_go(struct workload *w, char *why, size_t whylen);

/* Kill the namespace (SIGKILL to its init) and reap it; idempotent. */
void workload_kill(struct workload *w);

#endif /* PIDSIM_RECORD_WORKLOAD_H */
