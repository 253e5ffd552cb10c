/*
 * gen.c - the trace generator (gen.h).
 *
 * Each step draws an action by the mix's weights. An action is one
 * statement (a fork, a kill, ...) or a short scenario of several that aims
 * at one behaviour (an orphan chain, a container whose init dies, a wrap of
 * the cursor, an exhausted namespace, a number held by a session). Every
 * statement is written as text and at once played on the model engine, the
 * same engine `pidsim run` uses, with the runner's rules 1 and 2 applied
 * here (a failed label or a dead actor answers ESRCH). The model's answers
 * then steer the next choices.
 *
 * The generator keeps a shadow of what the model does not show through the
 * engine interface: each label's active and pid_for_children namespaces,
 * and the namespace tree (parent, level, init). It is updated only from
 * results (a fork that answered numbers, an unshare that answered ok), and
 * a fork's numbers are checked against it, so the shadow cannot drift
 * silently: gen_trace() fails with -EPROTO instead.
 *
 * Invariants: labels are created in the order they appear in the text, so
 * the generator's label ids are the parser's; g->left counts statements
 * still to write, ranges expanded, and no action writes past it; a set_tid
 * never has more entries than levels down to the trace root; no setpgid
 * (either form) puts a member of a namespace init's thread group into a
 * group led from that namespace or below (group_move_safe()), so no exit
 * or kill, kill -G and kill all included, can strand an init; outside
 * chaos the trace root's init group never ends (ends_root()).
 *
 * The body is written to memory first: its version statement, `pidsim
 * 1.1` or `pidsim 1`, depends on whether it holds a 1.1 statement.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/numparse.h"
#include "lib/rng.h"
#include "sim/engine/model/engine_model.h"
#include "sim/fuzz/gen.h"
#include "sim/run/runner.h"
#include "sim/trace/errnames.h"

/* longest line written: a show of 4 keys with their values, nspids of 33
 * levels each, is under 2 KiB; the language allows 4096 bytes */
#define LINE_MAX_GEN	TRACE_LINE_MAX
#define SCENARIO_PROCS	6	/* processes a scenario makes, bursts aside */
#define NEST_HOST_MAX	32	/* MAX_PID_NS_LEVEL, counted from the host */

static const char *const mix_names[GEN__MIXES] = {
	[GEN_BUILD] = "build",
	[GEN_CONTAINERS] = "containers",
	[GEN_THREADS] = "threads",
	[GEN_CHAOS] = "chaos",
};

/* ---- the generator's state ---------------------------------------------- */

/* A namespace, as the shadow knows it. */
struct gns {
	int parent;		/* index, -1 for the trace root */
	unsigned int level;	/* from the trace root */
	int init;		/* label of its first process, -1 none yet */
};

struct glabel {
	char name[24];
	bool failed;		/* its fork or clone failed: names nothing */
	bool thread;		/* a thread other than its group's leader */
	int leader;		/* label of its thread group's leader */
	int ns;			/* active namespace */
	int pfc;		/* pid_for_children namespace */
	bool leads;		/* made a process group of its number (1.1 kill -G) */
	struct nspid nspid;	/* its numbers, root first */
};

enum action {
	A_FORK, A_BURST, A_NEWPID, A_THREAD, A_CLONE_PARENT, A_SET_TID,
	A_UNSHARE, A_SETNS, A_EXIT, A_KILL, A_WAIT, A_SETSID, A_SETPGID,
	A_SUBREAPER, A_LAST_PID, A_PID_MAX, A_EXPECT,
	A_CHAIN, A_CONTAINER, A_WRAP, A_EXHAUST, A_NEST, A_REUSE, A_HOLD,
	A_ODD,
	/* version 1.1 */
	A_WAIT_ANY, A_SIGCHLD, A_SETPGID_WHO, A_EXEC, A_EXIT_THREAD,
	A_KILL_SIG, A_KILL_PGRP, A_KILL_ALL, A_SHOW,
	A_JOBS, A_POWEROFF, A_DETHREAD,
	A__COUNT
};

/*
 * Weights per mix. Scenarios (A_CHAIN and after) write several
 * statements each, so small weights still make them frequent.
 */
static const unsigned char weights[GEN__MIXES][A__COUNT] = {
	[GEN_BUILD] = {
		[A_FORK] = 30, [A_BURST] = 6, [A_NEWPID] = 1, [A_THREAD] = 3,
		[A_CLONE_PARENT] = 2, [A_SET_TID] = 1, [A_EXIT] = 22,
		[A_KILL] = 5, [A_WAIT] = 24, [A_SETSID] = 5, [A_SETPGID] = 8,
		[A_SUBREAPER] = 2, [A_LAST_PID] = 3, [A_PID_MAX] = 1,
		[A_EXPECT] = 10, [A_CHAIN] = 3, [A_WRAP] = 3, [A_EXHAUST] = 1,
		[A_REUSE] = 3, [A_HOLD] = 2,
		[A_WAIT_ANY] = 16, [A_SIGCHLD] = 3, [A_SETPGID_WHO] = 4,
		[A_EXEC] = 4, [A_EXIT_THREAD] = 1, [A_KILL_SIG] = 4,
		[A_KILL_PGRP] = 3, [A_KILL_ALL] = 1, [A_SHOW] = 3, [A_JOBS] = 4,
	},
	[GEN_CONTAINERS] = {
		[A_FORK] = 16, [A_BURST] = 2, [A_NEWPID] = 10, [A_THREAD] = 2,
		[A_CLONE_PARENT] = 3, [A_SET_TID] = 5, [A_UNSHARE] = 6,
		[A_SETNS] = 8, [A_EXIT] = 10, [A_KILL] = 8, [A_WAIT] = 12,
		[A_SETSID] = 2, [A_SETPGID] = 2, [A_SUBREAPER] = 3,
		[A_LAST_PID] = 3, [A_PID_MAX] = 2, [A_EXPECT] = 10,
		[A_CHAIN] = 3, [A_CONTAINER] = 5, [A_WRAP] = 1, [A_EXHAUST] = 2,
		[A_NEST] = 2, [A_REUSE] = 2, [A_HOLD] = 1,
		[A_WAIT_ANY] = 5, [A_SIGCHLD] = 2, [A_SETPGID_WHO] = 5,
		[A_EXEC] = 2, [A_EXIT_THREAD] = 1, [A_KILL_SIG] = 4,
		[A_KILL_PGRP] = 5, [A_KILL_ALL] = 5, [A_SHOW] = 3,
		[A_POWEROFF] = 4,
	},
	[GEN_THREADS] = {
		[A_FORK] = 12, [A_BURST] = 1, [A_NEWPID] = 3, [A_THREAD] = 20,
		[A_CLONE_PARENT] = 4, [A_SET_TID] = 1, [A_UNSHARE] = 2,
		[A_SETNS] = 2, [A_EXIT] = 16, [A_KILL] = 8, [A_WAIT] = 12,
		[A_SETSID] = 3, [A_SETPGID] = 3, [A_SUBREAPER] = 3,
		[A_LAST_PID] = 1, [A_EXPECT] = 10, [A_CHAIN] = 3,
		[A_CONTAINER] = 2, [A_REUSE] = 1, [A_HOLD] = 1,
		[A_WAIT_ANY] = 6, [A_SIGCHLD] = 2, [A_SETPGID_WHO] = 2,
		[A_EXEC] = 8, [A_EXIT_THREAD] = 8, [A_KILL_SIG] = 4,
		[A_KILL_PGRP] = 2, [A_KILL_ALL] = 1, [A_SHOW] = 3,
		[A_DETHREAD] = 5,
	},
	[GEN_CHAOS] = {
		[A_FORK] = 10, [A_BURST] = 2, [A_NEWPID] = 6, [A_THREAD] = 6,
		[A_CLONE_PARENT] = 4, [A_SET_TID] = 6, [A_UNSHARE] = 5,
		[A_SETNS] = 6, [A_EXIT] = 8, [A_KILL] = 8, [A_WAIT] = 8,
		[A_SETSID] = 4, [A_SETPGID] = 5, [A_SUBREAPER] = 3,
		[A_LAST_PID] = 5, [A_PID_MAX] = 4, [A_EXPECT] = 8,
		[A_CHAIN] = 2, [A_CONTAINER] = 3, [A_WRAP] = 2, [A_EXHAUST] = 2,
		[A_NEST] = 2, [A_REUSE] = 2, [A_HOLD] = 2, [A_ODD] = 10,
		[A_WAIT_ANY] = 5, [A_SIGCHLD] = 3, [A_SETPGID_WHO] = 4,
		[A_EXEC] = 4, [A_EXIT_THREAD] = 4, [A_KILL_SIG] = 5,
		[A_KILL_PGRP] = 4, [A_KILL_ALL] = 3, [A_SHOW] = 4, [A_JOBS] = 2,
		[A_POWEROFF] = 2, [A_DETHREAD] = 2,
	},
};

struct gen {
	const struct gen_opts *o;
	struct rng rng;
	FILE *out;
	struct engine *e;
	bool chaos;
	bool v11;		/* a version 1.1 statement was written */

	struct glabel *l;	/* by label id; 0 is init */
	const char **names;	/* l[i].name, for the engine */
	int nl, lcap;
	struct gns *ns;		/* by shadow index; 0 is the trace root */
	int nns, nscap;
	int *live;		/* labels that may not be reaped yet */
	int nlive;
	int *cand;		/* scratch for choices, lcap entries */

