/*
 * cmd_run.c - `pidsim run`: run traces on the model.
 *
 * Order matters and is the contract: the command line is checked first,
 * then the kernel profile, then every file (all malformed ones reported,
 * exit 2, nothing run), and only then does any trace run, each in a fresh
 * world (begin/end of one engine). Exit 0, 1 (an expectation failed) or 2.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/numparse.h"
#include "sim/cli/builtin.h"
#include "sim/engine/model/engine_model.h"
#include "sim/run/batch.h"
#include "sim/run/trace_args.h"

#define BASE_LEVEL_MAX	32	/* MAX_PID_NS_LEVEL: the deepest a root can sit */

enum { OPT_BASE_LEVEL = 'b', OPT_EXPLAIN = 0x200 };

static int cmd_run(int argc, char **argv);

static const struct cmd_option run_options[] = {
	{ "base-level", 0, "N", OPT_BASE_LEVEL,
	  "count levels as if the trace root sat N levels deep\n"
	  "(0 to 32, default 0), as a live run does" },
	{ "explain", 0, NULL, OPT_EXPLAIN,
	  "under each statement, the reasons for its result: the\n"
	  "kernel rule that decided it, with its numbers\n"
	  "(JSON: a \"why\" array; see docs/explain.md)" },
	{ NULL },
};

const struct builtin builtin_run = {
	.name = "run",
	.fn = cmd_run,
	.summary = "run traces on the model of the kernel",
	.synopsis = "[--json] [--kernel VERSION] [--base-level N] [--color[=WHEN]]\n"
		"[--progress | -q] [--tree] [--columns LIST] [--explain] FILE...",
	.description =
		"Run each trace FILE (- for standard input; a directory stands for\n"
		"every *.trace below it) on the model, each in a fresh world, and\n"
		"print one line per statement. Every file is checked before any runs;\n"
		"a malformed one is reported as FILE:LINE:COLUMN.\n"
		"\n"
		"Statements: fork P C, clone P C [newpid] [thread] [parent]\n"
		"[set_tid=N,...], unshare P newpid, setns P T [children], exit P,\n"
		"kill P T, wait P C, setsid P, setpgid P G, subreaper P,\n"
		"ns_last_pid P N, pid_max P N, expect P KEY=VALUE... Version 1.1\n"
		"(pidsim 1.1) adds wait P any (the result is the label reaped),\n"
		"sigchld P ignore|default, setpgid P C G, exec P, exit P thread,\n"
		"kill P T SIG, kill P -G [SIG], kill P all [SIG] (SIG: KILL TERM INT\n"
		"HUP QUIT USR1 USR2 ALRM) and show P KEY... (prints KEY=VALUE pairs).\n"
		"pidsim(1) and docs/trace-language.md describe them.",
	.options = batch_cmd_options,
	.more_options = run_options,
	.last_options = model_cmd_options,
	.exit_status = "0 all expectations held, 1 one failed, 2 malformed trace\n"
		"or bad command line.",
};

struct run_opts {
	struct batch_opts b;
	struct model_opts m;
	unsigned int base_level;
	bool explain;
};

/* 0 to go on, -1 to exit 0 (--help, --kernel list), or the exit status. */
static int parse_opts(int argc, char **argv, struct run_opts *o)
{
	struct cmd_parser p;
	int c, rc;

	cmd_parse_init(&p, &builtin_run);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		rc = batch_option("run", &o->b, c, optarg);
		if (rc == 1)
			rc = model_option("run", &o->m, c, optarg);
		if (rc != 1) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case OPT_EXPLAIN:
			o->explain = true;
			break;
		case OPT_BASE_LEVEL:
			if (!parse_uint(optarg, 0, BASE_LEVEL_MAX, &o->base_level))
				return usage_error("run", "--base-level takes a number from 0 to 32, not '%s'",
						   optarg);
			break;
		}
	}
	return c == CMD_END ? 0 : c == CMD_HELP ? -1 : EXIT_USAGE;
}

static int cmd_run(int argc, char **argv)
{
	struct run_opts o = { .b = { .cmd = "run" } };
	struct trace **traces = NULL;
	struct engine *e = NULL;
	int n = 0, rc, status;

	tree_columns_default(&o.b.columns);
	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = model_opts_engine("run", &o.m, o.base_level, &e);
	if (rc)
		return rc;
	e->explain = o.explain;
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
