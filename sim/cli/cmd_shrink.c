/*
 * cmd_shrink.c - `pidsim shrink [--check CMD] [--kernel VERSION]
 * [--max-tests N] [--timeout S] [-o FILE] [-q] FILE`: the smallest trace
 * that is still interesting (shrink.h).
 *
 * Exit 0 with the shrunk trace on standard output (or in FILE); 1 when FILE
 * is not interesting to begin with; 2 on a bad command line, a malformed
 * trace or a check that cannot run; 77 when the default check (`pidsim
 * diff`) cannot use the live kernel here.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/numparse.h"
#include "sim/cli/builtin.h"
#include "sim/engine/model/engine_model.h"
#include "lib/proc.h"
#include "sim/fuzz/shrink.h"

int cmd_shrink(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check",	required_argument,	NULL, 'c' },
		{ "kernel",	required_argument,	NULL, 'k' },
		{ "max-tests",	required_argument,	NULL, 'm' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct shrink_opts o = { .log = stderr };
	struct shrink_stats st;
	const char *path = NULL;
	FILE *out = stdout;
	int c, rc;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":hqo:", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.check = optarg;
			break;
		case 'k':
			rc = engine_model_kernel_arg("shrink", optarg);
			if (rc)
				return rc > 0 ? 0 : EXIT_USAGE;
			o.kernel = optarg;
			break;
		case 'm':
			if (!parse_uint(optarg, 1, 1000000, &o.max_tests))
				return usage_error("shrink", "--max-tests takes a number from 1 to 1000000, not '%s'",
						   optarg);
			break;
		case 't':
			if (!parse_uint(optarg, 1, 86400, &o.timeout))
				return usage_error("shrink", "--timeout takes seconds from 1 to 86400, not '%s'",
						   optarg);
			break;
		case 'o':
			path = optarg;
			break;
		case 'q':
			o.log = NULL;
			break;
		case 'h':
			usage_of("shrink", stdout);
			return 0;
		case ':':
			return usage_error("shrink", "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("shrink", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return usage_error("shrink", "%s", optind >= argc ? "no trace file given"
						       : "only one trace file can be shrunk");
	o.pidsim = self_exe();
	if (path) {
		out = fopen(path, "w");
		if (!out) {
			fprintf(stderr, "pidsim shrink: %s: %s\n", path, strerror(errno));
			return EXIT_USAGE;
		}
	}
	rc = shrink_trace(argv[optind], &o, out, &st);
	if (path && fclose(out) && !rc)
		rc = -EIO;
	if (rc == -ENOEXEC) {
		fprintf(stderr, "pidsim shrink: %s is not interesting: the check does "
			"not exit 1 on it\n", argv[optind]);
		return EXIT_FAILED_EXPECT;
	}
	if (rc == -EINVAL)
		return EXIT_USAGE;	/* the parser said why */
	if (rc == -ENODEV) {
		fprintf(stderr, "pidsim shrink: `pidsim diff` cannot use the live kernel "
			"here (it exits 77); give a --check\n");
		return EXIT_SKIP;
	}
	if (rc) {
		fprintf(stderr, "pidsim shrink: %s: %s\n", argv[optind], strerror(-rc));
		return EXIT_USAGE;
	}
	if (o.log)
		fprintf(o.log, "pidsim shrink: %u of %u statements left after %u checks%s%s\n",
			st.after, st.before, st.tests,
			st.exhausted ? " (stopped by --max-tests)" : "",
			st.timeouts ? " (some checks timed out)" : "");
	return 0;
}
