/*
 * bench.h - pidbench: what every benchmark module shares. Timing, the
 * series of repeated measurements and their statistics, the table of
 * results that the report is written from, the progress line, and the
 * sanity failures that make the quick mode fail in CI.
 *
 * Contract of a figure: each benchmark repeats a measurement (a "sample")
 * reps times and stores every sample in a row of the results table; the
 * report quotes the median with min and max. A model figure and its floor
 * are sampled alternately in the same process, so that their ratio (the
 * median of the per-repetition ratios) holds on a noisy machine even when
 * the absolute figures move. Nothing here ever compares a time with a
 * threshold: sanity means positive, finite, and identical answers.
 *
 * Errors are negative errno values, as in the model.
 */
#ifndef PIDBENCH_BENCH_H
#define PIDBENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/clock.h"
#include "lib/rng.h"

#define REPS_MAX	64

/* Every sample of one figure, in the order they were taken. */
struct series {
	int n;
	double v[REPS_MAX];
};

void series_add(struct series *s, double v);
double series_median(const struct series *s);
double series_min(const struct series *s);
double series_max(const struct series *s);
/* Per-repetition ratio a[i] / b[i] over the common prefix. */
struct series series_ratio(const struct series *a, const struct series *b);
/* Are all samples positive and finite (and is there at least one)? */
bool series_sane(const struct series *s);

/*
 * One row of the results table: benchmark group, variant, the parameters
 * it was measured at, the unit, and the samples. param2 is 0 when unused.
 */
struct row {
	char group[24];		/* "depth", "occupancy", "worst", "lookup", ... */
	char variant[24];	/* "model", "floor", "legacy", "flat", ... */
	double param;		/* depth, occupancy %, live pids, statements */
	double param2;		/* pid_max, or 0 */
	char label[40];		/* workload name etc., "" when unused */
	char unit[16];		/* "ns/cycle", "stmts/s", "B/process" */
	struct series s;
};

/* Rows are allocated one by one: a pointer to a row stays valid. */
struct results {
	struct row **rows;
	size_t n, cap;
	int insane;		/* sanity violations found so far */
	unsigned long long compared;	/* allocations checked identical */
};

/* Append a row; returns it (zeroed series) or NULL without memory. */
struct row *results_add(struct results *r, const char *group,
			const char *variant, double param, double param2,
			const char *label, const char *unit);

/* Free every row. */
void results_free(struct results *r);

/* The first row matching all of group, variant, param, param2, label. */
const struct row *results_find(const struct results *r, const char *group,
			       const char *variant, double param, double param2,
			       const char *label);

/*
 * Record a sanity failure (printed at once on stderr). The benchmark goes
 * on so that one run shows every problem; the exit status says it failed.
 */
void bench_insane(struct results *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Abort the whole run: allocators disagreed, the model broke. */
void bench_die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/*
 * Time is lib/clock.h's monotonic clock (clock_s), randomness lib/rng.h's
 * generator: the same seed gives the same benchmark.
 */

/* Keep a value alive so the optimiser cannot drop the work behind it. */
extern volatile uint64_t bench_sink;

/*
 * The progress line on stderr: "[ 3/12   4.1s] what". On a terminal it
 * rewrites one line; elsewhere (CI logs) it prints one line per step.
 */
void progress_begin(int steps);
void progress_step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void progress_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void progress_end(void);

/* How hard to measure: the quick mode (CI) or the full report. */
struct bench_cfg {
	bool quick;
	int reps;		/* repetitions of each figure */
	double sample_s;	/* target duration of one sample */
	uint64_t seed;
	const char *tmpdir;	/* generated traces live here */
	const char *pidsim;	/* the pidsim executable, for `pidsim live` */
	const char *self;	/* this executable, for the peak-memory child */
	bool live;		/* try the live kernel at all */
	const char *only;	/* NULL, or the one module to run */
};

/* The benchmark modules, in the order the suite runs them. */
int bench_alloc(const struct bench_cfg *cfg, struct results *res);
int bench_lookup(const struct bench_cfg *cfg, struct results *res);
int bench_memory(const struct bench_cfg *cfg, struct results *res);
int bench_replay(const struct bench_cfg *cfg, struct results *res);

/* Steps each module reports to the progress line (for its total). */
int bench_alloc_steps(const struct bench_cfg *cfg);
int bench_lookup_steps(const struct bench_cfg *cfg);
int bench_memory_steps(const struct bench_cfg *cfg);
int bench_replay_steps(const struct bench_cfg *cfg);

/* The child half of the peak-memory figure (pidbench --child-peak N). */
int bench_child_peak(unsigned long n);

/*
 * The bare C fork loop (pidbench --child-forkloop N, or -vm): in a new PID
 * namespace, its init creates and reaps N children that exit at once, by
 * fork() or by clone(CLONE_VM) when vm, and prints "forkloop N SECONDS".
 * Exit 77 where it cannot unshare.
 */
int bench_child_forkloop(unsigned long n, bool vm);

/* Where notes for the report accumulate: skipped parts and why. */
void bench_notef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *bench_notes(void);

#endif /* PIDBENCH_BENCH_H */
