/*
 * main.c - pidsim's entry point: global options and the subcommand table.
 *
 * Every subcommand is one entry of builtins[] below and one cmd_<name>()
 * (builtin.h). main() handles only what is common to all of them:
 * --help and --version, `pidsim CMD --help`, and unknown commands (exit 2).
 */
#include <stdio.h>
#include <string.h>

#include "sim/cli/builtin.h"
#include "sim/cli/version.h"

const struct builtin builtins[] = {
	{
		.name = "run",
		.fn = cmd_run,
		.summary = "run traces on the model of the kernel",
		.usage =
		"usage: pidsim run [--json] [--kernel VERSION] [--base-level N] [--tree] FILE...\n"
		"\n"
		"Run each trace FILE (- for standard input) on the model, each in a\n"
		"fresh world, and print one line per statement. Every file is checked\n"
		"before any runs; a malformed one is reported as FILE:LINE:COLUMN.\n"
		"\n"
		"  --json            JSON Lines: one object per statement, then a summary\n"
		"  --kernel VERSION  the kernel profile to model (default: the newest)\n"
		"  --base-level N    count levels as if the trace root sat N levels deep\n"
		"                    (0 to 32, default 0), as a live run does\n"
		"  --tree            print the namespace tree after each trace\n"
		"  -h, --help        this text\n"
		"\n"
		"Exit status: 0 all expectations held, 1 one failed, 2 malformed trace\n"
		"or bad command line.\n",
	},
	{
		.name = "live",
		.fn = cmd_live,
		.summary = "run traces on the real kernel, in fresh PID namespaces",
		.usage =
		"usage: pidsim live [--json] [--tree] FILE...\n"
		"\n"
		"Run each trace FILE (- for standard input) on the running kernel, in\n"
		"a fresh PID namespace that plays the trace root, and print one line\n"
		"per statement as `pidsim run` does.\n"
		"\n"
		"  --json            JSON Lines: one object per statement, then a summary\n"
		"  --tree            print the namespace tree after each trace\n"
		"  -h, --help        this text\n"
		"\n"
		"Exit status: 0, 1 (an expectation failed), 2 (malformed trace or bad\n"
		"command line), 77 (the live kernel cannot be used here).\n",
	},
	{
		.name = "diff",
		.fn = cmd_diff,
		.summary = "run traces on the model and the kernel and compare",
		.usage =
		"usage: pidsim diff [--json] [--kernel VERSION] FILE...\n"
		"\n"
		"Run each trace FILE on the model (counting levels from the live\n"
		"root's) and on the live kernel, statement by statement, and report\n"
		"the first statement whose results differ; that trace stops there.\n"
		"\n"
		"  --json            JSON Lines\n"
		"  --kernel VERSION  the kernel profile to model (default: the newest)\n"
		"  -h, --help        this text\n"
		"\n"
		"Exit status: 0 the engines agree, 1 they diverged, 2 malformed trace\n"
		"or bad command line, 77 the live kernel cannot be used here.\n",
	},
	{
		.name = "gen",
		.fn = cmd_gen,
		.summary = "write a random trace, for fuzzing",
		.usage =
		"usage: pidsim gen [--seed N] [--statements M] [--depth D] [--profile P]\n"
		"                  [--kernel VERSION] [--base-level N] [--max-procs N]\n"
		"                  [--results] [-o FILE]\n"
		"\n"
		"Write one valid trace to standard output (or FILE), playing it on the\n"
		"model as it goes to aim at interesting situations: wrap-around at 300,\n"
		"exhaustion under a small pid_max, deep nesting, set_tid, dying inits,\n"
		"orphan chains, numbers held by sessions and process groups. The same\n"
		"options always write the same bytes.\n"
		"\n"
		"  --seed N          seed of the generator (0 to 2^64-1, default 0)\n"
		"  --statements M    statements to write, ranges expanded (1 to 100000,\n"
		"                    default 100)\n"
		"  --depth D         deepest namespace below the trace root (0 to 32,\n"
		"                    default 3)\n"
		"  --profile P       build, containers (default), threads or chaos\n"
		"  --kernel VERSION  the kernel profile the model plays (default: newest)\n"
		"  --base-level N    real level of the trace root (0 to 32, default 1,\n"
		"                    as a live run on a host); no set_tid goes past it\n"
		"  --max-procs N     processes alive at once (1 to 2000, default 120)\n"
		"  --results         end each statement with `=> R`, the model's result\n"
		"  -o, --output FILE write the trace to FILE\n"
		"\n"
		"Exit status: 0, or 2 on a bad command line.\n",
	},
	{
		.name = "shrink",
		.fn = cmd_shrink,
		.summary = "reduce a trace to the fewest statements that still diverge",
		.usage =
		"usage: pidsim shrink [--check CMD] [--kernel VERSION] [--max-tests N]\n"
		"                     [--timeout S] [-o FILE] [-q] FILE\n"
		"\n"
		"Remove statements from the trace FILE for as long as it stays\n"
		"interesting, and write what is left. Removing a fork or clone removes\n"
		"every later statement that uses its child, so every candidate is a\n"
		"valid trace. Interesting means `pidsim diff` exits 1 on it (the model\n"
		"and the kernel part), or, with --check, that `CMD CANDIDATE` exits 1.\n"
		"\n"
		"  --check CMD       a shell command; the candidate's path is appended\n"
		"  --kernel VERSION  passed to `pidsim diff` (default check only)\n"
		"  --max-tests N     run the check at most N times (default 2000)\n"
		"  --timeout S       stop one check after S seconds (default 120);\n"
		"                    a check stopped so is not interesting\n"
		"  -o, --output FILE write the result to FILE, not standard output\n"
		"  -q, --quiet       no progress on standard error\n"
		"\n"
		"Traces of more than 20000 statements (ranges expanded) are refused.\n"
		"Exit status: 0 shrunk, 1 FILE is not interesting, 2 bad command line,\n"
		"malformed trace or a check that cannot run, 77 the default check\n"
		"cannot use the live kernel here.\n",
	},
	{
		.name = "fuzz",
		.fn = cmd_fuzz,
		.summary = "generate traces and diff each against the live kernel",
		.usage =
		"usage: pidsim fuzz [--count N] [--seed S] [--statements M] [--depth D]\n"
		"                   [--profile P] [--kernel VERSION] [--max-procs N]\n"
		"                   [--keep DIR] [--shrink] [--confirm K] [--timeout S]\n"
		"                   [--time-limit S] [-q]\n"
		"\n"
		"Differential fuzzing: generate N traces (`pidsim gen`, seeds S, S+1,\n"
		"...) and run `pidsim diff` on each, in a process of its own. A trace on\n"
		"which the model and the kernel part in K runs out of K is kept in DIR\n"
		"with its report (PROFILE-sSEED.trace, .diff), and shrunk with --shrink\n"
		"(PROFILE-sSEED.min.trace); one that parts only sometimes is kept as\n"
		"flaky-*, one on which `pidsim diff` fails or hangs as broke-*.\n"
		"\n"
		"  --count N         traces to generate (default 100)\n"
		"  --seed S          first seed (default 0)\n"
		"  --statements M    statements per trace (default 100)\n"
		"  --depth D         deepest namespace below the trace root (default 3)\n"
		"  --profile P       build, containers, threads, chaos, or mix (default:\n"
		"                    the four in turn)\n"
		"  --kernel VERSION  the model's kernel profile (default: newest)\n"
		"  --max-procs N     processes alive at once (default 120)\n"
		"  --keep DIR        where found traces go (default traces/found)\n"
		"  --shrink          shrink every divergence (`pidsim shrink`)\n"
		"  --confirm K       runs that must all diverge (default 2)\n"
		"  --timeout S       seconds one `pidsim diff` may take (default 60)\n"
		"  --time-limit S    stop starting traces after S seconds\n"
		"  -q, --quiet       only the findings and the summary\n"
		"\n"
		"Exit status: 0 all agreed (flaky ones are only reported), 1 a trace\n"
		"diverged or broke, 2 bad command line, 77 the live kernel cannot be\n"
		"used here.\n",
	},
	{
		.name = "help",
		.fn = cmd_help,
		.summary = "show the usage of pidsim or of one command",
		.usage =
		"usage: pidsim help [COMMAND]\n"
		"\n"
		"Print the usage of COMMAND, or the list of commands.\n",
	},
};

const unsigned int builtins_count = sizeof(builtins) / sizeof(builtins[0]);

const struct builtin *builtin_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < builtins_count; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

static int is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int main(int argc, char **argv)
{
	const struct builtin *b;
	int i;

	if (argc < 2) {
		usage_of(NULL, stderr);
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		usage_of(NULL, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("pidsim %s (trace format 1)\n", PIDSIM_VERSION);
		return 0;
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "pidsim: unknown option '%s'\n"
			"See 'pidsim --help'.\n", argv[1]);
		return EXIT_USAGE;
	}
	b = builtin_find(argv[1]);
	if (!b) {
		fprintf(stderr, "pidsim: '%s' is not a pidsim command\n"
			"See 'pidsim --help'.\n", argv[1]);
		return EXIT_USAGE;
	}
	/* `pidsim CMD ... --help` is the same for every command */
	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (is_help(argv[i])) {
			usage_of(b->name, stdout);
			return 0;
		}
	}
	return b->fn(argc - 1, argv + 1);
}
