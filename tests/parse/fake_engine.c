/*
 * fake_engine.c - see fake_engine.h. Per-label arrays sized at begin();
 * namespaces in a growing array, index 0 the root.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/parse/fake_engine.h"

struct fproc {
	bool exists;
	enum proc_state state;
	int parent;		/* label, LABEL_NONE for init */
	int ns;			/* the namespace its pid lives in */
	int pfc;		/* pid_for_children */
	struct nspid nspid;
};

struct fns {
	int level, parent, last, pid_max;
};

struct fake {
	struct engine e;
	int nlabels;
	struct fproc *p;
	struct fns *ns;
	int nns, capns;
	unsigned int break_line;
	int begins, ends;
};

static struct fake *F(struct engine *e)
{
	return (struct fake *)e;
}

static int new_ns(struct fake *f, int parent)
{
	if (f->nns == f->capns) {
		int cap = f->capns ? f->capns * 2 : 8;
		struct fns *ns = realloc(f->ns, (size_t)cap * sizeof(*ns));

		if (!ns)
			return -ENOMEM;
		f->ns = ns;
		f->capns = cap;
	}
	f->ns[f->nns].parent = parent;
	f->ns[f->nns].level = parent < 0 ? 0 : f->ns[parent].level + 1;
	f->ns[f->nns].last = 0;
	f->ns[f->nns].pid_max = 32768;
	return f->nns++;
}

static int fake_begin(struct engine *e, const struct trace_info *info)
{
	struct fake *f = F(e);

	free(f->p);
	f->nlabels = info->nlabels;
	f->p = calloc((size_t)info->nlabels + 1, sizeof(*f->p));
	if (!f->p)
		return -ENOMEM;
	f->nns = 0;
	if (new_ns(f, -1) < 0)
		return -ENOMEM;
	f->ns[0].last = 1;
	f->p[0] = (struct fproc){ .exists = true, .state = PS_RUNNING,
				  .parent = LABEL_NONE, .ns = 0, .pfc = 0,
				  .nspid = { .n = 1, .nr = { 1 } } };
	f->begins++;
	return 0;
}

static enum proc_state fake_state(struct engine *e, int label)
{
	struct fake *f = F(e);

	if (label < 0 || label >= f->nlabels || !f->p[label].exists)
		return PS_REAPED;
	return f->p[label].state;
}

static void set_err(struct result *res, int err)
{
	res->kind = OC_ERRNO;
	res->err = err;
}

static int fake_create(struct fake *f, const struct stmt *st, struct result *res)
{
	struct fproc *a = &f->p[st->label[0]], *c = &f->p[st->label[1]];
	int ns = a->pfc, chain[NSPID_MAX], n = 0, i;

	if (st->flags & STMT_NEWPID) {
		ns = new_ns(f, ns);
		if (ns < 0)
			return ns;
	}
	if (st->set_tid_size > f->ns[ns].level + 1) {
		set_err(res, EINVAL);
		return 0;
	}
	for (i = ns; i >= 0 && n < NSPID_MAX; i = f->ns[i].parent)
		chain[n++] = i;
	c->nspid.n = n;
	for (i = 0; i < n; i++) {
		struct fns *x = &f->ns[chain[n - 1 - i]];

		if (x->last + 1 >= x->pid_max) {
			set_err(res, EAGAIN);
			return 0;
		}
		c->nspid.nr[i] = ++x->last;
	}
	c->exists = true;
	c->state = PS_RUNNING;
	c->ns = ns;
	c->pfc = ns;
	c->parent = st->flags & (STMT_PARENT | STMT_THREAD) ? a->parent : st->label[0];
	res->kind = OC_NSPID;
	res->nspid = c->nspid;
	return 0;
}

