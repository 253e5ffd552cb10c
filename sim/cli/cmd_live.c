/*
 * cmd_live.c - `pidsim live`: run traces on the running kernel, each in a
 * fresh PID namespace (sim/engine/live/engine_live.h).
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

#include "sim/cli/builtin.h"
#include "sim/engine/live/engine_live.h"
#include "sim/run/batch.h"
#include "sim/run/trace_args.h"

enum { OPT_JSON = 'j', OPT_TREE = 't', OPT_COLUMNS = 'c',
       OPT_COLOR = 0x100, OPT_PROGRESS, OPT_QUIET = 'q' };

static int cmd_live(int argc, char **argv);

static const struct cmd_option live_options[] = {
	{ "json", 0, NULL, OPT_JSON,
	  "JSON Lines: one object per statement, then a summary" },
	{ "tree", 0, NULL, OPT_TREE,
	  "print the namespace tree after each trace" },
	{ "color", 0, "[=WHEN]", OPT_COLOR,
	  "mark failed expectations in red: auto (the default:\n"
	  "on a terminal), always or never" },
	{ "progress", 0, NULL, OPT_PROGRESS,
	  "a progress line on standard error even when it is not\n"
	  "a terminal (by default: when it is, and the output is not)" },
	{ "quiet", 'q', NULL, OPT_QUIET, "no progress line, no rate on standard error" },
	{ "columns", 0, "LIST", OPT_COLUMNS,
	  "the tree's columns (see pidsim run; implies --tree)" },
	{ NULL },
};

const struct builtin builtin_live = {
	.name = "live",
	.fn = cmd_live,
	.summary = "run traces on the real kernel, in fresh PID namespaces",
	.synopsis = "[--json] [--color[=WHEN]] [--progress | -q] [--tree]\n"
		"[--columns LIST] FILE...",
	.description =
		"Run each trace FILE (- for standard input) on the running kernel, in\n"
		"a fresh PID namespace that plays the trace root, and print one line\n"
		"per statement as `pidsim run` does.",
	.options = live_options,
	.exit_status = "0, 1 (an expectation failed), 2 (malformed trace, bad\n"
		"command line or the live engine failed), 77 (the live kernel cannot be\n"
		"used here).",
};

struct live_opts {
	struct batch_opts b;
};

static int parse_opts(int argc, char **argv, struct live_opts *o)
{
	struct cmd_parser p;
	char why[160];
	int c, rc;

	cmd_parse_init(&p, &builtin_live);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		switch (c) {
		case OPT_JSON:
			o->b.json = true;
			break;
		case OPT_TREE:
			o->b.tree = true;
			break;
		case OPT_COLOR:
			if (optarg && strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return usage_error("live", "--color takes auto, always or never, not '%s'",
						   optarg);
			o->b.color = optarg ? optarg : "always";
			break;
		case OPT_PROGRESS:
			o->b.progress = PROGRESS_ALWAYS;
			break;
		case OPT_QUIET:
			o->b.progress = PROGRESS_NEVER;
			break;
		case OPT_COLUMNS:
			rc = tree_columns_parse(optarg, &o->b.columns, why, sizeof(why));
			if (rc)
				return usage_error("live", "%s", why);
			o->b.tree = true;
			break;
		}
	}
	return c == CMD_END ? 0 : c == CMD_HELP ? -1 : EXIT_USAGE;
}

static int cmd_live(int argc, char **argv)
{
	struct live_opts o = { .b = { .cmd = "live", .rate = true } };
	struct live_probe probe;
	struct trace **traces = NULL;
	struct engine *e = NULL;
	unsigned long long stmts = 0;
	double secs = 0;
	int n = 0, rc, status = 0;

	tree_columns_default(&o.b.columns);
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

	status = batch_run(e, traces, n, &o.b, &stmts, &secs);
	if (!o.b.json && stmts && o.b.progress != PROGRESS_NEVER)
		fprintf(stderr, "pidsim live: %llu statements in %.3f s: %.0f statements/s\n",
			stmts, secs, secs > 0 ? stmts / secs : 0.0);
	e->ops->destroy(e);

out_traces:
	trace_close_args(traces, n);
	return status;
}
