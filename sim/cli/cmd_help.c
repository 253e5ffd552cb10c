/*
 * cmd_help.c - `pidsim help [COMMAND]` and usage_of(), which every command
 * uses to print its usage. The texts live in the table in main.c.
 */
#include <stdarg.h>
#include <stdio.h>

#include "sim/cli/builtin.h"

void usage_of(const char *name, FILE *out)
{
	const struct builtin *b;
	unsigned int i;

	if (name) {
		b = builtin_find(name);
		if (b) {
			fputs(b->usage, out);
			return;
		}
	}
	fputs("usage: pidsim [--version] [--help] COMMAND [ARGS]\n"
	      "\n"
	      "pidsim models Linux PID-namespace allocation and checks the model\n"
	      "against the kernel. Commands:\n"
	      "\n", out);
	for (i = 0; i < builtins_count; i++)
		fprintf(out, "  %-7s %s\n", builtins[i].name, builtins[i].summary);
	fputs("\n"
	      "'pidsim help COMMAND' or 'pidsim COMMAND --help' shows a command's\n"
	      "options; pidsim(1) describes the trace language.\n", out);
}

int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage_of(NULL, stdout);
		return 0;
	}
	if (argc > 2) {
		fputs("usage: pidsim help [COMMAND]\n", stderr);
		return EXIT_USAGE;
	}
	if (!builtin_find(argv[1])) {
		fprintf(stderr, "pidsim help: '%s' is not a pidsim command\n"
			"See 'pidsim --help'.\n", argv[1]);
		return EXIT_USAGE;
	}
	usage_of(argv[1], stdout);
	return 0;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pidsim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nSee 'pidsim help %s'.\n", cmd);
	return EXIT_USAGE;
}
