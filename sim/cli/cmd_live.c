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

#include "sim/cli/builtin.h"
#include "sim/engine/live/engine_live.h"
#include "sim/run/batch.h"
#include "sim/run/trace_args.h"

struct live_opts {
	struct batch_opts b;
};

static int parse_opts(int argc, char **argv, struct live_opts *o)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "tree",	no_argument,	NULL, 't' },
		{ "columns",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char why[160];
	int c, rc;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->b.json = true;
			break;
		case 't':
			o->b.tree = true;
			break;
		case 'c':
			rc = tree_columns_parse(optarg, &o->b.columns, why, sizeof(why));
			if (rc)
				return usage_error("live", "%s", why);
			o->b.tree = true;
			break;
		case 'h':
			usage_of("live", stdout);
			return -1;
		case ':':
			return usage_error("live", "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("live", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

int cmd_live(int argc, char **argv)
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
	if (!o.b.json && stmts)
		fprintf(stderr, "pidsim live: %llu statements in %.3f s: %.0f statements/s\n",
			stmts, secs, secs > 0 ? stmts / secs : 0.0);
	e->ops->destroy(e);

out_traces:
	trace_close_args(traces, n);
	return status;
}
