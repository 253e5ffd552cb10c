/*
 * tree.h - `--tree` and `show`-style listings of a snapshot, in the manner
 * of `ps -o ...` and `lsns --tree`: one row per process, the columns the
 * user chose, each namespace a heading indented below its parent.
 *
 * One printer for every engine: the model and the live kernel print the
 * same shape, so their listings can be compared line by line.
 */
#ifndef PIDSIM_TREE_H
#define PIDSIM_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sim/run/snapshot.h"

enum tree_col {
	TC_NSPID,	/* 7/1 */
	TC_PID,		/* its number in its own namespace */
	TC_PPID,
	TC_PGID,
	TC_SID,
	TC_STATE,
	TC_PARENT,	/* the parent's label */
	TC_LEADER,	/* its thread group leader's label */
	TC__COUNT,
};

struct tree_columns {
	int n;
	enum tree_col col[TC__COUNT];
};

/* The default columns: nspid,ppid,pgid,sid,state,parent. */
void tree_columns_default(struct tree_columns *c);

/*
 * Parse a --columns value: names from nspid, pid, ppid, pgid, sid, state,
 * parent, leader, separated by commas, each at most once. On error
 * returns -EINVAL with a message for the user in why.
 */
int tree_columns_parse(const char *spec, struct tree_columns *c, char *why,
		       size_t len);

/* The list of column names, for usage texts. */
const char *tree_column_names(void);

/*
 * Print s. Text: the namespace tree with one table per namespace, the
 * label first and then the chosen columns. JSON: one object
 * {"tree":{...}} with every field whatever the columns, and "file" when
 * file is not NULL. names[label] names each label (nlabels of them).
 */
void tree_print(FILE *out, bool json, const char *file,
		const struct snapshot *s, const char *const *names, int nlabels,
		const struct tree_columns *c);

#endif /* PIDSIM_TREE_H */
