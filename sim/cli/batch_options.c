/*
 * batch_options.c - the options of a command that runs traces one after
 * another and prints their results (run and live; struct batch_opts):
 * one table and one handler, so the two commands take them alike.
 */
#include <string.h>

#include "sim/cli/builtin.h"
#include "sim/run/batch.h"

const struct cmd_option batch_cmd_options[] = {
	{ "json", 0, NULL, BATCH_OPT_JSON,
	  "JSON Lines: one object per statement, then a summary" },
	{ "color", 0, "[=WHEN]", BATCH_OPT_COLOR,
	  "mark failed expectations in red: auto (the default:\n"
	  "on a terminal), always or never" },
	{ "progress", 0, NULL, BATCH_OPT_PROGRESS,
	  "a progress line on standard error even when it is not\n"
	  "a terminal (by default: when it is, and the output is not)" },
	{ "quiet", 'q', NULL, BATCH_OPT_QUIET, "no progress line" },
	{ "tree", 0, NULL, BATCH_OPT_TREE,
	  "print the namespace tree after each trace" },
	{ "columns", 0, "LIST", BATCH_OPT_COLUMNS,
	  "the tree's columns, from nspid, pid, ppid, pgid, sid,\n"
	  "state, parent, leader (implies --tree)" },
	{ NULL },
};

int batch_option(const char *cmd, struct batch_opts *o, int key, const char *arg)
{
	char why[160];

	switch (key) {
	case BATCH_OPT_JSON:
		o->json = true;
		return 0;
	case BATCH_OPT_TREE:
		o->tree = true;
		return 0;
	case BATCH_OPT_COLOR:
		if (arg && strcmp(arg, "auto") && strcmp(arg, "always") &&
		    strcmp(arg, "never"))
			return usage_error(cmd, "--color takes auto, always or never, not '%s'",
					   arg);
		o->color = arg ? arg : "always";	/* --color alone, as ls */
		return 0;
	case BATCH_OPT_PROGRESS:
		o->progress = PROGRESS_ALWAYS;
		return 0;
	case BATCH_OPT_QUIET:
		o->progress = PROGRESS_NEVER;
		return 0;
	case BATCH_OPT_COLUMNS:
		if (tree_columns_parse(arg, &o->columns, why, sizeof(why)))
			return usage_error(cmd, "%s", why);
		o->tree = true;
		return 0;
	}
	return 1;
}
