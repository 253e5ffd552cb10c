/*
 * targets.h - what the benchmarks aim at, as one table: each target names
 * the figure it reads (group, variant and parameters of a results row),
 * what it is compared with (another row, or nothing for an absolute
 * figure), the threshold and its direction. The report's Targets section
 * and `pidbench --check DIR` both evaluate this table, so the two cannot
 * disagree; nothing in CI compares a time with a threshold.
 *
 * A ratio is the median of the per-repetition ratios when the two rows
 * were sampled back to back (paired), else the ratio of their medians.
 * For rows in ns per operation the ratio is model / floor (a cost); for
 * rates it is model / reference (a speed-up): each target says which
 * direction passes.
 */
#ifndef PIDBENCH_TARGETS_H
#define PIDBENCH_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bench/bench.h"

enum target_dir {
	TARGET_AT_MOST,		/* met when value <= threshold */
	TARGET_AT_LEAST,	/* met when value >= threshold */
};

struct target_def {
	const char *what;	/* one sentence for the report */
	const char *group;
	const char *variant;	/* the figure (numerator of a ratio) */
	double param, param2;
	const char *ref_variant; /* NULL: the figure itself is compared */
	double ref_param;	/* the reference's param; < 0: the same */
	bool paired;		/* per-repetition ratios (sampled together) */
	bool each_label;	/* every label of the group; the worst counts */
	double threshold;
	enum target_dir dir;
	const char *unit;	/* of the value: "x" for ratios, else the row's */
};

extern const struct target_def bench_targets[];
extern const size_t bench_targets_n;

struct target_result {
	bool known;		/* both figures were measured */
	bool met;
	double value;		/* the ratio (or the figure) compared */
	double figure, ref;	/* medians of the two rows (ref NAN if none) */
	char label[40];		/* each_label: the worst label */
};

/* Evaluate t on the results table. */
void target_eval(const struct target_def *t, const struct results *res,
		 struct target_result *out);

/*
 * Read a report's all.csv back into res (which may be empty); 0 or
 * -errno (-EINVAL with FILE:LINE:COLUMN on stderr for a malformed line).
 */
int results_load_csv(const char *path, struct results *res);

/*
 * Print every target's verdict on res, one line each, to out. Returns 0
 * when every measured target is met, 1 when one is missed, 2 when none
 * could be evaluated.
 */
int targets_check(const struct results *res, FILE *out);

#endif /* PIDBENCH_TARGETS_H */
