/*
 * cmd_help.c - `pidsim help [--man] [COMMAND]`, and everything made from
 * the command tables: usage texts, the man page's COMMANDS section and
 * getopt_long()'s option tables (builtin.h).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sim/cli/builtin.h"

#define HELP_COLUMN	20	/* where an option's help starts in a usage text */

/* The option arrays of b, in the order they are listed; NULL past them. */
static const struct cmd_option *option_group(const struct builtin *b, int k)
{
	return k == 0 ? b->options : k == 1 ? b->more_options :
	       k == 2 ? b->last_options : NULL;
}

/* For every option o of b, in table order. */
#define for_each_option(b, o)						\
	for (int grp_ = 0; grp_ < 3; grp_++)				\
		for (const struct cmd_option *o = option_group(b, grp_);	\
		     o && o->name; o++)

static int option_head(const struct cmd_option *o, char *buf, size_t len)
{
	char s[8] = "";

	if (o->short_name)
		snprintf(s, sizeof(s), "-%c, ", o->short_name);
	/* an optional value is written "[=WHEN]", right after the name */
	return snprintf(buf, len, "%s--%s%s%s", s, o->name,
			o->arg && o->arg[0] != '[' ? " " : "", o->arg ? o->arg : "");
}

static void print_usage(const struct builtin *b, FILE *out)
{
	char head[96];
	bool any = false;
	int indent = (int)strlen("usage: pidsim  ") + (int)strlen(b->name);

	fprintf(out, "usage: pidsim %s ", b->name);
	/* a synopsis of several lines continues under its first word */
	for (const char *s = b->synopsis; *s; s++) {
		fputc(*s, out);
		if (*s == '\n')
			fprintf(out, "%*s", indent, "");
	}
	fprintf(out, "\n\n%s\n", b->description);
	for_each_option(b, o) {
		const char *h = o->help;
		int n = option_head(o, head, sizeof(head));

		if (!any)
			fputc('\n', out);
		any = true;
		fprintf(out, "  %s", head);
		if (n + 2 >= HELP_COLUMN) {
			fputc('\n', out);
			n = -2;
		}
		/* the first line of help beside the option, the rest below it */
		for (bool first = true; *h; first = false) {
			size_t len = strcspn(h, "\n");

			fprintf(out, "%*s%.*s\n", first ? HELP_COLUMN - 2 - n : HELP_COLUMN, "",
				(int)len, h);
			h += len;
			if (*h)
				h++;
		}
	}
	if (any)
		fprintf(out, "  -h, --help%*sthis text\n", HELP_COLUMN - 12, "");
	if (b->exit_status)
		fprintf(out, "\nExit status: %s\n", b->exit_status);
}

void usage_of(const char *name, FILE *out)
{
	const struct builtin *b = name ? builtin_find(name) : NULL;
	unsigned int i;

	if (b) {
		print_usage(b, out);
		return;
	}
	fputs("usage: pidsim [--version] [--help] COMMAND [ARGS]\n"
	      "\n"
	      "pidsim models Linux PID-namespace allocation and checks the model\n"
	      "against the kernel. Commands:\n"
	      "\n", out);
	for (i = 0; i < builtins_count; i++)
		fprintf(out, "  %-9s %s\n", builtins[i]->name, builtins[i]->summary);
	fputs("\n"
	      "'pidsim help COMMAND' or 'pidsim COMMAND --help' shows a command's\n"
	      "options; pidsim(1) describes the trace language.\n", out);
}

/* Text for roff: a leading '.' or '\'' would be a request, '\' an escape,
 * '-' a hyphen rather than the minus of an option. */
static void roff_text(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		bool line_start = i == 0 || s[i - 1] == '\n';

		if (line_start && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", out);
		if (s[i] == '\\')
			fputs("\\e", out);
		else if (s[i] == '-')
			fputs("\\-", out);
		else
			fputc(s[i], out);
	}
}

static void roff_line(FILE *out, const char *s)
{
	roff_text(out, s, strlen(s));
	fputc('\n', out);
}

/* Paragraphs: a blank line in the text starts a new .PP. */
static void roff_paragraphs(FILE *out, const char *s)
{
	while (*s) {
		const char *end = strstr(s, "\n\n");
		size_t len = end ? (size_t)(end - s) : strlen(s);

		while (len && s[len - 1] == '\n')
			len--;
		fputs(".PP\n", out);
		roff_text(out, s, len);
		fputc('\n', out);
		s += len;
		while (*s == '\n')
			s++;
	}
}

