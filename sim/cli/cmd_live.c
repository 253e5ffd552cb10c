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

static int cmd_live(int argc, char **argv);

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
	.options = batch_cmd_options,
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
	int c, rc;

	cmd_parse_init(&p, &builtin_live);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		rc = batch_option("live", &o->b, c, optarg);
		if (rc)
			return rc == 1 ? EXIT_USAGE : rc;	/* every option is a batch one */
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
