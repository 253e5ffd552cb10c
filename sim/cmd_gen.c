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
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "gen.h"

static int usage_error(const char *fmt, const char *arg)
{
	fputs("pidsim gen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nSee 'pidsim help gen'.\n", stderr);
	return EXIT_USAGE;
}

/* A decimal number in [lo, hi] into *v; false if it is not one. */
static bool parse_uint(const char *s, unsigned long long lo,
		       unsigned long long hi, unsigned long long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !errno && !*end && *v >= lo && *v <= hi;
}

int cmd_gen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seed",	required_argument,	NULL, 's' },
		{ "statements",	required_argument,	NULL, 'n' },
		{ "depth",	required_argument,	NULL, 'd' },
		{ "profile",	required_argument,	NULL, 'p' },
		{ "kernel",	required_argument,	NULL, 'k' },
		{ "base-level",	required_argument,	NULL, 'b' },
		{ "max-procs",	required_argument,	NULL, 'm' },
		{ "results",	no_argument,		NULL, 'r' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	struct gen_opts o;
	unsigned long long v;
	FILE *out = stdout;
	int c, rc;

	gen_opts_init(&o);
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!parse_uint(optarg, 0, UINT64_MAX, &v))
				return usage_error("--seed takes a number from 0 to 2^64-1, not '%s'",
						   optarg);
			o.seed = v;
			break;
		case 'n':
			if (!parse_uint(optarg, 1, GEN_STATEMENTS_MAX, &v))
				return usage_error("--statements takes a number from 1 to 100000, not '%s'",
						   optarg);
			o.statements = (unsigned int)v;
			break;
		case 'd':
			if (!parse_uint(optarg, 0, GEN_DEPTH_MAX, &v))
				return usage_error("--depth takes a number from 0 to 32, not '%s'",
						   optarg);
			o.depth = (unsigned int)v;
			break;
		case 'b':
			if (!parse_uint(optarg, 0, GEN_DEPTH_MAX, &v))
				return usage_error("--base-level takes a number from 0 to 32, not '%s'",
						   optarg);
			o.base_level = (unsigned int)v;
			break;
		case 'm':
			if (!parse_uint(optarg, 1, GEN_PROCS_MAX, &v))
				return usage_error("--max-procs takes a number from 1 to 2000, not '%s'",
						   optarg);
			o.max_procs = (unsigned int)v;
			break;
		case 'p':
			if (gen_profile_parse(optarg, &o.profile))
				return usage_error("unknown profile '%s' (build, containers, threads, chaos)",
						   optarg);
			break;
		case 'k':
			o.kernel = optarg;
			break;
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
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
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
