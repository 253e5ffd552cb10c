/*
 * cmd_gen.c - `pidsim gen`: write one random, valid trace
 * (sim/fuzz/gen.h). Its generator options are fuzz's too.
 *
 * The same options always write the same bytes. Exit 0, or 2 on a bad
 * command line or an output that cannot be written.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/builtin.h"
#include "sim/engine/model/engine_model.h"
#include "sim/fuzz/gen.h"

enum { OPT_RESULTS = 'r', OPT_OUTPUT = 'o' };

static int cmd_gen(int argc, char **argv);

const struct cmd_option gen_common_options[] = {
	{ "seed", 0, "N", GEN_OPT_SEED,
	  "seed of the generator (0 to 2^64-1, default 0)" },
	{ "statements", 0, "M", GEN_OPT_STATEMENTS,
	  "statements to write, ranges expanded (1 to 100000,\n"
	  "default 100)" },
	{ "depth", 0, "D", GEN_OPT_DEPTH,
	  "deepest namespace below the trace root (0 to 32,\n"
	  "default 3)" },
	{ "mix", 0, "MIX", GEN_OPT_MIX,
	  "what the trace mostly does: build, containers,\n"
	  "threads or chaos (gen's default: containers;\n"
	  "fuzz's: all, the four in turn)" },
	{ "kernel", 0, "VERSION", GEN_OPT_KERNEL,
	  "the kernel profile the model plays (default: "
	  ENGINE_MODEL_DEFAULT_KERNEL ")" },
	{ "max-procs", 0, "N", GEN_OPT_MAX_PROCS,
	  "processes alive at once (1 to 2000, default 120)" },
	{ NULL },
};

static const struct cmd_option gen_options[] = {
	{ "base-level", 0, "N", GEN_OPT_BASE_LEVEL,
	  "real level of the trace root (0 to 32, default 1,\n"
	  "as a live run on a host); no set_tid goes past it" },
	{ "results", 0, NULL, OPT_RESULTS,
	  "end each statement with `=> R`, the model's result" },
	{ "output", 'o', "FILE", OPT_OUTPUT, "write the trace to FILE" },
	{ NULL },
};

const struct builtin builtin_gen = {
	.name = "gen",
	.fn = cmd_gen,
	.summary = "write a random trace, for fuzzing",
	.synopsis = "[--seed N] [--statements M] [--depth D] [--mix MIX]\n"
		"[--kernel VERSION] [--base-level N] [--max-procs N]\n"
		"[--results] [-o FILE]",
	.description =
		"Write one valid trace to standard output (or FILE), playing it on the\n"
		"model as it goes to aim at interesting situations: wrap-around at 300,\n"
		"exhaustion under a small pid_max, deep nesting, set_tid, dying inits,\n"
		"orphan chains, numbers held by sessions and process groups. The same\n"
		"options always write the same bytes. (--profile is the older name of\n"
		"--mix.)",
	.options = gen_common_options,
	.more_options = gen_options,
	.exit_status = "0, or 2 on a bad command line or an output that cannot be\n"
		"written.",
};

static int cmd_gen(int argc, char **argv)
{
	struct cmd_parser p;
	const char *path = NULL;
	struct gen_opts o;
	FILE *out = stdout;
	char why[160];
	int c, rc;

	gen_opts_init(&o);
	cmd_parse_init(&p, &builtin_gen);
	cmd_parse_alias(&p, "profile", GEN_OPT_MIX, true);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		if (c == GEN_OPT_KERNEL && (rc = engine_model_kernel_arg("gen", optarg)))
			return rc > 0 ? 0 : EXIT_USAGE;
		rc = gen_set_option(&o, c, optarg, why, sizeof(why));
		if (rc < 0)
			return usage_error("gen", "%s", why);
		if (rc == 0)
			continue;
		switch (c) {
		case OPT_RESULTS:
			o.results = true;
			break;
		case OPT_OUTPUT:
			path = optarg;
			break;
		}
	}
	if (c < 0)
		return c == CMD_HELP ? 0 : EXIT_USAGE;
	if (optind < argc)
		return usage_error("gen", "unexpected argument '%s'", argv[optind]);
	if (path) {
		out = fopen(path, "w");
		if (!out) {
			fprintf(stderr, "pidsim gen: %s: %s\n", path, strerror(errno));
			return EXIT_USAGE;
		}
	}
	rc = gen_trace(&o, out);
	if (path && fclose(out) && !rc)
		rc = -EIO;
	if (rc == -EINVAL) {
		fprintf(stderr, "pidsim gen: unknown kernel profile '%s'\n",
			o.kernel ? o.kernel : "");
		return EXIT_USAGE;
	}
	if (rc) {
		fprintf(stderr, "pidsim gen: %s%s\n", rc == -EPROTO ?
			"the generator lost track of the model: " : "",
			strerror(-rc));
		return EXIT_USAGE;
	}
	return 0;
}
