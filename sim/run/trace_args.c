/*
 * trace_args.c - expand and open the trace arguments shared by run, live
 * and diff, so that `pidsim diff traces/` checks a whole tree. Directory
 * entries are sorted, so a run's order does not depend on the filesystem.
 */
#define _GNU_SOURCE		/* nftw() */
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/run/trace_args.h"

struct path_list {
	char **v;
	int n, cap;
};

/* nftw() has no user pointer: the list being filled while it walks, and
 * the entry it could not read, if any. */
static struct path_list *walking;
static char walk_unreadable[4096];

#define WALK_NOMEM	1
#define WALK_UNREADABLE	2

static int path_add(struct path_list *l, const char *path)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 16;
		char **v = realloc(l->v, (size_t)cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = strdup(path);
	if (!l->v[l->n])
		return -ENOMEM;
	l->n++;
	return 0;
}

static int collect(const char *path, const struct stat *st, int type,
		   struct FTW *ftw)
{
	size_t len = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_DNR || type == FTW_NS) {
		/* a tree that is partly unreadable is not silently half-run */
		snprintf(walk_unreadable, sizeof(walk_unreadable), "%s", path);
		return WALK_UNREADABLE;
	}
	if (type != FTW_F || len < 6 || strcmp(path + len - 6, ".trace"))
		return 0;
	return path_add(walking, path) ? WALK_NOMEM : 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append arg, or the sorted *.trace files below it when it is a directory. */
static int expand(const char *cmd, const char *arg, struct path_list *l)
{
	struct stat st;
	int first = l->n, ret;

	if (strcmp(arg, "-") && !stat(arg, &st) && S_ISDIR(st.st_mode)) {
		walking = l;
		ret = nftw(arg, collect, 16, FTW_PHYS);
		walking = NULL;
		if (ret == WALK_UNREADABLE) {
			fprintf(stderr, "pidsim %s: %s: cannot read it: %s\n", cmd,
				walk_unreadable, strerror(EACCES));
			return -1;
		}
		if (ret) {
			fprintf(stderr, "pidsim %s: %s: %s\n", cmd, arg,
				strerror(ret < 0 ? errno : ENOMEM));
			return -1;
		}
		if (l->n == first) {
			fprintf(stderr, "pidsim %s: %s: no .trace file below it\n",
				cmd, arg);
			return -1;
		}
		qsort(l->v + first, (size_t)(l->n - first), sizeof(*l->v), by_path);
		return 0;
	}
	if (path_add(l, arg)) {
		fprintf(stderr, "pidsim %s: %s\n", cmd, strerror(ENOMEM));
		return -1;
	}
	return 0;
}

struct trace **trace_open_args(const char *cmd, char **args, int nargs, int *n)
{
	struct path_list l = { 0 };
	struct trace **traces = NULL;
	int i, stdin_seen = 0;
	bool bad = false;

	if (nargs <= 0) {
		fprintf(stderr, "pidsim %s: no trace file given\n"
			"See 'pidsim help %s'.\n", cmd, cmd);
		return NULL;
	}
	for (i = 0; i < nargs; i++) {
		if (!strcmp(args[i], "-") && stdin_seen++) {
			fprintf(stderr, "pidsim %s: '-' (standard input) can be "
				"given only once\nSee 'pidsim help %s'.\n", cmd, cmd);
			goto out_paths;
		}
		if (expand(cmd, args[i], &l))
			goto out_paths;
	}

	traces = calloc((size_t)l.n, sizeof(*traces));
	if (!traces) {
		fprintf(stderr, "pidsim %s: %s\n", cmd, strerror(ENOMEM));
		goto out_paths;
	}
	/* every file is checked before any runs */
	for (i = 0; i < l.n; i++) {
		traces[i] = trace_open(l.v[i], stderr);
		if (!traces[i])
			bad = true;
	}
	if (bad) {
		trace_close_args(traces, l.n);
		traces = NULL;
	} else {
		*n = l.n;
	}
out_paths:
	for (i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
	return traces;
}

void trace_close_args(struct trace **traces, int n)
{
	int i;

	if (!traces)
		return;
	for (i = 0; i < n; i++)
		trace_close(traces[i]);
	free(traces);
}
