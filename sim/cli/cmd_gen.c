/*
 * cmd_gen.c - `pidsim gen [--seed N] [--statements M] [--depth D]
 * [--profile P] [--kernel V] [--base-level N] [--max-procs N] [--results]
 * [-o FILE]`: write one random, valid trace (gen.h).
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

int cmd_gen(int argc, char **argv)
{
	static const struct option longopts[] = {
		GEN_LONGOPTS,
		{ "base-level",	required_argument,	NULL, GEN_OPT_BASE_LEVEL },
		{ "results",	no_argument,		NULL, 'r' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	struct gen_opts o;
	FILE *out = stdout;
	char why[160];
	int c, rc;

	gen_opts_init(&o);
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		if (c == GEN_OPT_KERNEL && (rc = engine_model_kernel_arg("gen", optarg)))
			return rc > 0 ? 0 : EXIT_USAGE;
		rc = gen_set_option(&o, c, optarg, why, sizeof(why));
		if (rc < 0)
			return usage_error("gen", "%s", why);
		if (rc == 0)
			continue;
		switch (c) {
		case 'r':
			o.results = true;
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			usage_of("gen", stdout);
			return 0;
		case ':':
			return usage_error("gen", "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("gen", "unknown option '%s'", argv[optind - 1]);
		}
	}
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
