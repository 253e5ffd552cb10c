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
#include "sim/run/runner.h"
#include "sim/run/trace_args.h"
#include "sim/trace/trace.h"

#include "model/profile.h"

#define BASE_LEVEL_MAX	32	/* MAX_PID_NS_LEVEL: the deepest a root can sit */
#define OUT_BUFFER	(1 << 20)

struct run_opts {
	bool json;
	bool tree;
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
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 0;	/* glibc: start afresh, skipping argv[0] */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 't':
			o->tree = true;
			break;
		case 'k':
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

static bool profile_known(const char *kernel, const char *const *names)
{
	for (; names && *names; names++)
		if (strcmp(*names, kernel) == 0)
			return true;
	return false;
}

static struct engine *make_engine(const struct run_opts *o)
{
	const char *const *names = model_profile_names();
	struct engine *e;

	if (o->kernel && !profile_known(o->kernel, names)) {
		fprintf(stderr, "pidsim run: unknown kernel profile '%s'; the profiles are:",
			o->kernel);
		for (; names && *names; names++)
			fprintf(stderr, " %s", *names);
		fputc('\n', stderr);
		return NULL;
	}
	e = engine_model_new(o->kernel, o->base_level);
	if (!e)
		fprintf(stderr, "pidsim run: cannot create the model: %s\n",
			strerror(ENOMEM));
	return e;
}

/* Run one validated trace; 0, 1 (an expectation failed) or 2. */
static int run_one(struct engine *e, struct trace *t, const struct run_opts *o,
		   bool several, bool *warned_tree)
{
	struct run_totals tot = { 0 };
	struct runner *r;
	int rc, status = 0;

	r = runner_new(e, t, &rc);
	if (!r) {
		fflush(stdout);
		fprintf(stderr, "pidsim run: %s: cannot start the model: %s\n",
			trace_path(t), strerror(-rc));
		return EXIT_USAGE;
	}
	rc = runner_run_trace(r, t, stdout, stderr, o->json, &tot);
	if (rc < 0)
		status = EXIT_USAGE;
	if (!rc) {
		report_summary(stdout, o->json, several ? trace_path(t) : NULL, &tot, NULL);
		if (tot.failed)
			status = EXIT_FAILED_EXPECT;
	}
	/* the tree comes last: in JSON it is the run's final object */
	if (!rc && o->tree) {
		if (e->ops->dump_tree) {
			e->ops->dump_tree(e, stdout, o->json);
		} else if (!*warned_tree) {
			fprintf(stderr, "pidsim run: the %s engine cannot print a tree\n",
				e->ops->name);
			*warned_tree = true;
		}
	}
	runner_free(r);
	return status;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { 0 };
	struct trace **traces = NULL;
	struct engine *e = NULL;
	bool warned_tree = false;
	int i, n = 0, rc, status = 0;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	e = make_engine(&o);
	if (!e)
		return EXIT_USAGE;

	traces = trace_open_args("run", argv + optind, argc - optind, &n);
	if (!traces) {
		status = EXIT_USAGE;
		goto out_engine;
	}

	setvbuf(stdout, NULL, _IOFBF, OUT_BUFFER);
	for (i = 0; i < n; i++) {
		if (n > 1)
			report_file_header(stdout, o.json, trace_path(traces[i]), i == 0);
		rc = run_one(e, traces[i], &o, n > 1, &warned_tree);
		if (rc == EXIT_USAGE) {
			status = rc;
			break;
		}
		if (rc)
			status = rc;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "pidsim run: cannot write the output: %s\n",
			strerror(errno));
		status = EXIT_USAGE;
	}

	trace_close_args(traces, n);
out_engine:
	e->ops->destroy(e);
	return status;
}