static int fake_exec(struct engine *e, const struct stmt *st, struct result *res)
{
	struct fake *f = F(e);
	struct fproc *a = &f->p[st->label[0]];
	struct fproc *t = st->label[1] >= 0 ? &f->p[st->label[1]] : NULL;
	int ns;

	if (f->break_line && st->line == f->break_line)
		return -EIO;
	res->kind = OC_OK;
	switch (st->op) {
	case OP_FORK:
	case OP_CLONE:
		return fake_create(f, st, res);
	case OP_UNSHARE:
		ns = new_ns(f, a->ns);
		if (ns < 0)
			return ns;
		a->pfc = ns;
		break;
	case OP_EXIT:
		a->state = PS_ZOMBIE;
		break;
	case OP_KILL:
		if (!t->exists)
			set_err(res, ESRCH);
		else if (t->state == PS_RUNNING)
			t->state = PS_ZOMBIE;
		break;
	case OP_WAIT:
		if (!t->exists || t->parent != st->label[0])
			set_err(res, ECHILD);
		else if (t->state == PS_RUNNING)
			res->kind = OC_RUNNING;
		else
			t->exists = false;
		break;
	case OP_NS_LAST_PID:
		if (st->value < 0)
			set_err(res, EINVAL);
		else
			f->ns[a->ns].last = st->value;
		break;
	case OP_PID_MAX:
		if (st->value < 1)
			set_err(res, EINVAL);
		else
			f->ns[a->ns].pid_max = st->value;
		break;
	default:
		break;
	}
	return 0;
}

static int fake_observe(struct engine *e, int label, const struct expect_pair *pair,
			struct observation *obs)
{
	struct fake *f = F(e);
	struct fproc *p = &f->p[label];

	switch (pair->key) {
	case EK_NSPID:
		obs->nspid = p->nspid;
		break;
	case EK_STATE:
		obs->state = fake_state(e, label);
		break;
	case EK_PARENT:
		obs->label = p->parent;
		break;
	case EK_PPID:
		obs->value = p->parent >= 0 ? f->p[p->parent].nspid.nr[0] : 0;
		break;
	case EK_PGID:
	case EK_SID:
		obs->value = 0;
		break;
	case EK_LAST_PID:
		obs->value = f->ns[p->ns].last;
		break;
	case EK_PID_MAX:
		obs->value = f->ns[p->ns].pid_max;
		break;
	case EK_PID_AT: {
		int lvl = f->ns[f->p[pair->label].ns].level;

		obs->value = lvl < p->nspid.n ? p->nspid.nr[lvl] : 0;
		break;
	}
	}
	return 0;
}

static int fake_snapshot(struct engine *e, struct snapshot *snap)
{
	struct fake *f = F(e);
	int i, ret;

	for (i = 0; i < f->nns; i++) {
		struct snap_ns n = {
			.parent = f->ns[i].parent, .level = f->ns[i].level,
			.pid_max = f->ns[i].pid_max, .last_pid = f->ns[i].last,
			.accepting = 1,
		};

		ret = snapshot_add_ns(snap, &n);
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < f->nlabels; i++) {
		struct snap_proc p = {
			.label = i, .ns = f->p[i].ns, .state = f->p[i].state,
			.nspid = f->p[i].nspid, .parent = f->p[i].parent,
			.leader = i, .ppid = SNAP_UNKNOWN, .pgid = SNAP_UNKNOWN,
			.sid = SNAP_UNKNOWN,
		};

		if (!f->p[i].exists || f->p[i].state == PS_REAPED)
			continue;
		ret = snapshot_add_proc(snap, &p);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static void fake_end(struct engine *e)
{
	struct fake *f = F(e);

	free(f->p);
	f->p = NULL;
	f->ends++;
}

static void fake_destroy(struct engine *e)
{
	struct fake *f = F(e);

	free(f->p);
	free(f->ns);
	free(f);
}

static const struct engine_ops fake_ops = {
	.name = "fake",
	.begin = fake_begin,
	.state = fake_state,
	.exec = fake_exec,
	.observe = fake_observe,
	.snapshot = fake_snapshot,
	.end = fake_end,
	.destroy = fake_destroy,
};

struct engine *fake_engine_new(void)
{
	struct fake *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->e.ops = &fake_ops;
	return &f->e;
}

void fake_engine_break_at(struct engine *e, unsigned int line)
{
	F(e)->break_line = line;
}

int fake_engine_begins(const struct engine *e)
{
	return ((const struct fake *)e)->begins;
}

int fake_engine_ends(const struct engine *e)
{
	return ((const struct fake *)e)->ends;
}
