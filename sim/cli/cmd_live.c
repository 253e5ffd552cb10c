/*
 * cmd_live.c - `pidsim live [--json] [--tree] FILE...`: run traces on the
 * running kernel, each in a fresh PID namespace (live/engine_live.h).
 *
 * Same order and output as `pidsim run`: the command line first, then
 * every file (a malformed one: exit 2, nothing run), then whether the
 * kernel can be used here at all (exit 77 with the reason), and only then
 * does any trace run. At the end the rate of statements per second is
 * printed on stderr (text), or is a member of each JSON summary.
 *
 * Exit 0, 1 (an expectation failed), 2 (bad command line, malformed trace,
 * or the live engine broke: an agent vanished, the tree did not settle),
 * 77 (no live kernel here).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/clock.h"
#include "sim/cli/builtin.h"
#include "sim/engine/live/engine_live.h"
#include "sim/run/runner.h"
#include "sim/run/trace_args.h"
#include "sim/trace/trace.h"

#define OUT_BUFFER	(1 << 20)

struct live_opts {
	bool json;
	bool tree;
};

static int parse_opts(int argc, char **argv, struct live_opts *o)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "tree",	no_argument,	NULL, 't' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 't':
			o->tree = true;
			break;
		case 'h':
			usage_of("live", stdout);
			return -1;
		default:
			return usage_error("live", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

/* Run one validated trace; 0, 1 (an expectation failed) or 2. */
static int live_one(struct engine *e, struct trace *t, const struct live_opts *o,
		    bool several, unsigned long long *stmts, double *secs)
{
	struct run_totals tot = { 0 };
	struct runner *r;
	char extra[64];
	double t0 = clock_s(), dt;
	int rc, status = 0;

	r = runner_new(e, t, &rc);
	if (!r) {
		fflush(stdout);
		fprintf(stderr, "pidsim live: %s: cannot start the trace root: %s\n",
			trace_path(t), strerror(-rc));
		return EXIT_USAGE;
	}
	rc = runner_run_trace(r, t, stdout, stderr, o->json, &tot);
	dt = clock_s() - t0;
	if (rc < 0)
		status = EXIT_USAGE;
	if (!rc && o->tree && e->ops->dump_tree)
		e->ops->dump_tree(e, stdout, o->json);
	if (!rc) {
		snprintf(extra, sizeof(extra), "\"statements_per_second\":%.0f",
			 dt > 0 ? tot.statements / dt : 0.0);
		report_summary(stdout, o->json, several ? trace_path(t) : NULL,
			       &tot, extra);
		if (tot.failed)
			status = EXIT_FAILED_EXPECT;
	}
	/* The time to tear the tree down is part of a live run. */
	runner_free(r);
	*stmts += tot.statements;
	*secs += clock_s() - t0;
	return status;
}

int cmd_live(int argc, char **argv)
{
	struct live_opts o = { 0 };
	struct live_probe probe;
	struct trace **traces = NULL;
	struct engine *e = NULL;
	unsigned long long stmts = 0;
	double secs = 0;
	int i, n = 0, rc, status = 0;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;

	traces = trace_open_args("live", argv + optind, argc - optind, &n);
	if (!traces)
		return EXIT_USAGE;
	if (live_probe(NULL, &probe)) {
		fprintf(stderr, "pidsim live: cannot run on the live kernel here: %s\n",
			probe.why);
		status = EXIT_SKIP;
		goto out_traces;
	}
	e = engine_live_new(NULL);
	if (!e) {
		fprintf(stderr, "pidsim live: %s\n", strerror(ENOMEM));
		status = EXIT_USAGE;
		goto out_traces;
	}

	setvbuf(stdout, NULL, _IOFBF, OUT_BUFFER);
	for (i = 0; i < n; i++) {
		if (n > 1)
			report_file_header(stdout, o.json, trace_path(traces[i]), i == 0);
		rc = live_one(e, traces[i], &o, n > 1, &stmts, &secs);
		if (rc == EXIT_USAGE) {
			status = rc;
			break;
		}
		if (rc)
			status = rc;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "pidsim live: cannot write the output: %s\n",
			strerror(errno));
		status = EXIT_USAGE;
	}
	if (!o.json && stmts)
		fprintf(stderr, "pidsim live: %llu statements in %.3f s: %.0f statements/s\n",
			stmts, secs, secs > 0 ? stmts / secs : 0.0);
	e->ops->destroy(e);

out_traces:
	trace_close_args(traces, n);
	return status;
}
