/*
 * targets.c - the benchmark targets (targets.h) and their evaluation.
 *
 * The thresholds are those of docs/bench.md ("Targets"): issue 5's, with
 * the find_pid_ns one stated against the fair floor of a keyed table and
 * issue 15's additions (misses, a large pid_max, memory per process, the
 * live kernel at 80x). The live-kernel target is stated on identical work,
 * as issue 15 restates it: the fork/exit/wait trace, which the bare C
 * loops do too. On the generated workloads the ratio to the kernel is
 * reported beside it, not as a target.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/targets.h"
#include "model/pid_limits.h"

const struct target_def bench_targets[] = {
	{ "find_pid_ns hit within 3x of the fair floor (array, then the pid's own number) at 32 k live pids",
	  "lookup", "hit", 32000, 0, "floor-key-hit", -1, true, false,
	  3.0, TARGET_AT_MOST, "x" },
	{ "find_pid_ns miss within 4x of the fair floor at 32 k live pids",
	  "lookup", "miss", 32000, 0, "floor-key-miss", -1, true, false,
	  4.0, TARGET_AT_MOST, "x" },
	{ "alloc+free at depth 1 within 4x of the bare-bitmap floor",
	  "depth", "model", 1, PID_MAX_DEFAULT, "floor", -1, true, false,
	  4.0, TARGET_AT_MOST, "x" },
	{ "alloc+free at pid_max 4194304, empty map, within 8x of the floor",
	  "occupancy", "idr", 0, PID_MAX_LIMIT, "floor", -1, true, false,
	  8.0, TARGET_AT_MOST, "x" },
	{ "alloc+free at pid_max 4194304, half-full map, within 8x of the floor",
	  "occupancy", "idr", 50, PID_MAX_LIMIT, "floor", -1, true, false,
	  8.0, TARGET_AT_MOST, "x" },
	{ "alloc+free at depth 32 no worse than 33x depth 1",
	  "depth", "model", 32, PID_MAX_DEFAULT, "model", 1, true, false,
	  33.0, TARGET_AT_MOST, "x" },
	{ "worst-case allocation at pid_max 4194304 at least 20x faster than a flat word-by-word scan, identical pids",
	  "worst", "flat", 1, PID_MAX_LIMIT, "idr", -1, true, false,
	  20.0, TARGET_AT_LEAST, "x" },
	{ "heap per process at depth 1 at most 420 B",
	  "memory", "model", 1, 0, NULL, -1, false, false,
	  420.0, TARGET_AT_MOST, "B" },
	{ "fork/exit/wait trace: replay at least 80x faster than `pidsim live` on it",
	  "forkloop", "model", 0, 0, "kernel", -1, false, true,
	  80.0, TARGET_AT_LEAST, "x" },
	{ "fork/exit/wait trace: replay at least 80x faster than a bare C fork() loop in a fresh PID namespace doing the same work",
	  "forkloop", "model", 0, 0, "bare", -1, false, true,
	  80.0, TARGET_AT_LEAST, "x" },
};

const size_t bench_targets_n = sizeof(bench_targets) / sizeof(bench_targets[0]);

static const struct row *find(const struct results *res, const char *group,
			      const char *variant, double param, double param2,
			      const char *label)
{
	const struct row *row = results_find(res, group, variant, param, param2,
					     label);

	return row && row->s.n ? row : NULL;
}

/* The value of t for one label; false when a figure is missing. */
static bool eval_one(const struct target_def *t, const struct results *res,
		     double param, const char *label, struct target_result *out)
{
	const struct row *a = find(res, t->group, t->variant, param, t->param2, label);
	const struct row *b;
	struct series s;

	if (!a)
		return false;
	out->figure = series_median(&a->s);
	out->ref = NAN;
	if (!t->ref_variant) {
		out->value = out->figure;
		return true;
	}
	b = find(res, t->group, t->ref_variant, t->ref_param < 0 ? param : t->ref_param,
		 t->param2, label);
	if (!b)
		return false;
	out->ref = series_median(&b->s);
	if (t->paired) {
		s = series_ratio(&a->s, &b->s);
		if (!s.n)
			return false;
		out->value = series_median(&s);
	} else {
		out->value = out->figure / out->ref;
	}
	return isfinite(out->value);
}

void target_eval(const struct target_def *t, const struct results *res,
		 struct target_result *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!t->each_label) {
		out->known = eval_one(t, res, t->param, "", out);
	} else {
		/* every row of the figure, whatever its param: the worst label */
		for (i = 0; i < res->n; i++) {
			const struct row *row = res->rows[i];
			struct target_result one = { 0 };
			bool worse;

			if (strcmp(row->group, t->group) || strcmp(row->variant, t->variant) ||
			    !row->s.n || !eval_one(t, res, row->param, row->label, &one))
				continue;
			worse = t->dir == TARGET_AT_LEAST ? one.value < out->value
							  : one.value > out->value;
			if (!out->known || worse) {
				*out = one;
				out->known = true;
				snprintf(out->label, sizeof(out->label), "%s", row->label);
			}
		}
	}
	if (out->known)
		out->met = t->dir == TARGET_AT_LEAST ? out->value >= t->threshold
						     : out->value <= t->threshold;
}

/*
 * all.csv back into a results table: group, variant, label, param,
 * param2, unit, samples, median, min, max, then the samples joined by ';'.
 */
int results_load_csv(const char *path, struct results *res)
{
	char line[8192];
	FILE *f = fopen(path, "r");
	int lineno = 0, err = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *field[11], *p = line, *v, *end;
		struct row *row;
		int n = 0;

		lineno++;
		if (lineno == 1)
			continue;	/* the header */
		line[strcspn(line, "\n")] = '\0';
		while (n < 11) {
			field[n++] = p;
			p = strchr(p, ',');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (n != 11) {
			fprintf(stderr, "%s:%d:1: expected 11 fields, found %d\n",
				path, lineno, n);
			err = -EINVAL;
			break;
		}
		row = results_add(res, field[0], field[1], strtod(field[3], NULL),
				  strtod(field[4], NULL), field[2], field[5]);
		if (!row) {
			err = -ENOMEM;
			break;
		}
		for (v = strtok(field[10], ";"); v && row->s.n < REPS_MAX;
		     v = strtok(NULL, ";")) {
			double x = strtod(v, &end);

			if (end != v)
				series_add(&row->s, x);
		}
	}
	fclose(f);
	return err;
}

int targets_check(const struct results *res, FILE *out)
{
	size_t i;
	int missed = 0, known = 0;

	for (i = 0; i < bench_targets_n; i++) {
		const struct target_def *t = &bench_targets[i];
		struct target_result tr;

		target_eval(t, res, &tr);
		if (!tr.known) {
			fprintf(out, "n/a      %s\n", t->what);
			continue;
		}
		known++;
		missed += !tr.met;
		fprintf(out, "%-8s %.*f%s (%s %g%s)%s%s  %s\n", tr.met ? "met" : "MISSED",
			tr.value >= 100 ? 0 : 2, tr.value, t->unit, t->dir == TARGET_AT_MOST ? "<=" : ">=",
			t->threshold, t->unit, tr.label[0] ? " worst: " : "",
			tr.label, t->what);
	}
	return missed ? 1 : known ? 0 : 2;
}
