/*
 * cmd_shrink.c - `pidsim shrink`: the smallest trace that is still
 * interesting (sim/fuzz/shrink.h).
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

static int cmd_shrink(int argc, char **argv);

static const struct cmd_option shrink_options[] = {
	{ "check", 0, "CMD", 'c', "a shell command; the candidate's path is appended" },
	{ "kernel", 0, "VERSION", 'k', "passed to `pidsim diff` (default check only)" },
	{ "max-tests", 0, "N", 'm', "run the check at most N times (default 2000)" },
	{ "timeout", 0, "S", 't',
	  "stop one check after S seconds (default 120);\n"
	  "a check stopped so is not interesting" },
	{ "output", 'o', "FILE", 'o', "write the result to FILE, not standard output" },
	{ "quiet", 'q', NULL, 'q', "no progress on standard error" },
	{ NULL },
};

const struct builtin builtin_shrink = {
	.name = "shrink",
	.fn = cmd_shrink,
	.summary = "reduce a trace to the fewest statements that still diverge",
	.synopsis = "[--check CMD] [--kernel VERSION] [--max-tests N] [--timeout S]\n"
		"[-o FILE] [-q] FILE",
	.description =
		"Remove statements from the trace FILE for as long as it stays\n"
		"interesting, and write what is left. Removing a fork or clone removes\n"
		"every later statement that uses its child, so every candidate is a\n"
		"valid trace. Interesting means `pidsim diff` exits 1 on it (the model\n"
		"and the kernel part), or, with --check, that `CMD CANDIDATE` exits 1.\n"
		"Traces of more than 20000 statements (ranges expanded) are refused.",
	.options = shrink_options,
	.exit_status = "0 shrunk, 1 FILE is not interesting, 2 bad command line,\n"
		"malformed trace or a check that cannot run, 77 the default check\n"
		"cannot use the live kernel here.",
};

static int cmd_shrink(int argc, char **argv)
{
	struct cmd_parser p;
	struct shrink_opts o = { .log = stderr };
	struct shrink_stats st;
	const char *path = NULL;
	FILE *out = stdout;
	int c, rc;

	cmd_parse_init(&p, &builtin_shrink);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
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
		}
	}
	if (c < 0)
		return c == CMD_HELP ? 0 : EXIT_USAGE;
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
	if (rc == -ETIME) {
		fprintf(stderr, "pidsim shrink: the check timed out on %s itself (after %u s); "
			"nothing was shrunk\n", argv[optind], o.timeout ? o.timeout : SHRINK_TIMEOUT_DEFAULT);
		return EXIT_USAGE;
	}
	if (rc == -EBADE) {
		fprintf(stderr, "pidsim shrink: the check cannot run on %s (it exited %d)\n",
			argv[optind], st.first_status);
		return EXIT_USAGE;
	}
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
