/*
 * cmd_run.c - `pidsim run [--json] [--kernel VERSION] [--base-level N]
 * [--tree] FILE...`: run traces on the model.
 *
 * Order matters and is the contract: the command line is checked first,
 * then the kernel profile, then every file (all malformed ones reported,
 * exit 2, nothing run), and only then does any trace run, each in a fresh
 * world (begin/end of one engine). Exit 0, 1 (an expectation failed) or 2.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/numparse.h"
#include "sim/cli/builtin.h"
#include "sim/engine/model/engine_model.h"
#include "sim/run/batch.h"
#include "sim/run/trace_args.h"

#define BASE_LEVEL_MAX	32	/* MAX_PID_NS_LEVEL: the deepest a root can sit */

struct run_opts {
	struct batch_opts b;
	const char *kernel;	/* NULL: the newest profile */
	unsigned int base_level;
};

static int parse_opts(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "kernel",	required_argument,	NULL, 'k' },
		{ "base-level",	required_argument,	NULL, 'b' },
		{ "tree",	no_argument,		NULL, 't' },
		{ "columns",	required_argument,	NULL, 'c' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char why[160];
	int c, rc;

	opterr = 0;
	optind = 0;	/* glibc: start afresh, skipping argv[0] */
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
				return usage_error("run", "%s", why);
			o->b.tree = true;
			break;
		case 'k':
			rc = engine_model_kernel_arg("run", optarg);
			if (rc)
				return rc > 0 ? -1 : EXIT_USAGE;
			o->kernel = optarg;
			break;
		case 'b':
			if (!parse_uint(optarg, 0, BASE_LEVEL_MAX, &o->base_level))
				return usage_error("run", "--base-level takes a number from 0 to 32, not '%s'",
						   optarg);
			break;
		case 'h':
			usage_of("run", stdout);
			return -1;
		case ':':
			return usage_error("run", "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("run", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { .b = { .cmd = "run" } };
	struct trace **traces = NULL;
	struct engine *e = NULL;
	int n = 0, rc, status;

	tree_columns_default(&o.b.columns);
	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = engine_model_new(o.kernel, o.base_level, &e);
	if (rc) {
		fprintf(stderr, "pidsim run: cannot create the model: %s\n",
			strerror(-rc));
		return EXIT_USAGE;
	}
	traces = trace_open_args("run", argv + optind, argc - optind, &n);
	if (!traces) {
		status = EXIT_USAGE;
		goto out_engine;
	}
	status = batch_run(e, traces, n, &o.b, NULL, NULL);
	trace_close_args(traces, n);
out_engine:
	e->ops->destroy(e);
	return status;
}
