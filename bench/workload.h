/*
 * workload.h - workload generators: trace files that look like what real
 * machines do, of any length, for the replay benchmark and the live
 * kernel comparison (`pidbench --gen WORKLOAD STATEMENTS`).
 *
 * Every generated trace is valid version 1 of docs/trace-language.md, uses
 * each label
 * once, stays below the parser's label limit, and carries only
 * expectations that hold on every engine (`=> ok`, a new namespace's init
 * being pid 1 there, process states), so that a replay with a failed
 * expectation means a bug, not a guess.
 * Same workload, length and seed: the same bytes.
 */
#ifndef PIDBENCH_WORKLOAD_H
#define PIDBENCH_WORKLOAD_H

#include <stdint.h>
#include <stdio.h>

enum workload {
	WL_BUILD,	/* make -jN forking short-lived shells and compilers */
	WL_CONTAINERS,	/* container churn: nested namespaces, exec, kill */
	WL_SERVER,	/* a long-running server: thread pool churn, workers */
	WL__COUNT
};

/* "build", "containers", "server". */
const char *workload_name(enum workload w);

/* One line describing the workload, for the report. */
const char *workload_summary(enum workload w);

/* The workload named name, or -1. */
int workload_by_name(const char *name);

/*
 * Write a trace of about nstmts statements (a little more: the last units
 * of work are finished) to out. *written receives the number of statements
 * after range expansion. Returns 0 or -errno (write error, no memory).
 */
int gen_workload(enum workload w, unsigned long nstmts, uint64_t seed,
		 FILE *out, unsigned long *written);

#endif /* PIDBENCH_WORKLOAD_H */
