/*
 * capacity.c - replaying a recording on the model, under another pid_max.
 *
 * The replay drives the model engine through the runner, exactly as
 * `pidsim run` does, with each statement's expectation removed. What a
 * label holds is followed from the outside: a successful fork or clone
 * gives the child its numbers, and the label holds them until the engine
 * says it is reaped. Only the labels not yet reaped are asked after each
 * statement, so a replay costs the statements times the live processes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/capacity/capacity.h"
#include "sim/engine/model/engine_model.h"
#include "sim/run/runner.h"

struct slot {
	short ns;		/* -1: holds nothing */
	bool live;
};

struct replay {
	struct capacity_result *res;
	struct slot *slots;
	int nlabels;
	int *live;		/* labels that hold numbers */
	int nlive;
};

/* The namespace of p's chain (p included) at level, or -1. */
static int ancestor_at(const struct capacity_result *res, int p, int level)
{
	while (p >= 0 && res->ns[p].level > level)
		p = res->ns[p].parent;
	return p >= 0 && res->ns[p].level == level ? p : -1;
}

/*
 * The namespace a new child with numbers n lives in. The trace does not
 * say it; the numbers do: a last number of 1 is a new namespace's first
 * process, anything else joins its creator's namespace, or (after
 * unshare or setns) the newest namespace at that depth below it.
 */
static int ns_of_child(struct replay *rp, int parent, const struct nspid *n)
{
	struct capacity_result *res = rp->res;
	int level = n->n - 1, i, p, up;

	if (level <= 0)
		return 0;
	p = parent >= 0 && parent < rp->nlabels ? rp->slots[parent].ns : -1;
	if (n->nr[level] != 1) {
		if (p >= 0 && res->ns[p].level == level)
			return p;
		for (i = res->nns - 1; i > 0; i--)
			if (res->ns[i].level == level &&
			    (p < 0 || ancestor_at(res, i, res->ns[p].level) == p))
				return i;
	}
	up = p >= 0 ? ancestor_at(res, p, level - 1) : -1;
	if (up < 0)
		for (i = res->nns - 1; i >= 0 && up < 0; i--)
			if (res->ns[i].level == level - 1)
				up = i;
	if (res->nns == CAPACITY_NS_MAX)
		return CAPACITY_NS_MAX - 1;
	i = res->nns++;
	memset(&res->ns[i], 0, sizeof(res->ns[i]));
	res->ns[i].level = level;
	res->ns[i].parent = up;
	res->ns[i].init_label = -1;
	return i;
}

static void note_alloc(struct capacity_ns *ns, int nr, unsigned int line)
{
	if (ns->last_nr && nr < ns->last_nr)
		ns->wraps++;
	ns->last_nr = nr;
	if (++ns->held > ns->peak) {
		ns->peak = ns->held;
		ns->peak_line = line;
	}
}

static int on_created(struct replay *rp, const struct stmt *st,
		      const struct result *r)
{
	struct capacity_result *res = rp->res;
	int c = st->label[1], ns;

	if (c < 0 || c >= rp->nlabels)
		return 0;
	ns = ns_of_child(rp, st->label[0], &r->nspid);
	if (res->ns[ns].init_label < 0)
		res->ns[ns].init_label = c;
	rp->slots[c].ns = (short)ns;
	rp->slots[c].live = true;
	rp->live[rp->nlive++] = c;
	/* the child holds a number at every level from its own up to the root */
	for (; ns >= 0; ns = res->ns[ns].parent)
		if (res->ns[ns].level < r->nspid.n)
			note_alloc(&res->ns[ns], r->nspid.nr[res->ns[ns].level], st->line);
	return 0;
}

/* Drop the labels the engine has reaped since the last statement. */
static void sweep(struct replay *rp, struct engine *e)
{
	struct capacity_result *res = rp->res;
	int i, k = 0, c, ns;

	for (i = 0; i < rp->nlive; i++) {
		c = rp->live[i];
		if (e->ops->state(e, c) != PS_REAPED) {
			rp->live[k++] = c;
			continue;
		}
		for (ns = rp->slots[c].ns; ns >= 0; ns = res->ns[ns].parent)
			res->ns[ns].held--;
		rp->slots[c].live = false;
	}
	rp->nlive = k;
}

