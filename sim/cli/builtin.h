/*
 * builtin.h - pidsim's subcommands, one cmd_<name>() per file, dispatched
 * from the table in main.c (in the manner of git's builtin/).
 *
 * Each takes the arguments after its own name (argv[0] is the subcommand)
 * and returns the process exit status: 0, 1 (an expectation failed or the
 * engines diverged), 2 (bad command line or malformed trace), 77 (live
 * kernel unusable here).
 */
#ifndef PIDSIM_BUILTIN_H
#define PIDSIM_BUILTIN_H

#include <stdio.h>

#define EXIT_FAILED_EXPECT	1
#define EXIT_USAGE		2
#define EXIT_SKIP		77

int cmd_run(int argc, char **argv);
int cmd_live(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_shrink(int argc, char **argv);
int cmd_fuzz(int argc, char **argv);

/* Print the usage of one subcommand, or of all when name is NULL. */
void usage_of(const char *name, FILE *out);

/*
 * A bad command line: "pidsim CMD: " and the printf-style message on
 * stderr, then where to read the usage. Returns EXIT_USAGE.
 */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The subcommand table (main.c), in the order `pidsim help` lists it. Each
 * entry's usage is the text usage_of() prints for it: a synopsis line, then
 * its options; edit it beside the command's table entry.
 */
struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;	/* one line for the command list */
	const char *usage;
};

extern const struct builtin builtins[];
extern const unsigned int builtins_count;

/* The table entry named name, or NULL. */
const struct builtin *builtin_find(const char *name);


#endif /* PIDSIM_BUILTIN_H */
