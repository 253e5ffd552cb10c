/*
 * recording.h - from tracefs events to a version-1.1 trace (docs/record.md).
 *
 * A recording follows every task of the workload, keyed by its host tid,
 * and turns the events that take or free a pid number into statements,
 * kept in memory in the order of the counter clock. Some facts arrive after
 * the statement they belong to (the number a fork got is in the parent's
 * return from clone, which may come after the child's own first events;
 * the SIGCHLD disposition a sigaction set is only seen when a child dies),
 * so statements refer to processes by index and the text is written at the
 * end, with one label per process lifetime.
 *
 * Invariants: process 0 is `init`, the workload's pid 1 in the trace root;
 * every statement's actor existed when the statement happened; nothing
 * after init's own exit is recorded (the kernel ends the namespace then).
 */
#ifndef PIDSIM_RECORD_RECORDING_H
#define PIDSIM_RECORD_RECORDING_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/record/event.h"

struct recording;

struct recording_info {
	const char *command;	/* the workload's command line, for the header */
	int init_tid;		/* its init's host pid */
	int pid_max;		/* the root namespace's pid_max (0: 32768) */
	/*
	 * Optional, may be NULL: the numbers of the live task tid from the
	 * recorder's namespace down (its NSpid), into nr[0..max-1]; returns
	 * how many, or -1 when the task is gone. Used, when a child's numbers
	 * above its creator's namespace are not in any event, to fill them
	 * while the child still runs (checked against the number its creator
	 * was given, so a recycled tid cannot mislead it).
	 */
	int (*read_nspid)(int tid, int *nr, int max);
};

/* A new recording whose init has host pid info->init_tid; NULL on ENOMEM. */
struct recording *recording_new(const struct recording_info *info);

/*
 * Feed one event, in counter order. Returns 0, or -ENOMEM. Events of
 * tasks the recording does not follow are ignored.
 */
int recording_feed(struct recording *r, const struct rec_event *ev);

/* Feed one line of tracefs text (rec_event_parse, then recording_feed). */
int recording_feed_line(struct recording *r, const char *line);

/* Has init exited (nothing more will be recorded)? */
bool recording_done(const struct recording *r);

/* Counts for the report: statements, forks, and what could not be replayed. */
struct recording_stats {
	unsigned long statements;
	unsigned long forks;
	unsigned long failed_forks;
	unsigned long unparsed;		/* lines that did not read as events */
	unsigned long unknown;		/* facts the recorder could not resolve */
	unsigned long named_waits;	/* waitpid(-1) written as `wait P C` */
	unsigned long reordered_forks;	/* forks reported out of allocation order */
};
void recording_stats(const struct recording *r, struct recording_stats *st);

/*
 * Resolve what is still open and write the trace to out; note (may be
 * NULL) is one more header comment line. Returns 0 or -errno (write error).
 */
int recording_write(struct recording *r, FILE *out, const char *note);

void recording_free(struct recording *r);

#endif /* PIDSIM_RECORD_RECORDING_H */