static void describe(const struct stmt *st, const struct result *r, char *buf,
		     size_t len)
{
	char tok[64];
	size_t n;
	int i;

	n = (size_t)snprintf(buf, len, "%s", stmt_op_name(st->op));
	for (i = 0; i < st->argc && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " %s", st->argv[i]);
	if (n < len)
		snprintf(buf + n, len - n, " -> %s", result_token(r, tok, sizeof(tok)));
}

static void init_pid_max_stmt(struct stmt *st, const char *file, int pid_max)
{
	memset(st, 0, sizeof(*st));
	st->file = file;
	st->op = OP_PID_MAX;
	st->label[0] = LABEL_INIT;
	st->label[1] = LABEL_NONE;
	st->value = pid_max;
}

int capacity_replay(struct trace *t, const char *kernel, int pid_max,
		    struct capacity_result *res, FILE *series)
{
	struct replay rp = { .res = res };
	struct engine *e = NULL;
	struct runner *r = NULL;
	struct stmt *st = NULL;
	struct result result;
	int rc, held, n;

	memset(res, 0, sizeof(*res));
	res->nns = 1;
	res->ns[0].parent = -1;
	res->ns[0].init_label = LABEL_INIT;
	res->ns[0].held = res->ns[0].peak = 1;	/* init */
	res->pid_max = pid_max;
	rp.nlabels = trace_label_count(t);
	rp.slots = calloc((size_t)rp.nlabels, sizeof(*rp.slots));
	rp.live = calloc((size_t)rp.nlabels + 1, sizeof(*rp.live));
	st = malloc(sizeof(*st));
	if (!rp.slots || !rp.live || !st) {
		rc = -ENOMEM;
		goto out;
	}
	for (n = 0; n < rp.nlabels; n++)
		rp.slots[n].ns = -1;
	rp.slots[LABEL_INIT].ns = 0;
	rp.slots[LABEL_INIT].live = true;
	rp.live[rp.nlive++] = LABEL_INIT;
	rc = engine_model_new(kernel, 0, &e);
	if (rc)
		goto out;
	rc = trace_rewind(t);
	if (rc)
		goto out;
	r = runner_new(e, t, &rc);
	if (!r)
		goto out;
	if (pid_max > 0) {
		init_pid_max_stmt(st, trace_path(t), pid_max);
		rc = runner_step(r, st, &result, &held);
		if (rc)
			goto out;
	}
	while ((rc = trace_next(t, st)) > 0) {
		st->has_expectation = false;
		st->expect_text = NULL;
		if (st->op == OP_EXPECT)
			continue;	/* a replay asserts nothing */
		if (st->op == OP_PID_MAX && st->label[0] == LABEL_INIT) {
			if (res->pid_max == 0)
				res->pid_max = st->value;
			if (pid_max > 0)
				st->value = pid_max;
		}
		rc = runner_step(r, st, &result, &held);
		if (rc)
			goto out;
		res->statements++;
		if (st->op == OP_FORK || st->op == OP_CLONE) {
			res->forks++;
			if (result.kind == OC_NSPID) {
				on_created(&rp, st, &result);
			} else if (result.kind == OC_ERRNO) {
				res->failed_forks++;
				if (result.err == EAGAIN && !res->failed) {
					res->failed = true;
					res->fail_line = st->line;
					describe(st, &result, res->fail_text,
						 sizeof(res->fail_text));
				}
			}
		}
		sweep(&rp, e);
		if (series)
			fprintf(series, "%u %d\n", st->line, res->ns[0].held);
	}
	if (res->pid_max == 0)
		res->pid_max = 32768;	/* the trace root's pid_max at the start */
out:
	if (r)
		runner_free(r);
	if (e)
		e->ops->destroy(e);
	free(st);
	free(rp.slots);
	free(rp.live);
	return rc < 0 ? rc : 0;
}

int capacity_smallest(struct trace *t, const char *kernel, int lo, int hi,
		      int *answer, unsigned int *replays)
{
	struct capacity_result *res = malloc(sizeof(*res));
	int rc, mid;

	*answer = 0;
	*replays = 0;
	if (!res)
		return -ENOMEM;
	rc = capacity_replay(t, kernel, hi, res, NULL);
	(*replays)++;
	if (rc || res->failed)
		goto out;
	/* invariant: hi never fails; lo - 1 is the last value known to fail */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		rc = capacity_replay(t, kernel, mid, res, NULL);
		(*replays)++;
		if (rc)
			goto out;
		if (res->failed)
			lo = mid + 1;
		else
			hi = mid;
	}
	*answer = hi;
out:
	free(res);
	return rc;
}