	unsigned int left;	/* statements still to write */
	unsigned int room;	/* processes that may still be created */
	unsigned long serial;	/* numbers the next label name */

	struct stmt st;		/* the statement being built */
	char line[LINE_MAX_GEN];
	size_t len;
};

/* ---- queries ------------------------------------------------------------ */

static enum proc_state state_of(struct gen *g, int id)
{
	if (g->l[id].failed)
		return PS_REAPED;
	return g->e->ops->state(g->e, id);
}

static bool running(struct gen *g, int id)
{
	return state_of(g, id) == PS_RUNNING;
}

/* Processes that are not reaped (the live kernel holds one agent each). */
static unsigned int population(struct gen *g)
{
	int i, n = 0;

	for (i = 0; i < g->nlive; i++)
		if (state_of(g, g->live[i]) != PS_REAPED)
			g->live[n++] = g->live[i];
	g->nlive = n;
	return (unsigned int)n;
}

/* Is namespace a the namespace b or one of its ancestors? */
static bool ns_above(const struct gen *g, int a, int b)
{
	for (; b >= 0; b = g->ns[b].parent)
		if (a == b)
			return true;
	return false;
}

/* Can p name t by number (t's active namespace lies in p's subtree)? */
static bool sees(const struct gen *g, int p, int t)
{
	return ns_above(g, g->l[p].ns, g->l[t].ns);
}

static bool ns_accepting(struct gen *g, int ns)
{
	int init = g->ns[ns].init;

	return init < 0 || running(g, init);
}

/* May p create a namespace (clone newpid, unshare) without EINVAL? */
static bool can_nest(struct gen *g, int p)
{
	const struct glabel *l = &g->l[p];

	return l->pfc == l->ns && g->ns[l->ns].level + 1 <= g->o->depth;
}

/* An engine observation of one key about label id; false if unreadable. */
static bool observe(struct gen *g, int id, enum expect_key key, int q,
		    struct observation *obs)
{
	struct expect_pair pair = { .key = key, .label = q };

	memset(obs, 0, sizeof(*obs));
	obs->label = LABEL_NONE;
	if (g->e->ops->observe(g->e, id, &pair, obs) < 0 || obs->err)
		return false;
	return true;
}

/* The label of id's parent's group leader, LABEL_NONE if none or unknown. */
static int parent_of(struct gen *g, int id)
{
	struct observation obs;

	if (state_of(g, id) == PS_REAPED || !observe(g, id, EK_PARENT, 0, &obs))
		return LABEL_NONE;
	return obs.label;
}

/*
 * Labels not reaped for which pred holds, into g->cand; returns how many.
 * Only g->live is scanned: every predicate below but the two of pick_any()
 * wants a process that is still there, and a long trace has far more
 * labels than processes.
 */
static int collect(struct gen *g, bool (*pred)(struct gen *, int, int), int arg)
{
	int i, n = 0;

	for (i = 0; i < g->nlive; i++)
		if (pred(g, g->live[i], arg))
			g->cand[n++] = g->live[i];
	return n;
}

/* One of the live labels for which pred holds, or -1. */
static int pick(struct gen *g, bool (*pred)(struct gen *, int, int), int arg)
{
	int n = collect(g, pred, arg);

	return n ? g->cand[rng_below(&g->rng, (unsigned int)n)] : -1;
}

/*
 * One of all the labels, reaped ones too, for which pred holds, or -1: a
 * few random draws, then a scan (most labels pass: these predicates only
 * refuse failed labels and init).
 */
static int pick_any(struct gen *g, bool (*pred)(struct gen *, int, int))
{
	int i, n = 0;

	for (i = 0; i < 8; i++) {
		int l = (int)rng_below(&g->rng, (unsigned int)g->nl);

		if (pred(g, l, 0))
			return l;
	}
	for (i = 0; i < g->nl; i++)
		if (pred(g, i, 0))
			g->cand[n++] = i;
	return n ? g->cand[rng_below(&g->rng, (unsigned int)n)] : -1;
}

static bool is_running(struct gen *g, int id, int arg)
{
	(void)arg;
	return running(g, id);
}

/* Running and able to nest a namespace. */
static bool is_nester(struct gen *g, int id, int arg)
{
	(void)arg;
	return running(g, id) && can_nest(g, id);
}

/* Running, with its children going to its own, accepting namespace. */
static bool is_plain_forker(struct gen *g, int id, int arg)
{
	(void)arg;
	return running(g, id) && g->l[id].pfc == g->l[id].ns &&
	       ns_accepting(g, g->l[id].ns);
}

/* Not reaped, not arg, and visible from arg. */
static bool is_visible_from(struct gen *g, int id, int arg)
{
	return id != arg && state_of(g, id) != PS_REAPED && sees(g, arg, id);
}

static bool is_zombie(struct gen *g, int id, int arg)
{
	(void)arg;
	return state_of(g, id) == PS_ZOMBIE;
}

static bool is_child_of(struct gen *g, int id, int arg)
{
	return !g->l[id].thread && state_of(g, id) != PS_REAPED &&
	       parent_of(g, id) == g->l[arg].leader;
}

static bool is_thread(struct gen *g, int id, int arg)
{
	(void)arg;
	return g->l[id].thread && running(g, id);
}

/* A namespace init other than the trace root's (an exec from a thread of
 * init hands that role to the thread). */
static bool is_init(struct gen *g, int id, int arg)
{
	(void)arg;
	return g->l[id].ns != 0 && running(g, id) &&
	       g->ns[g->l[id].ns].init == id;
}

/*
 * Would p's exit (alone) end the trace root's init, and with it the whole
 * trace? Only chaos does that: when the root init's leader has exited
 * alone, each of its threads may be the last one.
 */
static bool ends_root(struct gen *g, int p)
{
	int root = g->l[g->ns[0].init].leader;

	return !g->chaos && g->l[p].leader == root && !running(g, root);
}

/* A leaf-ish running process: not an init (exits of those are scenarios). */
static bool is_plain_running(struct gen *g, int id, int arg)
{
	(void)arg;
	return id != LABEL_INIT && running(g, id) && g->ns[g->l[id].ns].init != id;
}

static bool has_numbers(struct gen *g, int id, int arg)
{
	(void)arg;
	return !g->l[id].failed && g->l[id].nspid.n > 0 && id != LABEL_INIT;
}

static bool is_created(struct gen *g, int id, int arg)
{
	(void)arg;
	return !g->l[id].failed;
}

/* ---- writing and playing statements ------------------------------------- */

__attribute__((format(printf, 2, 3)))
static void line_add(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (g->len >= sizeof(g->line))
		return;
	va_start(ap, fmt);
	w = vsnprintf(g->line + g->len, sizeof(g->line) - g->len, fmt, ap);
	va_end(ap);
	if (w > 0)
		g->len += (size_t)w;
	if (g->len >= sizeof(g->line))
		g->len = sizeof(g->line) - 1;	/* never past the buffer */
}

static void st_begin(struct gen *g, enum stmt_op op, int actor)
{
	memset(&g->st, 0, offsetof(struct stmt, argc));
	g->st.file = "gen";
	g->st.op = op;
	g->st.label[0] = actor;
	g->st.label[1] = LABEL_NONE;
	g->st.label[2] = LABEL_NONE;
	g->st.sig = TRACE_SIGKILL;
	g->len = 0;
	line_add(g, "%s", stmt_op_name(op));
	line_add(g, " %s", g->l[actor].name);
}

static void st_label(struct gen *g, int id)
{
	g->st.label[1] = id;
	line_add(g, " %s", g->l[id].name);
}

static void st_word(struct gen *g, const char *w)
{
	line_add(g, " %s", w);
}

static void st_value(struct gen *g, int v)
{
	g->st.value = v;
	line_add(g, " %d", v);
}

/* A new label named prefix + serial (+ suffix), not yet created. */
static int new_label(struct gen *g, const char *prefix, const char *suffix)
{
	struct glabel *l;

	if (g->nl >= g->lcap)
		return -1;
	l = &g->l[g->nl];
	memset(l, 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s%lu%s", prefix, g->serial,
		 suffix ? suffix : "");
	g->names[g->nl] = l->name;
	l->leader = g->nl;
	l->ns = l->pfc = -1;
	return g->nl++;
}

