/*
 * builtin.h - pidsim's subcommands, in the manner of git's builtin/.
 *
 * Each command is one cmd_<name>.c holding its function and its table
 * entry, struct builtin, with the usage text and the option table. The
 * option table is the one place an option is described: getopt_long()'s
 * table (cmd_parse_next), `pidsim help CMD` (usage_of) and the COMMANDS
 * section of the man page (`pidsim help --man`, checked against
 * docs/pidsim.1 by the tests) are all made from it, so they cannot drift
 * apart.
 *
 * A command takes the arguments after its own name (argv[0] is the
 * subcommand) and returns the process exit status: 0, 1 (an expectation
 * failed or the engines diverged), 2 (bad command line or malformed
 * trace), 77 (live kernel unusable here).
 */
#ifndef PIDSIM_BUILTIN_H
#define PIDSIM_BUILTIN_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#define EXIT_FAILED_EXPECT	1
#define EXIT_USAGE		2
#define EXIT_SKIP		77

/* One option of a command. */
struct cmd_option {
	const char *name;	/* the long name, without "--" */
	char short_name;	/* 'o' for -o, or 0 */
	const char *arg;	/* the value's name ("VERSION"; "[=WHEN]" when it
				 * may be left out), NULL for a flag */
	int key;		/* what cmd_parse_next() returns: short_name if set */
	const char *help;	/* one or more lines, '\n' between them */
};

#define CMD_OPTIONS_MAX	32

struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;		/* one line for the command list */
	const char *synopsis;		/* what follows "pidsim NAME " */
	const char *description;	/* paragraphs, a blank line between */
	/* the options: up to three arrays, each ending with { NULL } */
	const struct cmd_option *options;
	const struct cmd_option *more_options;
	const struct cmd_option *last_options;
	const char *exit_status;	/* a sentence or two */
};

/* The generator's options, which gen and fuzz share (cmd_gen.c). */
extern const struct cmd_option gen_common_options[];

/*
 * The options of run and live, which print results (batch_options.c).
 * batch_option() applies the option key with its value arg to o: 0 done,
 * 1 when key is not one of them, EXIT_USAGE after saying what is wrong.
 */
enum {
	BATCH_OPT_JSON = 0x180, BATCH_OPT_COLOR, BATCH_OPT_PROGRESS,
	BATCH_OPT_QUIET = 'q', BATCH_OPT_TREE = 0x190, BATCH_OPT_COLUMNS,
};
extern const struct cmd_option batch_cmd_options[];

/*
 * The options that choose the model's world, of run and diff
 * (model_options.c). model_option() applies one as batch_option() does,
 * and returns -1 after --kernel list (the command exits 0);
 * model_opts_engine() makes the model engine they describe, or says why
 * it cannot and returns EXIT_USAGE.
 */
enum { MODEL_OPT_KERNEL = 'k', MODEL_OPT_THREADS_MAX = 0x1a0, MODEL_OPT_MAX_PID_NS };
struct model_opts {
	const char *kernel;		/* NULL: ENGINE_MODEL_DEFAULT_KERNEL */
	unsigned long threads_max;	/* 0: the model's default */
	unsigned long max_pid_namespaces;
};
extern const struct cmd_option model_cmd_options[];
struct engine;
int model_option(const char *cmd, struct model_opts *o, int key, const char *arg);
int model_opts_engine(const char *cmd, const struct model_opts *o,
		      unsigned int base_level, struct engine **ep);
struct batch_opts;
int batch_option(const char *cmd, struct batch_opts *o, int key, const char *arg);

extern const struct builtin builtin_run, builtin_live, builtin_diff,
	builtin_gen, builtin_fuzz, builtin_shrink, builtin_help,
	builtin_record, builtin_capacity;

/* The command table (main.c), in the order `pidsim help` lists it. */
extern const struct builtin *const builtins[];
extern const unsigned int builtins_count;

/* The table entry named name, or NULL. */
const struct builtin *builtin_find(const char *name);

/* Print the usage of one command, or the command list when name is NULL. */
void usage_of(const char *name, FILE *out);

/* Print the COMMANDS section of the man page, in roff, from the tables. */
void man_commands(FILE *out);

/*
 * A bad command line: "pidsim CMD: " and the printf-style message on
 * stderr, then where to read the usage. Returns EXIT_USAGE.
 */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parsing a command's options from its table. cmd_parse_next() returns
 * the key of the next option (optarg holds its value), CMD_END after the
 * last one (optind is then the first operand), CMD_HELP after printing
 * the usage for -h/--help (the command exits 0), or CMD_ERROR after
 * printing what is wrong (the command exits EXIT_USAGE). -h and --help are
 * every command's, without being in its table.
 */
enum {
	CMD_ERROR = -2,
	CMD_HELP = -1,
	CMD_END = 0,
};

struct cmd_parser {
	const struct builtin *b;
	struct option longopts[CMD_OPTIONS_MAX + 4];	/* + help, aliases, end */
	char shorts[2 * CMD_OPTIONS_MAX + 4];
};

void cmd_parse_init(struct cmd_parser *p, const struct builtin *b);

/* An older name of an option, still accepted but not shown. */
void cmd_parse_alias(struct cmd_parser *p, const char *name, int key,
		     bool has_arg);
int cmd_parse_next(struct cmd_parser *p, int argc, char **argv);

#endif /* PIDSIM_BUILTIN_H */
