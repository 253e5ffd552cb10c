/*
 * batch.c - the per-file loop of run and live (batch.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/clock.h"
#include "sim/run/batch.h"
#include "sim/run/report.h"
#include "sim/run/runner.h"

#define EXIT_FAILED_EXPECT	1
#define EXIT_USAGE		2
#define OUT_BUFFER		(1 << 20)

static int print_tree(struct engine *e, const struct trace *t,
		      const struct batch_opts *o)
{
	struct snapshot snap = { 0 };
	int ret;

	if (!e->ops->snapshot) {
		fprintf(stderr, "pidsim %s: the %s engine cannot show its tree\n",
			o->cmd, e->ops->name);
		return -EOPNOTSUPP;
	}
	ret = e->ops->snapshot(e, &snap);
	if (ret < 0) {
		fprintf(stderr, "pidsim %s: %s: reading the tree: %s\n", o->cmd,
			trace_path(t), strerror(-ret));
		goto out;
	}
	tree_print(stdout, o->json, trace_path(t), &snap,
		   trace_label_names(t), trace_label_count(t), &o->columns);
out:
	snapshot_release(&snap);
	return ret;
}

/* Run one validated trace; 0, 1 (an expectation failed) or 2. */
static int batch_one(struct engine *e, struct trace *t, const struct batch_opts *o,
		     struct run_totals *all, double *secs)
{
	struct report rp;
	struct progress pr;
	char what[256];
	struct runner *r;
	char extra[64];
	double t0 = clock_s(), dt;
	int rc, status = 0;

	r = runner_new(e, t, &rc);
	if (!r) {
		fflush(stdout);
		fprintf(stderr, "pidsim %s: %s: cannot start the trace: %s\n",
			o->cmd, trace_path(t), strerror(-rc));
		return EXIT_USAGE;
	}
	report_begin(&rp, stdout, o->json, report_want_color(o->color, stdout),
		     trace_path(t));
	snprintf(what, sizeof(what), "pidsim %s: %s", o->cmd, trace_path(t));
	/* results on a terminal are progress enough */
	progress_start(&pr, o->progress == PROGRESS_AUTO && isatty(STDOUT_FILENO) ?
		       PROGRESS_NEVER : o->progress, what);
	rp.progress = pr.on ? &pr : NULL;
	rp.total = trace_statement_count(t);
	rc = runner_run_trace(r, t, &rp, stderr);
	progress_clear(&pr);
	dt = clock_s() - t0;
	if (rc < 0) {
		status = EXIT_USAGE;
		goto out;
	}
	extra[0] = '\0';
	if (o->rate)
		snprintf(extra, sizeof(extra), "\"statements_per_second\":%.0f",
			 dt > 0 ? rp.tot.statements / dt : 0.0);
	report_summary(&rp, extra);
	if (rp.tot.failed)
		status = EXIT_FAILED_EXPECT;
	/* the tree comes last: in JSON it is the trace's final object */
	if (o->tree && print_tree(e, t, o) < 0)
		status = EXIT_USAGE;
out:
	/* the time to tear a live tree down is part of the run */
	runner_free(r);
	all->statements += rp.tot.statements;
	all->expectations += rp.tot.expectations;
	all->failed += rp.tot.failed;
	*secs += clock_s() - t0;
	return status;
}

int batch_run(struct engine *e, struct trace **traces, int n,
	      const struct batch_opts *o, unsigned long long *stmts,
	      double *secs)
{
	struct run_totals all = { 0 };
	unsigned int failed = 0;
	double t = 0;
	int i, rc, status = 0;

	setvbuf(stdout, NULL, _IOFBF, OUT_BUFFER);
	for (i = 0; i < n; i++) {
		if (n > 1)
			report_file_header(stdout, o->json, trace_path(traces[i]), i == 0);
		rc = batch_one(e, traces[i], o, &all, &t);
		if (rc == EXIT_USAGE) {
			status = rc;
			break;
		}
		if (rc) {
			status = rc;
			failed++;
		}
	}
	if (n > 1 && status != EXIT_USAGE)
		report_total(stdout, o->json, &all, (unsigned int)n, failed);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "pidsim %s: cannot write the output: %s\n", o->cmd,
			strerror(errno));
		status = EXIT_USAGE;
	}
	if (stmts)
		*stmts = all.statements;
	if (secs)
		*secs = t;
	return status;
}