static int add_ns(struct gen *g, int parent, int init)
{
	struct gns *n;

	if (g->nns == g->nscap) {
		int cap = g->nscap * 2;
		struct gns *p = realloc(g->ns, (size_t)cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		g->ns = p;
		g->nscap = cap;
	}
	n = &g->ns[g->nns];
	n->parent = parent;
	n->level = parent < 0 ? 0 : g->ns[parent].level + 1;
	n->init = init;
	return g->nns++;
}

/* A fork or clone succeeded: place the child in the shadow. */
static int created(struct gen *g, const struct result *res)
{
	const struct stmt *st = &g->st;
	struct glabel *p = &g->l[st->label[0]], *c = &g->l[st->label[1]];
	int n = res->nspid.n;

	c->nspid = res->nspid;
	if (st->flags & STMT_NEWPID) {
		c->ns = add_ns(g, p->pfc, st->label[1]);
		if (c->ns < 0)
			return c->ns;
	} else {
		c->ns = p->pfc;
		if (g->ns[c->ns].init < 0 && res->nspid.nr[n - 1] == 1)
			g->ns[c->ns].init = st->label[1];
	}
	c->pfc = c->ns;
	if (st->flags & STMT_THREAD) {
		c->thread = true;
		c->leader = p->leader;
	}
	if ((unsigned int)n != g->ns[c->ns].level + 1)
		return -EPROTO;		/* the shadow lost track of the model */
	g->live[g->nlive++] = st->label[1];
	if (g->room)
		g->room--;
	return 0;
}

/*
 * exec P succeeded: de_thread() released every other thread of P's group.
 * A thread other than the leader took over the leader's pid (and with it
 * the role of its namespace's init, if the leader had it); its numbers
 * are read back from the model, which checks the shadow's levels.
 */
static int exec_followed(struct gen *g, int p)
{
	struct glabel *l = &g->l[p];
	int leader = l->leader;
	struct observation obs;

	if (leader == p)
		return 0;
	l->thread = false;
	l->leader = p;
	if (g->ns[l->ns].init == leader)
		g->ns[l->ns].init = p;
	l->leads = g->l[leader].leads;
	if (!observe(g, p, EK_NSPID, 0, &obs) ||
	    (unsigned int)obs.nspid.n != g->ns[l->ns].level + 1)
		return -EPROTO;
	l->nspid = obs.nspid;
	return 0;
}

/* What a statement that passed the runner's rules changes in the shadow. */
static int follow(struct gen *g, const struct result *res)
{
	const struct stmt *st = &g->st;
	struct glabel *p = &g->l[st->label[0]];
	int ns;

	if (st->op == OP_SETSID && res->kind == OC_OK)
		g->l[p->leader].leads = true;
	/* a group whose id is G's number exists now (EPERM otherwise) */
	if (st->op == OP_SETPGID && res->kind == OC_OK)
		g->l[st->label[1]].leads = true;
	if (st->op == OP_EXEC && res->kind == OC_OK)
		return exec_followed(g, st->label[0]);

	switch (st->op) {
	case OP_FORK:
	case OP_CLONE:
		if (res->kind == OC_NSPID)
			return created(g, res);
		g->l[st->label[1]].failed = true;
		return 0;
	case OP_UNSHARE:
		if (res->kind != OC_OK)
			return 0;
		ns = add_ns(g, p->ns, -1);
		if (ns < 0)
			return ns;
		p->pfc = ns;
		return 0;
	case OP_SETNS:
		if (res->kind == OC_OK)
			p->pfc = (st->flags & STMT_CHILDREN) ? g->l[st->label[1]].pfc
							     : g->l[st->label[1]].ns;
		return 0;
	default:
		return 0;
	}
}

static bool mentions_failed(const struct gen *g)
{
	const struct stmt *st = &g->st;
	bool creates = st->op == OP_FORK || st->op == OP_CLONE;
	int i;

	if (g->l[st->label[0]].failed)
		return true;
	if (!creates && st->label[1] >= 0 && g->l[st->label[1]].failed)
		return true;
	if (st->label[2] >= 0 && g->l[st->label[2]].failed)
		return true;
	for (i = 0; i < st->npairs; i++)
		if ((st->pairs[i].key == EK_PARENT || st->pairs[i].key == EK_PID_AT) &&
		    st->pairs[i].label >= 0 && g->l[st->pairs[i].label].failed)
			return true;
	return false;
}

/*
 * Play g->st on the model as the runner would (rules 1 and 2 here, the
 * rest in the engine) and follow it in the shadow. res receives the result
 * (OC_OK for an expect: its outcome is not needed).
 */
static int play(struct gen *g, struct result *res)
{
	const struct stmt *st = &g->st;
	bool creates = st->op == OP_FORK || st->op == OP_CLONE;
	int rc;

	result_clear(res);
	if (mentions_failed(g) ||
	    (st->op != OP_EXPECT && st->op != OP_SHOW && !running(g, st->label[0]))) {
		res->kind = OC_ERRNO;
		res->err = ESRCH;
		if (creates)
			g->l[st->label[1]].failed = true;
		return 0;
	}
	if (st->op == OP_EXPECT || st->op == OP_SHOW)
		return 0;	/* the caller writes what show reads */
	rc = g->e->ops->exec(g->e, st, res);
	if (rc < 0)
		return rc;
	return follow(g, res);
}

/* Write the line built in g (with `=> R` if asked), play it, count it. */
static int emit(struct gen *g, struct result *res)
{
	struct result dummy;
	char buf[8 + NSPID_MAX * 12];
	int rc;

	if (!res)
		res = &dummy;
	if (!g->left)
		return -ENOSPC;
	if (g->st.op == OP_SIGCHLD || g->st.op == OP_EXEC || g->st.op == OP_SHOW ||
	    (g->st.flags & (STMT_ANY | STMT_WHO | STMT_EXIT_THREAD | STMT_PGRP |
			    STMT_ALL | STMT_SIG)))
		g->v11 = true;
	rc = play(g, res);
	if (rc < 0)
		return rc;
	if (res->kind == OC_LABEL)
		res->text = res->label >= 0 && res->label < g->nl ?
			    g->l[res->label].name : "?";
	if (g->o->results && g->st.op != OP_EXPECT && g->st.op != OP_SHOW)
		line_add(g, " => %s", result_token(res, buf, sizeof(buf)));
	fprintf(g->out, "%.*s\n", (int)g->len, g->line);
	g->left--;
	return 0;
}

/* ---- single statements ---------------------------------------------------- */

/* `fork P C` (or clone with flags), C a new label; the child or -1. */
static int do_clone(struct gen *g, int p, const char *prefix, unsigned int flags,
		    const int *set_tid, int n_set_tid, int *child)
{
	struct result res;
	int c, rc, i;

	*child = -1;
	if (!g->left)
		return -ENOSPC;
	g->serial++;
	c = new_label(g, prefix, NULL);
	if (c < 0)
		return -ENOSPC;
	st_begin(g, flags || n_set_tid ? OP_CLONE : OP_FORK, p);
	st_label(g, c);
	g->st.flags = flags;
	if (flags & STMT_NEWPID)
		st_word(g, "newpid");
	if (flags & STMT_THREAD)
		st_word(g, "thread");
	if (flags & STMT_PARENT)
		st_word(g, "parent");
	if (n_set_tid) {
		g->st.flags |= STMT_SET_TID;
		g->st.set_tid_size = n_set_tid;
		for (i = 0; i < n_set_tid; i++) {
			g->st.set_tid[i] = set_tid[i];
			line_add(g, i ? ",%ld" : " set_tid=%ld", (long)set_tid[i]);
		}
	}
	rc = emit(g, &res);
	if (rc)
		return rc;
	if (res.kind == OC_NSPID)
		*child = c;
	return 0;
}

static int do_fork(struct gen *g, int p, int *child)
{
	return do_clone(g, p, "p", 0, NULL, 0, child);
}

/* `fork P bN_{1..k}`: k forks in one range statement. */
static int do_burst(struct gen *g, int p, unsigned int k)
{
	struct result res;
	char range[32];
	unsigned int i;
	int c, rc;

	if (k > g->left)
		k = g->left;
	if (k > g->room)
		k = g->room;
	if (k > (unsigned int)(g->lcap - g->nl))
		k = (unsigned int)(g->lcap - g->nl);
	if (k < 2)
		return do_fork(g, p, &c);
	g->serial++;
	snprintf(range, sizeof(range), "_{1..%u}", k);
	for (i = 1; i <= k; i++) {
		char suffix[16];

		snprintf(suffix, sizeof(suffix), "_%u", i);
		c = new_label(g, "b", suffix);
		st_begin(g, OP_FORK, p);
		st_label(g, c);
		rc = play(g, &res);
		if (rc < 0)
			return rc;
	}
	/* the text is one line; each expansion was played above */
	fprintf(g->out, "fork %s b%lu%s\n", g->l[p].name, g->serial, range);
	g->left -= k;
	return 0;
}

static int do_simple(struct gen *g, enum stmt_op op, int p, int t)
{
	st_begin(g, op, p);
	if (t >= 0)
		st_label(g, t);
	if (op == OP_UNSHARE)
		st_word(g, "newpid");
	return emit(g, NULL);
}

static int do_setns(struct gen *g, int p, int t, bool children)
{
	st_begin(g, OP_SETNS, p);
	st_label(g, t);
	if (children) {
		g->st.flags |= STMT_CHILDREN;
		st_word(g, "children");
	}
	return emit(g, NULL);
}

static int do_sysctl(struct gen *g, enum stmt_op op, int p, int v)
{
	st_begin(g, op, p);
	st_value(g, v);
	return emit(g, NULL);
}

/* p's pid_max (32768 when it cannot be read). */
static int pid_max_of(struct gen *g, int p)
{
	struct observation obs;

	return observe(g, p, EK_PID_MAX, 0, &obs) ? obs.value : 32768;
}

static int last_pid_of(struct gen *g, int p)
{
	struct observation obs;

	return observe(g, p, EK_LAST_PID, 0, &obs) ? obs.value : 1;
}

/*
 * `expect P KEY=VALUE...` with the model's values, so that the trace also
 * holds on `pidsim run`. Keys that P cannot answer in its state are left
 * out: both engines would answer ESRCH by the runner's rules alone.
 */
static int do_expect(struct gen *g, int p)
{
	static const enum expect_key keys[] = {
		EK_NSPID, EK_STATE, EK_PARENT, EK_PPID, EK_PGID, EK_SID,
		EK_LAST_PID, EK_PID_MAX, EK_PID_AT,
	};
	static const char *const kname[] = {
		[EK_PPID] = "ppid", [EK_PGID] = "pgid", [EK_SID] = "sid",
		[EK_LAST_PID] = "last_pid", [EK_PID_MAX] = "pid_max",
	};
	enum proc_state ps = state_of(g, p);
	unsigned int want = 1 + rng_below(&g->rng, 3), tries;
	struct observation obs;
	struct expect_pair *pair;
	int q, i;

	st_begin(g, OP_EXPECT, p);
	for (tries = 0; g->st.npairs < (int)want && tries < 12; tries++) {
		enum expect_key key = keys[rng_below(&g->rng, sizeof(keys) / sizeof(keys[0]))];

		q = 0;
		if (key == EK_PID_AT) {
			q = pick_any(g, is_created);
			if (q < 0 || state_of(g, q) == PS_REAPED)
				continue;
		}
		if (key == EK_STATE)
			obs.state = ps;
		else if (ps == PS_REAPED || !observe(g, p, key, q, &obs))
			continue;	/* P cannot answer that in its state */
		pair = &g->st.pairs[g->st.npairs++];
		pair->key = key;
		switch (key) {
		case EK_NSPID:
			pair->nspid = obs.nspid;
			for (i = 0; i < obs.nspid.n; i++)
				line_add(g, i ? "/%ld" : " nspid=%ld", (long)obs.nspid.nr[i]);
			break;
		case EK_STATE:
			pair->state = obs.state;
			line_add(g, " state=%s", proc_state_name(obs.state));
			break;
		case EK_PARENT:
			pair->label = obs.label;
			line_add(g, " parent=%s", obs.label == LABEL_NONE ? "-" :
				 g->l[obs.label].name);
			break;
		case EK_PID_AT:
			pair->label = q;
			pair->value = obs.value;
			line_add(g, " pid@%s", g->l[q].name);
			line_add(g, "=%ld", (long)obs.value);
			break;
		default:
			pair->value = obs.value;
			line_add(g, " %s", kname[key]);
			line_add(g, "=%ld", (long)obs.value);
			break;
		}
	}
	if (!g->st.npairs) {
		pair = &g->st.pairs[g->st.npairs++];
		pair->key = EK_STATE;
		pair->state = ps;
		line_add(g, " state=%s", proc_state_name(ps));
	}
	return emit(g, NULL);
}

/* ---- actions ---------------------------------------------------------------- */

static int act_fork(struct gen *g)
{
	int p = pick(g, is_running, 0), c;

	return p < 0 ? 0 : do_fork(g, p, &c);
}

static int act_burst(struct gen *g)
{
	int p = pick(g, is_plain_forker, 0);

	return p < 0 ? 0 : do_burst(g, p, (unsigned int)rng_between(&g->rng, 3, 12));
}

static int act_newpid(struct gen *g)
{
	int p = g->chaos && rng_chance(&g->rng, 20) ? pick(g, is_running, 0)
						: pick(g, is_nester, 0);
	unsigned int flags = STMT_NEWPID;
	int c;

	if (p < 0)
		return 0;
	if (rng_chance(&g->rng, 15))
		flags |= STMT_PARENT;
	return do_clone(g, p, "c", flags, NULL, 0, &c);
}

static int act_thread(struct gen *g)
{
	int p = g->chaos ? pick(g, is_running, 0) : pick(g, is_plain_forker, 0);
	int c;

	return p < 0 ? 0 : do_clone(g, p, "t", STMT_THREAD, NULL, 0, &c);
}

static int act_clone_parent(struct gen *g)
{
	int p = g->chaos ? pick(g, is_running, 0) : pick(g, is_plain_running, 0);
	int c;

	return p < 0 ? 0 : do_clone(g, p, "s", STMT_PARENT, NULL, 0, &c);
}

/* A number some process has at the namespace of level `level` on the
 * chain of ns, or a random one. */
static int some_number(struct gen *g, int ns, unsigned int level)
{
	for (int tries = 0; tries < 8; tries++) {
		int i = pick_any(g, has_numbers);

		if (i < 0)
			break;
		if (ns_above(g, g->l[i].ns, ns) || ns_above(g, ns, g->l[i].ns))
			if ((unsigned int)g->l[i].nspid.n > level)
				return g->l[i].nspid.nr[level];
	}
	return rng_between(&g->rng, 2, 400);
}

/*
 * `clone P C [newpid] set_tid=...`: at most as many entries as levels from
 * the new child's namespace up to the trace root, so that nothing reaches
 * the host (in chaos, sometimes the 33 clone3 refuses outright).
 */
static int act_set_tid(struct gen *g)
{
	int p = pick(g, is_running, 0), set_tid[SET_TID_MAX], c;
	unsigned int flags = 0, depth, n, j;
	int ns;

	if (p < 0)
		return 0;
	if (can_nest(g, p) && rng_chance(&g->rng, 35))
		flags |= STMT_NEWPID;
	ns = g->l[p].pfc;
	depth = g->ns[ns].level + 1 + !!(flags & STMT_NEWPID);
	n = 1 + rng_below(&g->rng, depth);
	if (g->chaos && rng_chance(&g->rng, 10))
		n = SET_TID_MAX;
	for (j = 0; j < n; j++) {
		/* entry j is for the level depth-1-j (innermost first) */
		unsigned int level = j < depth ? depth - 1 - j : 0;
		bool fresh = (flags & STMT_NEWPID) ? j == 0
				: (j == 0 && g->ns[ns].init < 0);

		if (fresh && rng_chance(&g->rng, 85))
			set_tid[j] = 1;
		else if (rng_chance(&g->rng, 25))
			set_tid[j] = some_number(g, ns, level);	/* EEXIST */
		else if (rng_chance(&g->rng, 15))
			set_tid[j] = rng_between(&g->rng, 298, 305);
		else if (g->chaos && rng_chance(&g->rng, 20))
			set_tid[j] = rng_between(&g->rng, -2, 1);
		else
			set_tid[j] = rng_between(&g->rng, 2, 600);
	}
	return do_clone(g, p, "x", flags, set_tid, (int)n, &c);
}

static int act_unshare(struct gen *g)
{
	int p = g->chaos && rng_chance(&g->rng, 25) ? pick(g, is_running, 0)
						: pick(g, is_nester, 0);

	return p < 0 ? 0 : do_simple(g, OP_UNSHARE, p, -1);
}

static int act_setns(struct gen *g)
{
	int p = pick(g, is_running, 0), t;

	if (p < 0)
		return 0;
	if (g->l[p].pfc != g->l[p].ns && rng_chance(&g->rng, 30))
		return do_setns(g, p, p, false);	/* back home */
	t = rng_chance(&g->rng, 80) ? pick(g, is_visible_from, p) : pick_any(g, is_created);
	if (t < 0)
		return 0;
	return do_setns(g, p, t, rng_chance(&g->rng, 40));
}

static int act_exit(struct gen *g)
{
	int p = -1;

	if (rng_chance(&g->rng, 15))
		p = pick(g, is_init, 0);
	if (p < 0 && rng_chance(&g->rng, 20))
		p = pick(g, is_thread, 0);
	if (p < 0 || ends_root(g, p))
		p = pick(g, is_plain_running, 0);
	return p < 0 || ends_root(g, p) ? 0 : do_simple(g, OP_EXIT, p, -1);
}

static int act_kill(struct gen *g)
{
	int p = pick(g, is_running, 0), t;

	if (p < 0)
		return 0;
	t = pick(g, is_visible_from, p);
	if (t < 0 || (g->chaos && rng_chance(&g->rng, 15)))
		t = pick_any(g, is_created);
	return t < 0 ? 0 : do_simple(g, OP_KILL, p, t);
}

/* Mostly a parent reaping its zombie; else a wait on a running child. */
static int act_wait(struct gen *g)
{
	int z = pick(g, is_zombie, 0), p, c;

	if (z >= 0 && rng_chance(&g->rng, 85)) {
		p = parent_of(g, z);
		if (p >= 0 && running(g, p))
			return do_simple(g, OP_WAIT, p, z);
	}
	p = pick(g, is_running, 0);
	if (p < 0)
		return 0;
	c = pick(g, is_child_of, p);
	if (c < 0)
		c = pick_any(g, is_created);
	return c < 0 ? 0 : do_simple(g, OP_WAIT, p, c);
}

static int act_setsid(struct gen *g)
{
	int p = pick(g, is_running, 0);

	return p < 0 ? 0 : do_simple(g, OP_SETSID, p, -1);
}

/*
 * Is p in the thread group of a namespace init? Such a group must never
 * join another process group: once that group's leader is reaped, its
 * number is held by the init's own PGID link alone, and the init's death
 * then waits in zap_pid_ns_processes() for that number to go, which only
 * its own release would do. The kernel hangs there for good (seen on
 * 6.18: an unkillable init), and a live run could never tear down.
 */
static bool in_init_group(const struct gen *g, int p)
{
	int leader = g->l[p].leader;

	return g->ns[g->l[leader].ns].init == leader;
}

/*
 * May process c (setpgid's C) join the group whose id is t's number? Not
 * when c belongs to a namespace init's thread group and t's group is led
 * from that namespace or below (see in_init_group()): only the init's own
 * group, or one led from above its namespace, holds no number there.
 */
static bool group_move_safe(const struct gen *g, int c, int t)
{
	if (!in_init_group(g, c) || g->l[t].leader == g->l[c].leader)
		return true;
	return !ns_above(g, g->l[g->l[c].leader].ns, g->l[t].ns);
}

/* Join its own group, a child's, its parent's or any visible one. */
static int act_setpgid(struct gen *g)
{
	int p = pick(g, is_running, 0), t;

	if (p < 0)
		return 0;
	switch (rng_below(&g->rng, 4)) {
	case 0:
		t = p;
		break;
	case 1:
		t = parent_of(g, p);
		break;
	case 2:
		t = pick(g, is_child_of, p);
		break;
	default:
		t = pick(g, is_visible_from, p);
		break;
	}
	if (t < 0 || !group_move_safe(g, p, t))
		t = g->l[p].leader;
	return do_simple(g, OP_SETPGID, p, t);
}

static int act_subreaper(struct gen *g)
{
	int p = pick(g, is_running, 0);

	return p < 0 ? 0 : do_simple(g, OP_SUBREAPER, p, -1);
}

static int act_last_pid(struct gen *g)
{
	int p = pick(g, is_running, 0), max, v;

	if (p < 0)
		return 0;
	max = pid_max_of(g, p);
	switch (rng_below(&g->rng, g->chaos ? 6 : 4)) {
	case 0:
		v = max - rng_between(&g->rng, 1, 4);	/* wrap soon */
		break;
	case 1:
		v = rng_between(&g->rng, 298, 301);		/* the lo = 1 / 300 edge */
		break;
	case 2:
		v = last_pid_of(g, p) - rng_between(&g->rng, 1, 6);
		break;
	case 3:
		v = rng_between(&g->rng, 1, 600);
		break;
	case 4:
		v = rng_chance(&g->rng, 50) ? -1 : max + 1;	/* EINVAL */
		break;
	default:
		v = max;
		break;
	}
	if (v < 0 && !g->chaos)
		v = 0;
	return do_sysctl(g, OP_NS_LAST_PID, p, v);
}

static int act_pid_max(struct gen *g)
{
	static const int odd[] = { 0, 300, 4194305, -1, 2147483647 };
	int p = pick(g, is_running, 0), v;

	if (p < 0)
		return 0;
	if (g->chaos && rng_chance(&g->rng, 25))
		v = odd[rng_below(&g->rng, sizeof(odd) / sizeof(odd[0]))];
	else if (rng_chance(&g->rng, 70))
		v = rng_between(&g->rng, 301, 420);
	else
		v = rng_chance(&g->rng, 50) ? 32768 : 4194304;
	return do_sysctl(g, OP_PID_MAX, p, v);
}

static int act_expect(struct gen *g)
{
	int p = rng_chance(&g->rng, 80) ? pick(g, is_running, 0) : pick_any(g, is_created);

	return p < 0 ? 0 : do_expect(g, p);
}

/*
 * An orphan chain: P (sometimes a subreaper) forks a, a forks b, ...; then
 * the middle of the chain exits, and the last one is asked who its parent
 * is now.
 */
static int act_chain(struct gen *g)
{
	int p = pick(g, is_plain_forker, 0), chain[6], n = rng_between(&g->rng, 3, 5);
	int i, rc;

	if (p < 0)
		return 0;
	if (rng_chance(&g->rng, 40)) {
		rc = do_simple(g, OP_SUBREAPER, p, -1);
		if (rc)
			return rc;
	}
	chain[0] = p;
	for (i = 1; i <= n; i++) {
		rc = do_fork(g, chain[i - 1], &chain[i]);
		if (rc || chain[i] < 0)
			return rc;
	}
	for (i = n - 1; i >= 1; i--) {
		if (rng_chance(&g->rng, 70)) {
			rc = do_simple(g, OP_EXIT, chain[i], -1);
			if (rc)
				return rc;
		}
	}
	return do_expect(g, chain[n]);
}

/*
 * A container: clone newpid, a few processes inside (one maybe nested
 * deeper), then its init dies by exit, by a kill from outside, or survives
 * a kill from inside; its parent may then reap it.
 */
static int act_container(struct gen *g)
{
	int p = pick(g, is_nester, 0), c, x = -1, y, i, n, rc;

	if (p < 0)
		return 0;
	rc = do_clone(g, p, "c", STMT_NEWPID, NULL, 0, &c);
	if (rc || c < 0)
		return rc;
	n = rng_between(&g->rng, 1, 4);
	for (i = 0; i < n; i++) {
		rc = do_fork(g, rng_chance(&g->rng, 70) || x < 0 ? c : x, &y);
		if (rc)
			return rc;
		if (y >= 0)
			x = y;
	}
	if (x >= 0 && can_nest(g, x) && rng_chance(&g->rng, 30)) {
		rc = do_clone(g, x, "c", STMT_NEWPID, NULL, 0, &y);
		if (rc)
			return rc;
	}
	switch (rng_below(&g->rng, 4)) {
	case 0:
		rc = do_simple(g, OP_EXIT, c, -1);
		break;
	case 1:
		rc = do_simple(g, OP_KILL, p, c);
		break;
	case 2:
		rc = x >= 0 ? do_simple(g, OP_KILL, x, c) : 0;	/* ignored */
		break;
	default:
		rc = x >= 0 ? do_simple(g, OP_EXIT, x, -1) : 0;
		break;
	}
	if (rc)
		return rc;
	if (x >= 0 && rng_chance(&g->rng, 60)) {
		rc = do_expect(g, x);
		if (rc)
			return rc;
	}
	if (rng_chance(&g->rng, 60))
		rc = do_simple(g, OP_WAIT, p, c);
	return rc;
}

/* Move the cursor just below pid_max and fork past it: the wrap to 300. */
static int act_wrap(struct gen *g)
{
	int p = pick(g, is_plain_forker, 0), k;

	if (p < 0)
		return 0;
	k = rng_between(&g->rng, 1, 4);
	if (do_sysctl(g, OP_NS_LAST_PID, p, pid_max_of(g, p) - k))
		return -ENOSPC;
	return do_burst(g, p, (unsigned int)(k + rng_between(&g->rng, 1, 4)));
}

/*
 * A small pid_max and a cursor past 300: only the few numbers from 300 up
 * remain, so a handful of forks exhaust the namespace (EAGAIN); then the
 * cursor goes below 300, where the wrap reaches the low numbers again.
 */
static int act_exhaust(struct gen *g)
{
	int p = pick(g, is_init, 0), max, rc;

	if (p < 0 || g->l[p].pfc != g->l[p].ns || rng_chance(&g->rng, 20))
		p = pick(g, is_plain_forker, 0);
	if (p < 0)
		return 0;
	max = rng_between(&g->rng, 301, 306);
	rc = do_sysctl(g, OP_PID_MAX, p, max);
	if (!rc)
		rc = do_sysctl(g, OP_NS_LAST_PID, p, rng_between(&g->rng, 299, max));
	if (!rc)
		rc = do_burst(g, p, (unsigned int)rng_between(&g->rng, 3, 8));
	if (!rc && rng_chance(&g->rng, 50)) {
		rc = do_sysctl(g, OP_NS_LAST_PID, p, rng_between(&g->rng, 0, 299));
		if (!rc)
			rc = do_burst(g, p, (unsigned int)rng_between(&g->rng, 1, 3));
	}
	if (!rc && rng_chance(&g->rng, 50))
		rc = do_sysctl(g, OP_PID_MAX, p, 32768);
	return rc;
}

/* A chain of new namespaces down to --depth (past it in chaos: ENOSPC). */
static int act_nest(struct gen *g)
{
	int p = pick(g, is_nester, 0), c, rc;
	unsigned int limit = g->o->depth;

	if (p < 0)
		return 0;
	if (g->chaos && g->o->base_level + limit >= NEST_HOST_MAX)
		limit = NEST_HOST_MAX + 1 - g->o->base_level;
	if (limit > g->ns[g->l[p].ns].level + g->room)
		limit = g->ns[g->l[p].ns].level + g->room;
	while (g->ns[g->l[p].ns].level < limit) {
		rc = do_clone(g, p, "n", STMT_NEWPID, NULL, 0, &c);
		if (rc || c < 0)
			return rc;
		p = c;
	}
	return 0;
}

/*
 * Put the cursor just below a number that was used before (its process
 * reaped or a zombie) and fork: the kernel hands the number out again,
 * unless a zombie, a process group or a session still holds it.
 */
static int act_reuse(struct gen *g)
{
	int r = pick_any(g, has_numbers), p, c, rc;
	unsigned int level;

	if (r < 0)
		return 0;
	p = pick(g, is_plain_forker, 0);
	if (p < 0 || !ns_above(g, g->l[p].ns, g->l[r].ns))
		return 0;
	level = g->ns[g->l[p].ns].level;
	rc = do_sysctl(g, OP_NS_LAST_PID, p, g->l[r].nspid.nr[level] - 1);
	return rc ? rc : do_fork(g, p, &c);
}

/*
 * A session leader S exits and is reaped while its child M keeps the
 * session: S's number stays taken. The cursor is put just below it and
 * a fork shows whether it is handed out.
 */
static int act_hold(struct gen *g)
{
	int p = pick(g, is_plain_forker, 0), s, m, c, rc, nr;
	unsigned int level;

	if (p < 0)
		return 0;
	rc = do_fork(g, p, &s);
	if (rc || s < 0)
		return rc;
	level = g->ns[g->l[p].ns].level;
	nr = g->l[s].nspid.nr[level];
	if (rng_chance(&g->rng, 70))
		rc = do_simple(g, OP_SETSID, s, -1);
	else
		rc = do_simple(g, OP_SETPGID, s, s);
	if (!rc)
		rc = do_fork(g, s, &m);
	if (!rc)
		rc = do_simple(g, OP_EXIT, s, -1);
	if (!rc)
		rc = do_simple(g, OP_WAIT, p, s);
	if (!rc)
		rc = do_sysctl(g, OP_NS_LAST_PID, p, nr - 1);
	if (!rc)
		rc = do_fork(g, p, &c);
	return rc;
}

/* Chaos: dead labels as actors and targets, self-targets, odd values. */
static int act_odd(struct gen *g)
{
	int p = pick_any(g, is_created), t = pick_any(g, is_created), c;

	if (p < 0 || t < 0)
		return 0;
	switch (rng_below(&g->rng, 8)) {
	case 0:
		return do_simple(g, OP_KILL, p, p);
	case 1:
		return do_simple(g, OP_WAIT, p, p);
	case 2:
		return do_setns(g, p, t, true);
	case 3:
		return do_simple(g, OP_SETPGID, p, group_move_safe(g, p, t) ? t : p);
	case 4:
		return do_sysctl(g, OP_NS_LAST_PID, p, rng_between(&g->rng, -5, 5));
	case 5:
		return do_clone(g, p, "o", STMT_NEWPID | STMT_THREAD, NULL, 0, &c);
	case 6:
		/* a label whose fork failed, if any */
		for (c = 0; c < g->nl; c++)
			if (g->l[c].failed)
				return do_simple(g, OP_KILL, p, c);
		return do_simple(g, OP_EXIT, p, -1);
	default:
		return do_expect(g, t);
	}
}

/* ---- version 1.1 statements ---------------------------------------------- */

static bool is_leading(struct gen *g, int id, int arg)
{
	return g->l[id].leads && state_of(g, id) != PS_REAPED && sees(g, arg, id);
}

/* A running thread (other than the leader) of the group led by arg. */
static bool is_thread_of(struct gen *g, int id, int arg)
{
	return g->l[id].thread && g->l[id].leader == arg && running(g, id);
}

/* Running, in a namespace below the trace root: inside a container. */
static bool is_contained(struct gen *g, int id, int arg)
{
	(void)arg;
	return running(g, id) && g->ns[g->l[id].ns].level > 0;
}

/* A thread of p's group (p itself when it has none), to act for p. */
static int some_thread(struct gen *g, int p)
{
	int t = pick(g, is_thread_of, g->l[p].leader);

	return t < 0 || rng_chance(&g->rng, 50) ? p : t;
}

static const int signals[] = {
	TRACE_SIGKILL, TRACE_SIGTERM, TRACE_SIGINT, TRACE_SIGHUP,
	TRACE_SIGQUIT, TRACE_SIGUSR1, TRACE_SIGUSR2, TRACE_SIGALRM,
};

/* A signal: KILL one time in `kill_in`, else one of the others. */
static int some_signal(struct gen *g, unsigned int kill_in)
{
	if (rng_below(&g->rng, kill_in) == 0)
		return TRACE_SIGKILL;
	return signals[1 + rng_below(&g->rng, sizeof(signals) / sizeof(signals[0]) - 1)];
}

static void st_signal(struct gen *g, int sig)
{
	g->st.sig = sig;
	g->st.flags |= STMT_SIG;
	st_word(g, trace_signal_name(sig));
}

static int do_wait_any(struct gen *g, int p, int *reaped)
{
	struct result res;
	int rc;

	st_begin(g, OP_WAIT, p);
	g->st.flags |= STMT_ANY;
	st_word(g, "any");
	rc = emit(g, &res);
	if (reaped)
		*reaped = !rc && res.kind == OC_LABEL ? res.label : -1;
	return rc;
}

static int do_sigchld(struct gen *g, int p, bool ignore)
{
	st_begin(g, OP_SIGCHLD, p);
	if (ignore)
		g->st.flags |= STMT_IGNORE;
	st_word(g, ignore ? "ignore" : "default");
	return emit(g, NULL);
}

/* `setpgid P C G` (c >= 0) or `setpgid P G`; t is G. */
static int do_setpgid(struct gen *g, int p, int c, int t)
{
	st_begin(g, OP_SETPGID, p);
	if (c >= 0) {
		g->st.flags |= STMT_WHO;
		g->st.label[2] = c;
		line_add(g, " %s", g->l[c].name);
	}
	st_label(g, t);
	return emit(g, NULL);
}

static int do_exit_thread(struct gen *g, int p)
{
	st_begin(g, OP_EXIT, p);
	g->st.flags |= STMT_EXIT_THREAD;
	st_word(g, "thread");
	return emit(g, NULL);
}

/* `kill P T SIG`, `kill P -G [SIG]` (STMT_PGRP), `kill P all [SIG]` (STMT_ALL);
 * sig 0 writes no signal. */
static int do_kill(struct gen *g, int p, int t, unsigned int how, int sig)
{
	st_begin(g, OP_KILL, p);
	g->st.flags |= how;
	if (how & STMT_ALL) {
		st_word(g, "all");
	} else {
		g->st.label[1] = t;
		line_add(g, how & STMT_PGRP ? " -%s" : " %s", g->l[t].name);
	}
	if (sig)
		st_signal(g, sig);
	return emit(g, NULL);
}

/*
 * `show P KEY ...`: 1 to 4 keys, readable or not; with --results, the
 * pairs the runner would print (an unreadable key shows its errno, by the
 * rules of docs/semantics.md, "expect on processes that are not running").
 */
static int do_show(struct gen *g, int p)
{
	static const enum expect_key keys[] = {
		EK_NSPID, EK_STATE, EK_PARENT, EK_PPID, EK_PGID, EK_SID,
		EK_LAST_PID, EK_PID_MAX, EK_PID_AT,
	};
	enum proc_state ps = state_of(g, p);
	unsigned int n = 1 + rng_below(&g->rng, 4), i;
	char text[LINE_MAX_GEN], nb[NSPID_MAX * 12];
	size_t o = 0;
	int q;

	st_begin(g, OP_SHOW, p);
	text[0] = '\0';
	for (i = 0; i < n; i++) {
		enum expect_key key = keys[rng_below(&g->rng, sizeof(keys) / sizeof(keys[0]))];
		struct expect_pair *pair = &g->st.pairs[g->st.npairs];
		struct observation obs;
		bool unreadable;
		int err = 0;

		q = 0;
		if (key == EK_PID_AT && (q = pick_any(g, is_created)) < 0)
			continue;
		pair->key = key;
		pair->label = q;
		g->st.npairs++;
		if (key == EK_PID_AT)
			line_add(g, " pid@%s", g->l[q].name);
		else
			line_add(g, " %s", expect_key_name(key));

		unreadable = key != EK_STATE &&
			     (ps == PS_REAPED ||
			      (ps != PS_RUNNING && key != EK_NSPID &&
			       key != EK_PARENT && key != EK_PID_AT));
		memset(&obs, 0, sizeof(obs));
		obs.label = LABEL_NONE;
		if (key == EK_STATE)
			obs.state = ps;
		else if (unreadable || (key == EK_PID_AT && state_of(g, q) == PS_REAPED))
			err = ESRCH;
		else if (g->e->ops->observe(g->e, p, pair, &obs) < 0)
			return -EPROTO;
		else
			err = obs.err;
		if (o && o + 1 < sizeof(text))
			text[o++] = ' ';
		if (key == EK_PID_AT)
			o += (size_t)snprintf(text + o, sizeof(text) - o, "pid@%s=",
					      g->l[q].name);
		else
			o += (size_t)snprintf(text + o, sizeof(text) - o, "%s=",
					      expect_key_name(key));
		if (o >= sizeof(text))
			return -EPROTO;
		if (err)
			snprintf(nb, sizeof(nb), "%s", errno_name(err) ? errno_name(err) : "E?");
		else if (key == EK_NSPID)
			nspid_format(nb, sizeof(nb), &obs.nspid);
		else if (key == EK_STATE)
			snprintf(nb, sizeof(nb), "%s", proc_state_name(obs.state));
		else if (key == EK_PARENT)
			snprintf(nb, sizeof(nb), "%s", obs.label == LABEL_NONE ? "-" :
				 g->l[obs.label].name);
		else
			snprintf(nb, sizeof(nb), "%d", obs.value);
		o += (size_t)snprintf(text + o, sizeof(text) - o, "%s", nb);
		if (o >= sizeof(text))
			return -EPROTO;
	}
	if (!g->st.npairs) {
		g->st.pairs[g->st.npairs++].key = EK_STATE;
		st_word(g, "state");
		snprintf(text, sizeof(text), "state=%s", proc_state_name(ps));
	}
	if (g->o->results)
		line_add(g, " => %s", text);
	return emit(g, NULL);
}

/* Mostly the parent of a zombie (or one of its threads); else anyone. */
static int act_wait_any(struct gen *g)
{
	int z = pick(g, is_zombie, 0), p = -1;

	if (z >= 0 && rng_chance(&g->rng, 75)) {
		p = parent_of(g, z);
		if (p >= 0 && !running(g, p))
			p = -1;
	}
	if (p < 0)
		p = pick(g, is_running, 0);
	return p < 0 ? 0 : do_wait_any(g, some_thread(g, p), NULL);
}

static int act_sigchld(struct gen *g)
{
	int p = pick(g, is_running, 0);

	return p < 0 ? 0 : do_sigchld(g, p, rng_chance(&g->rng, 60));
}

/* setpgid P C G: P moves itself, a thread, or a child into a group. */
static int act_setpgid_who(struct gen *g)
{
	int p = pick(g, is_running, 0), c, t;

	if (p < 0)
		return 0;
	switch (rng_below(&g->rng, 8)) {
	case 0: case 1:
		c = p;
		break;
	case 2:
		c = pick(g, is_thread_of, g->l[p].leader);	/* EINVAL */
		break;
	case 3:
		c = pick(g, is_visible_from, p);		/* ESRCH mostly */
		break;
	default:
		c = pick(g, is_child_of, p);
		break;
	}
	if (c < 0)
		c = p;
	switch (rng_below(&g->rng, 5)) {
	case 0:
		t = c;
		break;
	case 1:
		t = g->l[p].leader;
		break;
	case 2:
		t = pick(g, is_child_of, p);
		break;
	case 3:
		t = pick(g, is_leading, p);
		break;
	default:
		t = pick(g, is_visible_from, p);
		break;
	}
	if (t < 0 || !group_move_safe(g, c, t))
		t = c;
	if (!group_move_safe(g, c, t))
		t = g->l[c].leader;
	return do_setpgid(g, p, c, t);
}

/* exec, from a thread more often than not where there are threads. */
static int act_exec(struct gen *g)
{
	int p = rng_chance(&g->rng, 60) ? pick(g, is_thread, 0) : -1;

	if (p < 0)
		p = pick(g, is_running, 0);
	return p < 0 ? 0 : do_simple(g, OP_EXEC, p, -1);
}

/* exit P thread, mostly of a leader that has threads. */
static int act_exit_thread(struct gen *g)
{
	int t = pick(g, is_thread, 0), p = -1;

	if (t >= 0 && rng_chance(&g->rng, 75) && running(g, g->l[t].leader))
		p = g->l[t].leader;
	if (p < 0)
		p = rng_chance(&g->rng, 50) ? t : pick(g, is_plain_running, 0);
	return p < 0 || ends_root(g, p) ? 0 : do_exit_thread(g, p);
}

static int act_kill_sig(struct gen *g)
{
	int p = pick(g, is_running, 0), t;

	if (p < 0)
		return 0;
	t = rng_chance(&g->rng, 15) ? pick(g, is_init, 0) : -1;
	if (t < 0 || !sees(g, p, t))
		t = pick(g, is_visible_from, p);
	if (t < 0 || (g->chaos && rng_chance(&g->rng, 15)))
		t = pick_any(g, is_created);
	return t < 0 ? 0 : do_kill(g, p, t, 0, some_signal(g, 5));
}

/* kill P -G: mostly a group that exists, seen from P. */
static int act_kill_pgrp(struct gen *g)
{
	int p = g->o->mix == GEN_CONTAINERS && rng_chance(&g->rng, 60) ?
		pick(g, is_contained, 0) : -1, t;

	if (p < 0)
		p = pick(g, is_running, 0);
	if (p < 0)
		return 0;
	t = rng_chance(&g->rng, 75) ? pick(g, is_leading, p) : -1;
	if (t < 0)
		t = pick(g, is_visible_from, p);
	if (t < 0 || (g->chaos && rng_chance(&g->rng, 15)))
		t = pick_any(g, is_created);
	if (t < 0)
		return 0;
	return do_kill(g, p, t, STMT_PGRP,
		       rng_chance(&g->rng, 40) ? 0 : some_signal(g, 4));
}

/* kill P all: mostly from inside a container (outside of containers the
 * whole trace goes but init and P's group). */
static int act_kill_all(struct gen *g)
{
	int p = rng_chance(&g->rng, g->chaos ? 60 : 90) ? pick(g, is_contained, 0) : -1;

	if (p < 0 && (g->chaos || rng_chance(&g->rng, 20)))
		p = pick(g, is_running, 0);
	if (p < 0)
		return 0;
	return do_kill(g, p, -1, STMT_ALL,
		       rng_chance(&g->rng, 40) ? 0 : some_signal(g, 3));
}

static int act_show(struct gen *g)
{
	int p = rng_chance(&g->rng, 75) ? pick(g, is_running, 0) : pick_any(g, is_created);

	return p < 0 ? 0 : do_show(g, p);
}

/*
 * make -j: a shell forks jobs, puts them into a job's group, some exit or
 * the job is signalled, and the shell reaps with `wait any` until nothing
 * is left to reap (sometimes with SIGCHLD ignored: the kernel reaps).
 */
static int act_jobs(struct gen *g)
{
	int sh = pick(g, is_plain_forker, 0), job[5], n = rng_between(&g->rng, 2, 5);
	int i, k, rc = 0, r;

	if (sh < 0)
		return 0;
	if (rng_chance(&g->rng, 20))
		rc = do_sigchld(g, sh, true);
	for (i = 0; i < n && !rc; i++) {
		rc = do_clone(g, sh, "j", 0, NULL, 0, &job[i]);
		if (!rc && job[i] < 0)
			n = i;
	}
	if (rc || n == 0)
		return rc;
	if (rng_chance(&g->rng, 60)) {
		rc = do_setpgid(g, sh, job[0], job[0]);
		for (i = 1; i < n && !rc; i++)
			if (rng_chance(&g->rng, 70))
				rc = do_setpgid(g, sh, job[i], job[0]);
	}
	for (i = 0; i < n && !rc; i++)
		if (rng_chance(&g->rng, 50))
			rc = do_simple(g, OP_EXIT, job[i], -1);
	if (!rc && rng_chance(&g->rng, 30))
		rc = do_kill(g, sh, job[0], STMT_PGRP, some_signal(g, 3));
	for (k = 0; k < n + 1 && !rc; k++) {
		rc = do_wait_any(g, sh, &r);
		if (r < 0)
			break;
	}
	if (!rc && rng_chance(&g->rng, 30))
		rc = do_sigchld(g, sh, false);
	return rc;
}

/*
 * A container powers off: its init (or one of its processes) kills all
 * it can see, or its group is signalled from outside; the init reaps
 * with `wait any`, then exits and is reaped by its parent.
 */
static int act_poweroff(struct gen *g)
{
	int p = pick(g, is_nester, 0), c, x = -1, y, i, n, rc, r;

	if (p < 0)
		return 0;
	rc = do_clone(g, p, "c", STMT_NEWPID, NULL, 0, &c);
	if (rc || c < 0)
		return rc;
	if (rng_chance(&g->rng, 50))
		rc = do_setpgid(g, c, -1, c);	/* the init's own group */
	n = rng_between(&g->rng, 1, 3);
	for (i = 0; i < n && !rc; i++) {
		rc = do_fork(g, rng_chance(&g->rng, 70) || x < 0 ? c : x, &y);
		if (!rc && y >= 0)
			x = y;
	}
	if (rc || x < 0)
		return rc;
	switch (rng_below(&g->rng, 4)) {
	case 0:
		rc = do_kill(g, c, -1, STMT_ALL, rng_chance(&g->rng, 50) ? 0 : TRACE_SIGTERM);
		break;
	case 1:
		rc = do_kill(g, x, -1, STMT_ALL, some_signal(g, 2));
		break;
	case 2:
		rc = do_kill(g, p, c, STMT_PGRP, some_signal(g, 2));
		break;
	default:
		rc = do_kill(g, x, c, STMT_PGRP, some_signal(g, 2));
		break;
	}
	for (i = 0; i < n && !rc; i++) {
		rc = do_wait_any(g, c, &r);
		if (r < 0)
			break;
	}
	if (!rc && rng_chance(&g->rng, 70))
		rc = do_simple(g, OP_EXIT, c, -1);
	if (!rc)
		rc = do_wait_any(g, p, NULL);
	return rc;
}

/*
 * de_thread: a process makes threads, a thread forks, then the leader
 * exits alone and a thread execs (taking over the leader's pid and its
 * children), or the threads exit one by one until the zombie leader goes.
 */
static int act_dethread(struct gen *g)
{
	int p = pick(g, is_plain_forker, 0), t[2], k, rc, i, how;

	if (p < 0)
		return 0;
	for (i = 0; i < 2; i++) {
		rc = do_clone(g, p, "t", STMT_THREAD, NULL, 0, &t[i]);
		if (rc || t[i] < 0)
			return rc;
	}
	rc = do_fork(g, t[0], &k);
	if (!rc && rng_chance(&g->rng, 70))
		rc = do_exit_thread(g, p);
	how = rc ? -1 : (int)rng_below(&g->rng, 3);
	if (how == 1 && ends_root(g, p))
		how = 2;	/* the root init's last threads do not exit */
	switch (how) {
	case 0:
		rc = do_simple(g, OP_EXEC, t[rng_below(&g->rng, 2)], -1);
		break;
	case 1:
		rc = do_simple(g, OP_EXIT, t[0], -1);
		if (!rc)
			rc = do_exit_thread(g, t[1]);
		break;
	case 2:
		rc = do_wait_any(g, t[1], NULL);
		break;
	default:
		break;
	}
	if (!rc && rng_chance(&g->rng, 50))
		rc = rng_chance(&g->rng, 50) ? do_show(g, p) : do_expect(g, p);
	if (!rc && k >= 0 && rng_chance(&g->rng, 50))
		rc = do_show(g, k);
	return rc;
}

static int (*const actions[A__COUNT])(struct gen *) = {
	[A_FORK] = act_fork, [A_BURST] = act_burst, [A_NEWPID] = act_newpid,
	[A_THREAD] = act_thread, [A_CLONE_PARENT] = act_clone_parent,
	[A_SET_TID] = act_set_tid, [A_UNSHARE] = act_unshare,
	[A_SETNS] = act_setns, [A_EXIT] = act_exit, [A_KILL] = act_kill,
	[A_WAIT] = act_wait, [A_SETSID] = act_setsid,
	[A_SETPGID] = act_setpgid, [A_SUBREAPER] = act_subreaper,
	[A_LAST_PID] = act_last_pid, [A_PID_MAX] = act_pid_max,
	[A_EXPECT] = act_expect, [A_CHAIN] = act_chain,
	[A_CONTAINER] = act_container, [A_WRAP] = act_wrap,
	[A_EXHAUST] = act_exhaust, [A_NEST] = act_nest, [A_REUSE] = act_reuse,
	[A_HOLD] = act_hold, [A_ODD] = act_odd,
	[A_WAIT_ANY] = act_wait_any, [A_SIGCHLD] = act_sigchld,
	[A_SETPGID_WHO] = act_setpgid_who, [A_EXEC] = act_exec,
	[A_EXIT_THREAD] = act_exit_thread, [A_KILL_SIG] = act_kill_sig,
	[A_KILL_PGRP] = act_kill_pgrp, [A_KILL_ALL] = act_kill_all,
	[A_SHOW] = act_show, [A_JOBS] = act_jobs, [A_POWEROFF] = act_poweroff,
	[A_DETHREAD] = act_dethread,
};

/* Actions that add processes; refused while the population is at its cap. */
static bool grows(enum action a)
{
	switch (a) {
	case A_FORK: case A_BURST: case A_NEWPID: case A_THREAD:
	case A_CLONE_PARENT: case A_SET_TID: case A_CHAIN: case A_CONTAINER:
	case A_WRAP: case A_EXHAUST: case A_NEST: case A_REUSE: case A_HOLD:
	case A_JOBS: case A_POWEROFF: case A_DETHREAD:
		return true;
	default:
		return false;
	}
}

static enum action draw(struct gen *g)
{
	const unsigned char *w = weights[g->o->mix];
	unsigned int total = 0, r, a, pop = population(g);
	/* the scenarios make up to 6 processes besides what room bounds */
	bool full = pop + SCENARIO_PROCS > g->o->max_procs;

	g->room = full ? 0 : g->o->max_procs - pop - SCENARIO_PROCS;

	for (a = 0; a < A__COUNT; a++)
		if (!full || !grows((enum action)a))
			total += w[a];
	r = rng_below(&g->rng, total);
	for (a = 0; a < A__COUNT; a++) {
		if (full && grows((enum action)a))
			continue;
		if (r < w[a])
			break;
		r -= w[a];
	}
	return (enum action)a;
}

/* ---- the API ------------------------------------------------------------- */

void gen_opts_init(struct gen_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->statements = 100;
	o->depth = GEN_DEPTH_DEFAULT;
	o->mix = GEN_CONTAINERS;
	o->base_level = GEN_BASE_DEFAULT;
	o->max_procs = GEN_PROCS_DEFAULT;
}

int gen_mix_parse(const char *name, enum gen_mix *out)
{
	for (int i = 0; i < GEN__MIXES; i++) {
		if (!strcmp(name, mix_names[i])) {
			*out = (enum gen_mix)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *gen_mix_name(enum gen_mix p)
{
	return (unsigned int)p < GEN__MIXES ? mix_names[p] : "?";
}

int gen_set_option(struct gen_opts *o, int code, const char *arg, char *why,
		   size_t len)
{
	static const struct {
		int code;
		const char *name;
		uint64_t lo, hi;
		const char *range;
	} nums[] = {
		{ GEN_OPT_SEED, "seed", 0, UINT64_MAX, "0 to 2^64-1" },
		{ GEN_OPT_STATEMENTS, "statements", 1, GEN_STATEMENTS_MAX, "1 to 100000" },
		{ GEN_OPT_DEPTH, "depth", 0, GEN_DEPTH_MAX, "0 to 32" },
		{ GEN_OPT_BASE_LEVEL, "base-level", 0, GEN_DEPTH_MAX, "0 to 32" },
		{ GEN_OPT_MAX_PROCS, "max-procs", 1, GEN_PROCS_MAX, "1 to 2000" },
	};
	uint64_t v;

	if (code == GEN_OPT_MIX) {
		if (!gen_mix_parse(arg, &o->mix))
			return 0;
		snprintf(why, len, "unknown mix '%s' (build, containers, threads, chaos)",
			 arg);
		return -EINVAL;
	}
	if (code == GEN_OPT_KERNEL) {
		o->kernel = arg;
		return 0;
	}
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (nums[i].code != code)
			continue;
		if (!parse_u64(arg, nums[i].lo, nums[i].hi, &v)) {
			snprintf(why, len, "--%s takes a number from %s, not '%s'",
				 nums[i].name, nums[i].range, arg);
			return -EINVAL;
		}
		switch (code) {
		case GEN_OPT_SEED:
			o->seed = v;
			break;
		case GEN_OPT_STATEMENTS:
			o->statements = (unsigned int)v;
			break;
		case GEN_OPT_DEPTH:
			o->depth = (unsigned int)v;
			break;
		case GEN_OPT_BASE_LEVEL:
			o->base_level = (unsigned int)v;
			break;
		default:
			o->max_procs = (unsigned int)v;
			break;
		}
		return 0;
	}
	return 1;
}

static void gen_free(struct gen *g)
{
	if (g->e)
		g->e->ops->destroy(g->e);
	if (g->out)
		fclose(g->out);
	free(g->l);
	free(g->names);
	free(g->ns);
	free(g->live);
	free(g->cand);
	free(g);
}

int gen_trace(const struct gen_opts *o, FILE *out)
{
	struct trace_info info = { .file = "gen" };
	unsigned int idle = 0;
	char *body = NULL;
	size_t body_len = 0;
	struct gen *g;
	int rc;

	if (o->statements > GEN_STATEMENTS_MAX || o->depth > GEN_DEPTH_MAX ||
	    o->base_level > GEN_DEPTH_MAX || o->max_procs > GEN_PROCS_MAX ||
	    o->max_procs < 1 || (unsigned int)o->mix >= GEN__MIXES)
		return -EINVAL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->o = o;
	/* the body first: its version statement depends on what it holds */
	g->out = open_memstream(&body, &body_len);
	g->chaos = o->mix == GEN_CHAOS;
	g->left = o->statements;
	g->lcap = (int)o->statements + 1;	/* one label per statement at most */
	g->nscap = 16;
	g->l = calloc((size_t)g->lcap, sizeof(*g->l));
	g->names = calloc((size_t)g->lcap, sizeof(*g->names));
	g->live = calloc((size_t)g->lcap, sizeof(*g->live));
	g->cand = calloc((size_t)g->lcap, sizeof(*g->cand));
	g->ns = calloc((size_t)g->nscap, sizeof(*g->ns));
	rc = -ENOMEM;
	if (!g->out || !g->l || !g->names || !g->live || !g->cand || !g->ns)
		goto out;
	rc = engine_model_new(o->kernel, o->base_level, &g->e);
	if (rc == -ENOENT || rc == -ERANGE)
		rc = -EINVAL;	/* an unknown kernel profile, a base level too deep */
	if (rc)
		goto out;
	rng_seed(&g->rng, o->seed);

	/* init: label 0, pid 1 of the trace root */
	snprintf(g->l[0].name, sizeof(g->l[0].name), "init");
	g->names[0] = g->l[0].name;
	g->l[0].nspid.n = 1;
	g->l[0].nspid.nr[0] = 1;
	g->nl = 1;
	g->live[g->nlive++] = 0;
	add_ns(g, -1, 0);
	info.nlabels = g->lcap;
	info.label_names = g->names;
	rc = g->e->ops->begin(g->e, &info);
	if (rc)
		goto out;

	while (g->left) {
		unsigned int before = g->left;

		rc = actions[draw(g)](g);
		/* out of statements mid-scenario, or the next statement would
		 * oops the modelled kernel (it is not written): the trace ends */
		if (rc == -ENOSPC || rc == -ENOTRECOVERABLE)
			break;
		if (rc)
			goto out;
		/* nothing could act (everyone is dead): let init fork */
		idle = g->left == before ? idle + 1 : 0;
		if (idle > 50) {
			int p = running(g, g->ns[0].init) ? g->ns[0].init :
				pick(g, is_running, 0), c;

			if (p < 0)
				break;	/* no process is left at all */
			rc = do_fork(g, p, &c);
			if (rc == -ENOSPC)
				break;
			if (rc)
				goto out;
			if (idle > 1000)
				break;	/* nothing writes anything any more */
		}
	}
	rc = -ENOMEM;
	if (fflush(g->out) || ferror(g->out))
		goto out;
	rc = -EIO;
	/* version 1.1 only when a 1.1 statement was written */
	fprintf(out, "pidsim %s\n# pidsim gen --seed %" PRIu64 " --statements %u"
		" --mix %s --depth %u --base-level %u --max-procs %u%s%s%s\n",
		g->v11 ? "1.1" : "1", o->seed, o->statements, gen_mix_name(o->mix),
		o->depth, o->base_level, o->max_procs, o->kernel ? " --kernel " : "",
		o->kernel ? o->kernel : "", o->results ? " --results" : "");
	if (body_len && fwrite(body, 1, body_len, out) != body_len)
		goto out;
	rc = 0;
	if (fflush(out) || ferror(out))
		rc = -EIO;
out:
	gen_free(g);
	free(body);
	return rc;
}
