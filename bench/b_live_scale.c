/*
 * b_live_scale.c - the live engine's statements per second as the trace
 * grows (b_live_scale.h).
 *
 * A trace's size must not slow its statements: a label that never becomes
 * a process costs nothing, and what one statement does costs in proportion
 * to the processes it touches. So the same workload (rounds of a parent
 * forking a child and a grandchild, exiting, the orphan reparented to
 * init, both reaped: every settling path) runs on the live engine in one
 * world declared with 1,000, 10,000 and 100,000 labels, the rest never
 * used. The engine is driven in this process, statement by statement, so
 * that only the statements are timed, not the parsing or the world's set
 * up. The figures should stay flat; the report states them as measured.
 *
 * Needs what `pidsim live` needs (root, PID namespaces): skipped with a
 * note otherwise, or with --no-live.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench/b_live_scale.h"
#include "sim/engine/live/engine_live.h"
#include "sim/run/engine.h"

static const int scale_labels[] = { 1000, 10000, 100000 };

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define STMTS_PER_ROUND	6

/* One statement of the workload: op by label p on label c. */
static int step(struct engine *e, enum stmt_op op, int p, int c,
		unsigned long long *done)
{
	static struct stmt st;
	struct result res;
	int rc;

	memset(&st, 0, sizeof(st));
	st.file = "live-scale";
	st.op = op;
	st.label[0] = p;
	st.label[1] = c;
	st.label[2] = LABEL_NONE;
	rc = e->ops->exec(e, &st, &res);
	if (rc)
		return rc;
	/* every statement of the workload succeeds on any kernel */
	if (res.kind == OC_ERRNO)
		return -res.err;
	(*done)++;
	return 0;
}

/*
 * One sample: a fresh world of nlabels labels, then rounds of
 *   fork init a; fork a b; exit a; wait init a; exit b; wait init b
 * with labels 1, 2, 3, ... and the rest never used. Statements per second
 * of the workload alone, or -errno.
 */
static double sample(struct engine *e, int nlabels, int rounds)
{
	struct trace_info info = { "live-scale", nlabels, NULL };
	unsigned long long done = 0;
	double t0, dt;
	int rc;

	rc = e->ops->begin(e, &info);
	if (rc)
		return rc;
	t0 = clock_s();
	for (int i = 0; i < rounds && !rc; i++) {
		int a = 1 + 2 * i, b = a + 1;

		rc = step(e, OP_FORK, LABEL_INIT, a, &done);
		if (!rc)
			rc = step(e, OP_FORK, a, b, &done);
		if (!rc)
			rc = step(e, OP_EXIT, a, LABEL_NONE, &done);
		if (!rc)
			rc = step(e, OP_WAIT, LABEL_INIT, a, &done);
		if (!rc)
			rc = step(e, OP_EXIT, b, LABEL_NONE, &done);
		if (!rc)
			rc = step(e, OP_WAIT, LABEL_INIT, b, &done);
	}
	dt = clock_s() - t0;
	e->ops->end(e);
	if (rc)
		return rc;
	if (done != (unsigned long long)rounds * STMTS_PER_ROUND || dt <= 0)
		return -EPROTO;
	return (double)done / dt;
}

int bench_live_scale_steps(const struct bench_cfg *cfg)
{
	(void)cfg;
	return (int)ARRAY_SIZE(scale_labels);
}

int bench_live_scale(const struct bench_cfg *cfg, struct results *res)
{
	int rounds = cfg->quick ? 50 : 300;
	struct live_probe probe;
	struct engine *e = NULL;

	if (!cfg->live) {
		bench_notef("Live scale not measured (--no-live).");
		return 0;
	}
	if (live_probe(NULL, &probe)) {
		bench_notef("Live scale skipped: %s.", probe.why);
		progress_note("live scale skipped: %s", probe.why);
		return 0;
	}
	e = engine_live_new(NULL);
	if (!e)
		return -ENOMEM;
	for (size_t k = 0; k < ARRAY_SIZE(scale_labels); k++) {
		int n = scale_labels[k];
		struct row *row = results_add(res, "live-scale", "kernel", n, 0,
					      "fork-exit-wait", "stmts/s");

		if (!row)
			bench_die("out of memory");
		progress_step("live engine at %d labels", n);
		for (int rep = 0; rep < cfg->reps; rep++) {
			double rate = sample(e, n, rounds);

			if (rate < 0) {
				bench_insane(res, "live scale at %d labels: %s", n,
					     strerror((int)-rate));
				break;
			}
			series_add(&row->s, rate);
		}
		if (row->s.n)
			progress_note("live engine at %d labels: %.0f statements/s (median of %d)",
				      n, series_median(&row->s), row->s.n);
	}
	e->ops->destroy(e);
	bench_notef("Live scale: the same %d statements of fork, exit and wait, timed alone, "
		    "in worlds of 1,000, 10,000 and 100,000 labels (rows live-scale in "
		    "all.csv).", rounds * STMTS_PER_ROUND);
	return 0;
}