void man_commands(FILE *out)
{
	char head[96];

	fputs(".SH COMMANDS\n", out);
	for (unsigned int i = 0; i < builtins_count; i++) {
		const struct builtin *b = builtins[i];

		fputs(".SS \"", out);
		roff_text(out, b->name, strlen(b->name));
		fputs("\"\n.B pidsim ", out);
		roff_line(out, b->name);
		roff_line(out, b->synopsis);
		roff_paragraphs(out, b->description);
		for_each_option(b, o) {
			option_head(o, head, sizeof(head));
			fputs(".TP\n.B ", out);
			roff_line(out, head);
			roff_line(out, o->help);
		}
		if (b->exit_status) {
			fputs(".PP\nExit status: ", out);
			roff_line(out, b->exit_status);
		}
	}
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

void cmd_parse_init(struct cmd_parser *p, const struct builtin *b)
{
	size_t n = 0, s = 0;

	memset(p, 0, sizeof(*p));
	p->b = b;
	p->shorts[s++] = ':';	/* a missing value is ':', not '?' */
	p->shorts[s++] = 'h';
	for_each_option(b, o) {
		assert(n < CMD_OPTIONS_MAX);
		p->longopts[n++] = (struct option){
			o->name,
			!o->arg ? no_argument :
			o->arg[0] == '[' ? optional_argument : required_argument,
			NULL, o->key,
		};
		if (o->short_name) {
			p->shorts[s++] = o->short_name;
			if (o->arg)
				p->shorts[s++] = ':';
		}
	}
	p->longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	opterr = 0;
	optind = 0;	/* glibc: start afresh, skipping argv[0] */
}

void cmd_parse_alias(struct cmd_parser *p, const char *name, int key,
		     bool has_arg)
{
	struct option *o = p->longopts;

	while (o->name)
		o++;
	assert(o < p->longopts + CMD_OPTIONS_MAX + 3);
	*o = (struct option){ name, has_arg ? required_argument : no_argument,
			      NULL, key };
}

/* The option as the user wrote it: "--json" of "--json=3", "-x" of "-x.trace". */
static void bad_option(const char *cmd, const char *word, const char *what)
{
	if (word && !strncmp(word, "--", 2))
		usage_error(cmd, "option '%.*s' %s", (int)strcspn(word, "="), word, what);
	else if (optopt > 0 && optopt < 0x80 && word && strlen(word) > 2)
		usage_error(cmd, "option '-%c' (in '%s') %s", optopt, word, what);
	else if (optopt > 0 && optopt < 0x80)
		usage_error(cmd, "option '-%c' %s", optopt, what);
	else
		usage_error(cmd, "option '%s' %s", word ? word : "?", what);
}

/*
 * The word that held the bad option: getopt has moved past it, unless it
 * is a cluster of short options ("-jt") it is still inside.
 */
static const char *bad_word(int argc, char **argv)
{
	const char *w;

	if (optind >= 1 && optind - 1 < argc) {
		w = argv[optind - 1];
		if (!strncmp(w, "--", 2) ||
		    (w[0] == '-' && optopt > 0 && optopt < 0x80 && strchr(w + 1, optopt)))
			return w;
	}
	if (optind < argc && argv[optind][0] == '-' && argv[optind][1] != '-')
		return argv[optind];
	return NULL;
}

int cmd_parse_next(struct cmd_parser *p, int argc, char **argv)
{
	const char *word;
	int c;

	optopt = 0;
	c = getopt_long(argc, argv, p->shorts, p->longopts, NULL);
	word = c == ':' || c == '?' ? bad_word(argc, argv) : NULL;

	switch (c) {
	case -1:
		return CMD_END;
	case 'h':
		usage_of(p->b->name, stdout);
		return CMD_HELP;
	case ':':
		bad_option(p->b->name, word, "needs a value");
		return CMD_ERROR;
	case '?':
		/* a known long option given a value it does not take */
		if (word && !strncmp(word, "--", 2) && strchr(word, '=') && optopt)
			bad_option(p->b->name, word, "takes no value");
		else
			bad_option(p->b->name, word, "is not an option of this command");
		return CMD_ERROR;
	default:
		return c;
	}
}

/* The words bash may complete after an option that takes a value. */
static const char *option_words(const struct cmd_option *o)
{
	if (!strcmp(o->name, "kernel"))
		return "$(pidsim run --kernel list 2>/dev/null | awk 'NR > 1 { print $1 }') list";
	if (!strcmp(o->name, "mix"))
		return "build containers threads chaos all";
	if (!strcmp(o->name, "columns"))
		return "nspid pid ppid pgid sid state parent leader";
	if (!strcmp(o->name, "color"))
		return "auto always never";
	return NULL;
}

/*
 * A bash completion script, made from the command tables: commands, each
 * command's options, the values some options take, files otherwise.
 */
static void bash_completion(FILE *out)
{
	fputs("# bash completion for pidsim; made by `pidsim help --completion`\n"
	      "_pidsim()\n{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"", out);
	for (unsigned int i = 0; i < builtins_count; i++)
		fprintf(out, "%s ", builtins[i]->name);
	fputs("--help --version\" -- \"$cur\"))\n\t\treturn\n\tfi\n"
	      "\tcase \"${COMP_WORDS[1]}\" in\n", out);
	for (unsigned int i = 0; i < builtins_count; i++) {
		const struct builtin *b = builtins[i];

		fprintf(out, "\t%s)\n\t\tcase \"$prev\" in\n", b->name);
		for_each_option(b, o) {
			const char *w = option_words(o);

			if (w)
				fprintf(out, "\t\t--%s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n",
					o->name, w);
			else if (o->arg && (!strcmp(o->arg, "FILE") || !strcmp(o->arg, "DIR")))
				fprintf(out, "\t\t--%s) COMPREPLY=($(compgen -%c -- \"$cur\")); return ;;\n",
					o->name, o->arg[0] == 'D' ? 'd' : 'f');
			else if (o->arg && o->arg[0] != '[')	/* a number, a command */
				fprintf(out, "\t\t--%s) COMPREPLY=(); return ;;\n", o->name);
		}
		fputs("\t\tesac\n\t\tif [[ \"$cur\" == -* ]]; then\n"
		      "\t\t\tCOMPREPLY=($(compgen -W \"", out);
		for_each_option(b, o)
			fprintf(out, "--%s ", o->name);
		fputs("--help\" -- \"$cur\"))\n", out);
		if (!strcmp(b->name, "help")) {
			fputs("\t\telse\n\t\t\tCOMPREPLY=($(compgen -W \"", out);
			for (unsigned int k = 0; k < builtins_count; k++)
				fprintf(out, "%s ", builtins[k]->name);
			fputs("\" -- \"$cur\"))\n", out);
		} else {
			fputs("\t\telse\n\t\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n", out);
		}
		fputs("\t\tfi\n\t\t;;\n", out);
	}
	fputs("\tesac\n}\ncomplete -F _pidsim -o filenames pidsim\n", out);
}

static int cmd_help(int argc, char **argv)
{
	struct cmd_parser p;
	bool man = false, completion = false;
	int c;

	cmd_parse_init(&p, &builtin_help);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		if (c == 'm')
			man = true;
		else
			completion = true;
	}
	if (c < 0)
		return c == CMD_HELP ? 0 : EXIT_USAGE;
	if (man || completion) {
		if (optind < argc || (man && completion))
			return usage_error("help", "--man and --completion take no command");
		if (man)
			man_commands(stdout);
		else
			bash_completion(stdout);
		return 0;
	}
	if (optind + 1 < argc)
		return usage_error("help", "one command at a time, not '%s'", argv[optind + 1]);
	if (optind == argc) {
		usage_of(NULL, stdout);
		return 0;
	}
	if (!builtin_find(argv[optind])) {
		fprintf(stderr, "pidsim help: '%s' is not a pidsim command\n"
			"See 'pidsim --help'.\n", argv[optind]);
		return EXIT_USAGE;
	}
	usage_of(argv[optind], stdout);
	return 0;
}

static const struct cmd_option help_options[] = {
	{ "man", 0, NULL, 'm',
	  "print the COMMANDS section of the man page (roff)" },
	{ "completion", 0, NULL, 'c',
	  "print a bash completion script for pidsim" },
	{ NULL },
};

const struct builtin builtin_help = {
	.name = "help",
	.fn = cmd_help,
	.summary = "show the usage of pidsim or of one command",
	.synopsis = "[--man | --completion | COMMAND]",
	.description = "Print the usage of COMMAND, or the list of commands.",
	.options = help_options,
	.exit_status = "0, or 2 for an unknown command.",
};
