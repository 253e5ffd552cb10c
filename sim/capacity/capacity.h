/*
 * capacity.h - what if: a recording replayed on the model under another
 * pid_max (docs/record.md, "Asking what if").
 *
 * A replay runs the trace as a program: expectations are not checked (a
 * `wait P any` may reap another child, a fork may get another number), the
 * root namespace's pid_max is set to the value asked for before the first
 * statement, and every `pid_max` write by init is given that value too.
 * It counts, per namespace, the numbers held by processes and threads
 * (a zombie holds its number; a number kept only as a process group or
 * session id is not counted) and the wraps of the allocation cursor, and
 * finds the first fork or clone that fails with EAGAIN, the kernel's
 * answer when a namespace has no free number: everything after it is
 * counterfactual.
 */
#ifndef PIDSIM_CAPACITY_H
#define PIDSIM_CAPACITY_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/trace/trace.h"

#define CAPACITY_NS_MAX		64	/* namespaces reported; more are merged into the last */
#define CAPACITY_PID_MAX_MIN	301	/* RESERVED_PIDS + 1: the smallest pid_max */
#define CAPACITY_PID_MAX_LIMIT	4194304

struct capacity_ns {
	int level;			/* 0: the trace root */
	int parent;			/* the namespace above, -1 for the root */
	int init_label;			/* its first process, LABEL_INIT for the root */
	int held, peak;			/* numbers held now, and at most */
	unsigned int peak_line;		/* the line where the peak was first reached */
	unsigned long wraps;		/* times the cursor went back to the low end */
	int last_nr;			/* the number allocated last */
};

struct capacity_result {
	int pid_max;			/* of the root namespace in this replay */
	unsigned long long statements;
	unsigned long forks, failed_forks;	/* failed: any errno */
	bool failed;			/* a fork or clone hit EAGAIN */
	unsigned int fail_line;
	char fail_text[160];		/* "fork sh-3 cc-41 -> EAGAIN" */
	int nns;
	struct capacity_ns ns[CAPACITY_NS_MAX];
};

/*
 * Replay t (rewound first) on the model of kernel (NULL: ENGINE_MODEL_DEFAULT_KERNEL) with
 * the root's pid_max set to pid_max (0: as the trace says). When series is
 * not NULL, write one line per statement to it: "LINE HELD_ROOT HELD_ALL".
 * Returns 0, or -errno when the model broke or the trace could not be read.
 */
int capacity_replay(struct trace *t, const char *kernel, int pid_max,
		    struct capacity_result *res, FILE *series);

/*
 * The smallest pid_max in [lo, hi] at which the replay has no EAGAIN, by
 * bisection (assuming more numbers never hurt): *answer is 0 when even hi
 * fails. Returns 0 or -errno. *replays counts the replays made.
 */
int capacity_smallest(struct trace *t, const char *kernel, int lo, int hi,
		      int *answer, unsigned int *replays);

#endif /* PIDSIM_CAPACITY_H */
