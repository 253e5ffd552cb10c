/*
 * main.c - pidsim's entry point: global options and the subcommand table.
 *
 * Every subcommand is one entry of builtins[] below and one cmd_<name>()
 * (builtin.h). main() handles only what is common to all of them:
 * --help and --version, `pidsim CMD --help`, and unknown commands (exit 2).
 */
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "version.h"

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
