/*
 * tracefs.h - a tracing instance of the recorder's own (docs/record.md,
 * "Mechanism").
 *
 * The session uses tracefs where it is mounted, or mounts it at
 * /sys/kernel/tracing inside a private mount namespace of the recorder, so
 * the host's mounts never change. It creates the instance
 * instances/pidsim-record-PID, sets the counter clock (one total order
 * across CPUs), record-tgid and event-fork, enables only the events the
 * recorder reads, and follows one pid and its descendants. The global
 * tracing state is never touched; closing removes the instance.
 */
#ifndef PIDSIM_RECORD_TRACEFS_H
#define PIDSIM_RECORD_TRACEFS_H

#include <stddef.h>

struct tracefs_session;

/*
 * Open a session. On failure returns -errno and writes why (one line,
 * no newline) to why: the caller exits 77 with it.
 */
int tracefs_open(struct tracefs_session **out, char *why, size_t whylen);

/* Follow pid and every task it creates from now on, and start tracing. */
int tracefs_follow(struct tracefs_session *s, int pid);

/* The instance's trace_pipe, non-blocking, for poll(). */
int tracefs_fd(const struct tracefs_session *s);

/*
 * Read what is buffered and call line() for each complete line (without
 * its newline). Returns the number of bytes read, 0 when nothing was
 * buffered, or -errno; a negative return of line() stops and is returned.
 */
long tracefs_read(struct tracefs_session *s,
		  int (*line)(const char *text, void *arg), void *arg);

/* Stop tracing; what is buffered can still be read. */
void tracefs_stop(struct tracefs_session *s);

/* Events the kernel dropped because the buffer was full (stats files). */
unsigned long long tracefs_lost(const struct tracefs_session *s);

/* Disable the events, remove the instance, unmount what was mounted. */
void tracefs_close(struct tracefs_session *s);

/*
 * Remove the instances left by recorders that were killed outright
 * (pidsim-record-PID whose PID no longer runs). Best effort.
 */
void tracefs_remove_stale(const char *root);

#endif /* PIDSIM_RECORD_TRACEFS_H */
