/*
 * snapshot.c - growing the arrays of a snapshot (snapshot.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "sim/run/snapshot.h"

static int grow(void **arr, int *cap, int n, size_t size)
{
	void *p;
	int ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? 2 * *cap : 16;
	p = realloc(*arr, (size_t)ncap * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

int snapshot_add_ns(struct snapshot *s, const struct snap_ns *ns)
{
	if (grow((void **)&s->ns, &s->cap_ns, s->nns, sizeof(*ns)))
		return -ENOMEM;
	s->ns[s->nns] = *ns;
	return s->nns++;
}

int snapshot_add_proc(struct snapshot *s, const struct snap_proc *p)
{
	if (grow((void **)&s->proc, &s->cap_proc, s->nproc, sizeof(*p)))
		return -ENOMEM;
	s->proc[s->nproc++] = *p;
	return 0;
}

void snapshot_release(struct snapshot *s)
{
	free(s->ns);
	free(s->proc);
	*s = (struct snapshot){ 0 };
}
