/*
 * workload.c - the workload generators (workload.h).
 *
 * A workload is a few long-lived processes (make, containerd, a server)
 * and many units of work that run concurrently: a compile job, a
 * container's life, a request. Each unit in flight is a script in a slot;
 * the generator emits one statement at a time from a slot chosen at
 * random, so units interleave as they do on a real machine, and starts a
 * new unit in a slot whose script ended while the budget of statements
 * lasts. A script only ever names its own processes and the long-lived
 * ones, so any interleaving is a valid trace.
 *
 * Invariants: every label is used once (the serial number in its name);
 * a script is complete in itself (whatever it forks it also exits and
 * waits for, or leaves to a kill of its namespace); fewer than
 * GEN_LABEL_CAP labels in one trace (the parser's limit is 2^20).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "bench/workload.h"

#define GEN_SLOTS_MAX		32
#define GEN_LABEL_CAP		1040000UL	/* below TRACE_LABELS_MAX (2^20) */
#define GEN_SCRIPT_LABELS_MAX	40		/* the most one script can add */

#define BUILD_JOBS		16	/* make -j16 */
#define CONTAINERS_IN_FLIGHT	6
#define SERVER_THREADS		16
#define SERVER_REQUESTS		8

struct slot {
	char *buf;		/* the script: statements, one per line */
	size_t len, cap;
	size_t pos;		/* the next statement to emit */
	unsigned long left;	/* statements not yet emitted */
	bool active;
};

struct gen {
	enum workload w;
	FILE *out;
	struct rng rng;
	unsigned long target;
	unsigned long written;	/* statements emitted */
	unsigned long pending;	/* scripted, not yet emitted */
	unsigned long labels;
	unsigned long serial;	/* the unique part of every new label */
	int err;
	struct slot slot[GEN_SLOTS_MAX];
	int nslots;
	/* server: the thread pool (serials of live non-leader threads) */
	unsigned long *pool;
	int npool;
};

static const char *const names[WL__COUNT] = {
	[WL_BUILD] = "build",
	[WL_CONTAINERS] = "containers",
	[WL_SERVER] = "server",
};

static const char *const summaries[WL__COUNT] = {
	[WL_BUILD] = "make -j16: per job a shell, the gcc driver, cc1 and as, each exited and reaped; 1 in 16 jobs a link step",
	[WL_CONTAINERS] = "6 containers in flight: shim, clone(CLONE_NEWPID) init, apps, `exec` sessions by setns, nested sandboxes 2-3 levels deep, then SIGKILL of the init",
	[WL_SERVER] = "a session-leader server with 16 threads: thread exit/clone churn, short-lived workers (with state checks), process-group changes",
};

const char *workload_name(enum workload w)
{
	return w < WL__COUNT ? names[w] : "?";
}

const char *workload_summary(enum workload w)
{
	return w < WL__COUNT ? summaries[w] : "?";
}

