/*
 * cmd_diff.c - `pidsim diff`: run each trace on the model and on the live
 * kernel, statement by statement (sim/run/diff.c), and report the first
 * statement where they part.
 *
 * The model counts levels as the live trace root does (base level from
 * live_probe()), so that depth limits and set_tid sizes mean the same in
 * both.
 *
 * Exit 0 (all agree), 1 (a trace diverged), 2 (bad command line, malformed
 * trace, unknown profile, or an engine broke), 77 (no live kernel here).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/builtin.h"
#include "sim/engine/model/engine_model.h"
#include "sim/engine/live/engine_live.h"
#include "sim/run/diff.h"
#include "sim/run/trace_args.h"
#include "sim/trace/trace.h"


struct diff_opts {
	bool json;
	bool explain;		/* the model's reasons beside a divergence */
	struct model_opts m;
};

enum { OPT_JSON = 'j', OPT_EXPLAIN = 0x200 };

static int cmd_diff(int argc, char **argv);

static const struct cmd_option diff_options[] = {
	{ "json", 0, NULL, OPT_JSON, "JSON Lines: one object per trace" },
	{ "explain", 0, NULL, OPT_EXPLAIN,
	  "beside a divergence, the model's reasons for its result\n"
	  "(JSON: \"model_why\"; see docs/explain.md)" },
	{ NULL },
};

const struct builtin builtin_diff = {
	.name = "diff",
	.fn = cmd_diff,
	.summary = "run traces on the model and the kernel and compare",
	.synopsis = "[--json] [--kernel VERSION] [--explain] FILE...",
	.description =
		"Run each trace FILE on the model (counting levels from the live\n"
		"root's) and on the live kernel, statement by statement, and report\n"
		"the first statement whose results differ; that trace stops there.",
	.options = diff_options,
	.more_options = model_cmd_options,
	.exit_status = "0 the engines agree, 1 they diverged, 2 malformed trace\n"
		"or bad command line, 77 the live kernel cannot be used here.",
};

static int parse_opts(int argc, char **argv, struct diff_opts *o)
{
	struct cmd_parser p;
	int c, rc;

	cmd_parse_init(&p, &builtin_diff);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		rc = model_option("diff", &o->m, c, optarg);
		if (rc != 1) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_EXPLAIN:
			o->explain = true;
			break;
		}
	}
	return c == CMD_END ? 0 : c == CMD_HELP ? -1 : EXIT_USAGE;
}

static int cmd_diff(int argc, char **argv)
{
	struct diff_opts o = { 0 };
	struct live_probe probe;
	struct trace **traces = NULL;
	struct engine *eng[2] = { NULL, NULL };
	int i, n = 0, rc, status = 0;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;

	traces = trace_open_args("diff", argv + optind, argc - optind, &n);
	if (!traces)
		return EXIT_USAGE;
	if (live_probe(NULL, &probe)) {
		fprintf(stderr, "pidsim diff: cannot run on the live kernel here: %s\n",
			probe.why);
		status = EXIT_SKIP;
		goto out_traces;
	}
	status = model_opts_engine("diff", &o.m, probe.base_level, &eng[MODEL]);
	if (status)
		goto out_engines;
	eng[LIVE] = engine_live_new(NULL);
	if (!eng[LIVE]) {
		fprintf(stderr, "pidsim diff: cannot create the live engine: %s\n",
			strerror(ENOMEM));
		status = EXIT_USAGE;
		goto out_engines;
	}
	/* What the kernel cannot do here, the model leaves out too. */
	eng[MODEL]->skips |= eng[LIVE]->skips;
	eng[MODEL]->explain = o.explain;
	for (i = 0; i < n; i++) {
		rc = diff_trace(eng, traces[i], stdout, o.json);
		fflush(stdout);
		if (rc == EXIT_USAGE) {
			status = rc;
			break;
		}
		if (rc)
			status = rc;
	}
out_engines:
	for (int k = 0; k < 2; k++)
		if (eng[k])
			eng[k]->ops->destroy(eng[k]);
out_traces:
	trace_close_args(traces, n);
	return status;
}
