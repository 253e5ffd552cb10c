/*
 * main.c - pidsim's entry point: global options and the subcommand table.
 *
 * Every subcommand is one entry of builtins[] below, defined with its
 * cmd_<name>() in cmd_<name>.c (builtin.h). main() handles only what is common to all of them:
 * --help and --version, `pidsim CMD --help`, and unknown commands (exit 2).
 */
#include <stdio.h>
#include <string.h>

#include "sim/cli/builtin.h"
#include "sim/cli/version.h"

/*
 * The command table, in the order `pidsim help` lists them. Each entry
 * lives in its command's own cmd_<name>.c, with its usage and options.
 */
const struct builtin *const builtins[] = {
	&builtin_run,
	&builtin_live,
	&builtin_diff,
	&builtin_gen,
	&builtin_shrink,
	&builtin_fuzz,
	&builtin_record,
	&builtin_capacity,
	&builtin_help,
};

const unsigned int builtins_count = sizeof(builtins) / sizeof(builtins[0]);

const struct builtin *builtin_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < builtins_count; i++)
		if (strcmp(builtins[i]->name, name) == 0)
			return builtins[i];
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