int workload_by_name(const char *name)
{
	int i;

	for (i = 0; i < WL__COUNT; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* Append one statement to a slot's script. */
static void say(struct gen *g, struct slot *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct gen *g, struct slot *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (g->err)
		return;
	if (s->cap - s->len < 256) {
		size_t cap = s->cap ? 2 * s->cap : 4096;
		char *b = realloc(s->buf, cap);

		if (!b) {
			g->err = -ENOMEM;
			return;
		}
		s->buf = b;
		s->cap = cap;
	}
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, s->cap - s->len - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= s->cap - s->len - 1) {
		g->err = -EOVERFLOW;
		return;
	}
	s->len += (size_t)n;
	s->buf[s->len++] = '\n';
	s->left++;
	g->pending++;
}

/* Write statements straight to the trace (the prologue); count of them. */
static void direct(struct gen *g, unsigned long count, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void direct(struct gen *g, unsigned long count, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(g->out, fmt, ap);
	va_end(ap);
	fputc('\n', g->out);
	g->written += count;
}

static unsigned long new_serial(struct gen *g)
{
	return ++g->serial;
}

/* -- build: make -j forking shells, compilers, assemblers ------------- */

static void build_prologue(struct gen *g)
{
	direct(g, 0, "# make -j%d: compile jobs, each a shell running the gcc driver", BUILD_JOBS);
	direct(g, 1, "fork init make => 2");
}

static void build_job(struct gen *g, struct slot *s)
{
	unsigned long j = new_serial(g);

	say(g, s, "fork make sh%lu", j);
	if (rng_below(&g->rng, 16) == 0) {	/* a link step */
		say(g, s, "fork sh%lu ld%lu", j, j);
		say(g, s, "exit ld%lu", j);
		say(g, s, "wait sh%lu ld%lu => ok", j, j);
		g->labels += 2;
	} else {
		say(g, s, "fork sh%lu cc%lu", j, j);
		say(g, s, "fork cc%lu cc1_%lu", j, j);
		say(g, s, "exit cc1_%lu", j);
		say(g, s, "wait cc%lu cc1_%lu", j, j);
		say(g, s, "fork cc%lu as%lu", j, j);
		say(g, s, "exit as%lu", j);
		say(g, s, "wait cc%lu as%lu", j, j);
		say(g, s, "exit cc%lu", j);
		say(g, s, "wait sh%lu cc%lu", j, j);
		g->labels += 4;
	}
	say(g, s, "exit sh%lu", j);
	say(g, s, "wait make sh%lu => ok", j);
}

/* -- containers: runtimes, nested namespaces, exec, kill --------------- */

static void containers_prologue(struct gen *g)
{
	direct(g, 0, "# container churn: %d containers in flight under one runtime",
	       CONTAINERS_IN_FLIGHT);
	direct(g, 1, "fork init containerd => 2");
}

static void container_life(struct gen *g, struct slot *s)
{
	unsigned long k = new_serial(g), apps[4], napps = 0, j;
	int events = 4 + (int)rng_below(&g->rng, 8), e;
	bool nested = false;

	say(g, s, "fork containerd shim%lu", k);
	say(g, s, "clone shim%lu c%lu newpid => */1", k, k);
	g->labels += 2;
	for (e = 0; e < events; e++) {
		unsigned int what = (unsigned int)rng_below(&g->rng, 8);

		if (what < 3 && napps < 4) {		/* an app starts */
			j = new_serial(g);
			say(g, s, "fork c%lu a%lu", k, j);
			apps[napps++] = j;
			g->labels++;
		} else if (what < 5 && napps > 0) {	/* the oldest app ends */
			j = apps[0];
			memmove(apps, apps + 1, --napps * sizeof(apps[0]));
			say(g, s, "exit a%lu", j);
			say(g, s, "wait c%lu a%lu => ok", k, j);
		} else if (what < 7) {			/* docker exec */
			j = new_serial(g);
			say(g, s, "fork shim%lu x%lu", k, j);
			say(g, s, "setns x%lu c%lu", j, k);
			say(g, s, "fork x%lu xs%lu => */*", j, j);
			say(g, s, "exit xs%lu", j);
			say(g, s, "wait x%lu xs%lu => ok", j, j);
			say(g, s, "exit x%lu", j);
			say(g, s, "wait shim%lu x%lu => ok", k, j);
			g->labels += 2;
		} else if (!nested) {			/* a sandbox inside */
			nested = true;
			say(g, s, "clone c%lu n%lu newpid => */*/1", k, k);
			say(g, s, "fork n%lu nw%lu", k, k);
			g->labels += 2;
			if (rng_below(&g->rng, 3) == 0) {
				say(g, s, "clone n%lu nn%lu newpid => */*/*/1", k, k);
				say(g, s, "fork nn%lu nnw%lu", k, k);
				g->labels += 2;
			}
		}
	}
	/* SIGKILL to the init takes the namespace and the ones below down */
	say(g, s, "kill shim%lu c%lu", k, k);
	say(g, s, "wait shim%lu c%lu => ok", k, k);
	say(g, s, "exit shim%lu", k);
	say(g, s, "wait containerd shim%lu => ok", k);
}

/* -- server: a thread pool with churn, workers, process groups --------- */

static void server_prologue(struct gen *g)
{
	int i;

	direct(g, 0, "# a long-running server: %d threads, workers, log rotation",
	       SERVER_THREADS);
	direct(g, 1, "fork init server => 2");
	direct(g, 1, "setsid server");
	direct(g, SERVER_THREADS, "clone server t{1..%d} thread", SERVER_THREADS);
	for (i = 0; i < SERVER_THREADS; i++)
		g->pool[g->npool++] = new_serial(g);
	g->labels += 1 + SERVER_THREADS;
}

/*
 * Slot 0 only: one thread exits, a new one is cloned by the leader or by
 * another thread. Only this slot touches the pool, one script at a time,
 * so every thread it names is alive when its statement runs.
 */
static void server_churn(struct gen *g, struct slot *s)
{
	int i = (int)rng_below(&g->rng, (unsigned int)g->npool);
	unsigned long gone = g->pool[i], t = new_serial(g);
	int p = (int)rng_below(&g->rng, (unsigned int)g->npool + 1);

	say(g, s, "exit t%lu", gone);
	if (p == i || p == g->npool)
		say(g, s, "clone server t%lu thread", t);
	else
		say(g, s, "clone t%lu t%lu thread", g->pool[p], t);
	g->pool[i] = t;
	g->labels++;
}

static void server_request(struct gen *g, struct slot *s)
{
	unsigned int what = (unsigned int)rng_below(&g->rng, 8);
	unsigned long j;

	if (what < 6) {				/* a worker */
		j = new_serial(g);
		say(g, s, "fork server w%lu", j);
		say(g, s, "expect w%lu state=running", j);
		say(g, s, "exit w%lu", j);
		say(g, s, "expect w%lu state=zombie", j);
		say(g, s, "wait server w%lu => ok", j);
		g->labels++;
	} else if (what == 6) {			/* log rotation, own group */
		j = new_serial(g);
		say(g, s, "fork server lr%lu", j);
		say(g, s, "setpgid lr%lu lr%lu", j, j);
		say(g, s, "exit lr%lu", j);
		say(g, s, "wait server lr%lu => ok", j);
		g->labels++;
	} else {				/* a health check */
		say(g, s, "expect server state=running");
	}
}

/* -- the driver -------------------------------------------------------- */

static bool budget_left(const struct gen *g)
{
	return g->written + g->pending < g->target &&
	       g->labels + GEN_SCRIPT_LABELS_MAX < GEN_LABEL_CAP;
}

static void start_script(struct gen *g, int i)
{
	struct slot *s = &g->slot[i];

	s->len = s->pos = 0;
	s->left = 0;
	s->active = budget_left(g);
	if (!s->active)
		return;
	switch (g->w) {
	case WL_BUILD:
		build_job(g, s);
		break;
	case WL_CONTAINERS:
		container_life(g, s);
		break;
	case WL_SERVER:
		if (i == 0)
			server_churn(g, s);
		else
			server_request(g, s);
		break;
	case WL__COUNT:
		break;
	}
}

static void emit_one(struct gen *g, int i)
{
	struct slot *s = &g->slot[i];
	char *nl = memchr(s->buf + s->pos, '\n', s->len - s->pos);
	size_t n = (size_t)(nl - (s->buf + s->pos)) + 1;

	fwrite(s->buf + s->pos, 1, n, g->out);
	s->pos += n;
	s->left--;
	g->pending--;
	g->written++;
	if (!s->left)
		start_script(g, i);
}

int gen_workload(enum workload w, unsigned long nstmts, uint64_t seed,
		 FILE *out, unsigned long *written)
{
	struct gen *g;
	int i, nactive, ret;

	if (w >= WL__COUNT)
		return -EINVAL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->w = w;
	g->out = out;
	rng_seed(&g->rng, seed ^ ((uint64_t)w << 56));
	g->target = nstmts;
	g->labels = 1;		/* init */
	g->nslots = w == WL_BUILD ? BUILD_JOBS :
		    w == WL_CONTAINERS ? CONTAINERS_IN_FLIGHT : 1 + SERVER_REQUESTS;
	g->pool = calloc(SERVER_THREADS, sizeof(*g->pool));
	if (!g->pool) {
		ret = -ENOMEM;
		goto out_free;
	}

	fprintf(out, "pidsim 1\n# generated by pidbench --gen %s %lu (seed %llu)\n",
		names[w], nstmts, (unsigned long long)seed);
	if (w == WL_BUILD)
		build_prologue(g);
	else if (w == WL_CONTAINERS)
		containers_prologue(g);
	else
		server_prologue(g);

	for (i = 0; i < g->nslots; i++)
		start_script(g, i);
	for (;;) {
		int pick;

		nactive = 0;
		for (i = 0; i < g->nslots; i++)
			nactive += g->slot[i].active;
		if (!nactive || g->err)
			break;
		pick = (int)rng_below(&g->rng, (unsigned int)nactive);
		for (i = 0; i < g->nslots; i++)
			if (g->slot[i].active && pick-- == 0)
				break;
		emit_one(g, i);
	}
	ret = g->err;
	if (!ret && (fflush(out) || ferror(out)))
		ret = -EIO;
	if (written)
		*written = g->written;

out_free:
	for (i = 0; i < GEN_SLOTS_MAX; i++)
		free(g->slot[i].buf);
	free(g->pool);
	free(g);
	return ret;
}
