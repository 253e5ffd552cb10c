/*
 * b_alloc.c - what one alloc_pid() + free_pid() cycle costs: by nesting
 * depth, by pidmap occupancy, in the worst case, and against the floor.
 *
 * A cycle allocates one pid (one number per level) and frees it at once.
 * It leaves every bitmap as it found it and moves only the cursors, so a
 * scenario (a machine, its namespaces, their occupancy) can be replayed
 * from a saved set of cursors by every variant in turn:
 *
 *  idr      alloc_pid()/free_pid() of the 6.18 profile: the IDR cursor
 *           policy on the summary search (pidmap_next_zero), struct pid,
 *           the hash, the namespace counters;
 *  legacy   the same calls with the 4.14 profile swapped in on the same
 *           machine: the faithful alloc_pidmap() scan on the same bitmaps
 *           (the profile only chooses the search: bitmaps, cursors and
 *           hash are shared, and both profiles bound the root by the same
 *           pid_max);
 *  summary  the cursor policy alone on the model's bitmap, searching with
 *           pidmap_next_zero(): no struct pid, no hash;
 *  flat     the same with pidmap_next_zero_flat(), a word-by-word scan;
 *  floor    the cursor policy on a bare flat bitmap (one uint64_t array
 *           per level) copied from the model's: no pages, no summaries,
 *           no struct pid, no hash. The floor of every allocation figure.
 *
 * Invariant checked as it goes: from the same cursors, every variant
 * hands out the same numbers at every level, cycle after cycle (the
 * shorter run is compared with the prefix of the longer). A mismatch
 * aborts the run loudly: a benchmark of allocators that disagree measures
 * nothing.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "model/err.h"
#include "model/fork.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/pidmap.h"
#include "model/profile.h"
#include "model/task.h"
#include "model/pid_limits.h"
#include "lib/util.h"

#define LEVELS_MAX	(MAX_PID_NS_LEVEL + 1)
#define OUT_INTS	(1u << 22)	/* numbers recorded per variant per sample */
#define MIN_FREE	2		/* see occupancy_free_count() */

enum variant { V_IDR, V_LEGACY, V_SUMMARY, V_FLAT, V_FLOOR, V__COUNT };

static const char *const variant_name[V__COUNT] = {
	[V_IDR] = "idr", [V_LEGACY] = "legacy", [V_SUMMARY] = "summary",
	[V_FLAT] = "flat", [V_FLOOR] = "floor",
};

static const int depths[] = { 1, 2, 4, 8, 16, 32 };
static const double occupancies[] = { 99.99, 99, 90, 50, 0 };	/* falling */
static const int pid_maxes[] = { PID_MAX_DEFAULT, PID_MAX_LIMIT };


/* -- the floor: a bare bitmap with the same cursor policy -------------- */

struct bare {
	uint64_t *w;
	unsigned int nbits;	/* pid_max of the level */
	unsigned int cursor;
};

static inline int bare_next_zero(const struct bare *b, unsigned int from,
				 unsigned int end)
{
	unsigned int i = from / 64, last = (end + 63) / 64;
	uint64_t word;

	if (from >= end)
		return -1;
	word = b->w[i] | (((uint64_t)1 << (from % 64)) - 1);
	for (;;) {
		if (~word) {
			unsigned int nr = i * 64 + (unsigned int)__builtin_ctzll(~word);

			return nr < end ? (int)nr : -1;
		}
		if (++i >= last)
			return -1;
		word = b->w[i];
	}
}

/* idr_alloc_cyclic's policy (model/pid.c), on the bare bitmap. */
static inline int bare_alloc(struct bare *b)
{
	unsigned int start = b->cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;
	unsigned int id = b->cursor < start ? start : b->cursor;
	int nr = -1;

	if (id < b->nbits)
		nr = bare_next_zero(b, id, b->nbits);
	if (nr < 0 && id > start)
		nr = bare_next_zero(b, start, b->nbits);
	if (nr < 0)
		return -ENOSPC;
	b->w[nr / 64] |= (uint64_t)1 << (nr % 64);
	b->cursor = (unsigned int)nr + 1;
	return nr;
}

static inline void bare_free(struct bare *b, int nr)
{
	b->w[nr / 64] &= ~((uint64_t)1 << (nr % 64));
}

/* Copy the taken numbers below nbits of s; 0 or -ENOMEM. */
static int bare_copy(struct bare *b, const struct pidmap_set *s,
		     unsigned int nbits)
{
	int nr;

	free(b->w);
	b->w = calloc(nbits / 64 + 1, sizeof(uint64_t));
	if (!b->w)
		return -ENOMEM;
	b->nbits = nbits;
	for (nr = pidmap_next_set(s, 0, nbits); nr >= 0;
	     nr = pidmap_next_set(s, (unsigned int)nr + 1, nbits))
		b->w[nr / 64] |= (uint64_t)1 << (nr % 64);
	return 0;
}

/* -- the same policy on the model's own bitmap ------------------------- */

typedef int (*next_zero_fn)(const struct pidmap_set *s, unsigned int from,
			    unsigned int end);

static inline int set_alloc(struct pidmap_set *s, unsigned int *cursor,
			    unsigned int pid_max, next_zero_fn next_zero)
{
	unsigned int start = *cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;
	unsigned int id = *cursor < start ? start : *cursor;
	int nr = -1;

	if (id < pid_max)
		nr = next_zero(s, id, pid_max);
	if (nr < 0 && id > start)
		nr = next_zero(s, start, pid_max);
	if (nr < 0)
		return -ENOSPC;
	if (pidmap_test_and_set(s, (unsigned int)nr) != 0)
		bench_die("the search returned %d, which is taken", nr);
	*cursor = (unsigned int)nr + 1;
	return nr;
}

/* -- a scenario: a machine, a chain of namespaces, the floor's copy ---- */

struct scenario {
	struct machine *m;
	unsigned int depth;			/* levels: 1 = the root alone */
	struct pid_namespace *lv[LEVELS_MAX];	/* lv[depth - 1]: allocations */
	struct bare bare[LEVELS_MAX];
	const struct kernel_profile *idr, *legacy;
	int **out;				/* numbers of the last sample */
};

/*
 * The numbers each variant handed out in its last sample. Allocated and
 * touched once for the whole module: a first touch would page-fault
 * inside whichever sample wrote there first.
 */
static int *out_bufs[V__COUNT];

static void scenario_free(struct scenario *sc)
{
	unsigned int i;

	for (i = 0; i < LEVELS_MAX; i++) {
		free(sc->bare[i].w);
		sc->bare[i].w = NULL;
	}
	if (sc->m) {
		sc->m->profile = sc->idr;
		machine_free(sc->m);
		sc->m = NULL;
	}
}

/*
 * A machine whose root has pid_max root_max, and depth - 1 namespaces
 * nested below it, each made by its parent's init with CLONE_NEWPID.
 */
static int scenario_new(struct scenario *sc, unsigned int depth, int root_max)
{
	struct machine_config cfg = { .root_pid_max = root_max,
				      .max_threads = PID_MAX_LIMIT * 2UL };
	struct task_struct *parent;
	unsigned int i;
	int err;

	memset(sc, 0, sizeof(*sc));
	sc->idr = kernel_profile_find("6.18");
	sc->legacy = kernel_profile_find("4.14");
	if (!sc->idr || !sc->legacy || sc->legacy->allocator != PIDALLOC_LEGACY)
		bench_die("the 6.18 and 4.14 profiles are needed");
	cfg.profile = sc->idr;
	sc->depth = depth;
	sc->m = machine_new(&cfg, &err);
	if (!sc->m)
		return err;
	sc->lv[0] = sc->m->root;
	parent = sc->m->init;
	for (i = 1; i < depth; i++) {
		struct kernel_clone_args args = {
			.flags = CLONE_NEWPID, .exit_signal = SIGCHLD,
		};
		struct task_struct *child;

		err = kernel_clone(parent, &args, &child);
		if (err < 0)
			goto out_free;
		sc->lv[i] = task_active_pid_ns(child);
		parent = child;
	}
	sc->out = out_bufs;
	return 0;

out_free:
	scenario_free(sc);
	return err;
}

/* The floor's bitmaps copied from the model's, as they are now. */
static int scenario_sync_floor(struct scenario *sc)
{
	unsigned int i;
	int err;

	for (i = 0; i < sc->depth; i++) {
		err = bare_copy(&sc->bare[i], &sc->lv[i]->pidmap,
				(unsigned int)pid_ns_pid_max(sc->lv[i]));
		if (err)
			return err;
	}
	return 0;
}

static void save_cursors(struct scenario *sc, unsigned int *c)
{
	unsigned int i;

	for (i = 0; i < sc->depth; i++)
		c[i] = sc->lv[i]->cursor;
}

static void set_cursors(struct scenario *sc, const unsigned int *c)
{
	unsigned int i;

	for (i = 0; i < sc->depth; i++)
		sc->lv[i]->cursor = sc->bare[i].cursor = c[i];
}

/*
 * k cycles of variant v; the numbers (root first, depth per cycle) go to
 * sc->out[v]. Returns the elapsed seconds.
 */
static double run_cycles(struct scenario *sc, enum variant v, unsigned long k)
{
	struct pid_namespace *ns = sc->lv[sc->depth - 1];
	struct pidmap_set *root_map = &sc->lv[0]->pidmap;
	unsigned int d = sc->depth, pid_max = (unsigned int)pid_ns_pid_max(ns);
	int *out = sc->out[v];
	unsigned long j;
	unsigned int i;
	double t0, t;
	int nr;

	sc->m->profile = v == V_LEGACY ? sc->legacy : sc->idr;
	t0 = clock_s();
	switch (v) {
	case V_IDR:
	case V_LEGACY:
		for (j = 0; j < k; j++) {
			struct pid *p = alloc_pid(ns, NULL, 0);

			if (IS_ERR(p))
				bench_die("alloc_pid (%s): error %ld", variant_name[v],
					  PTR_ERR(p));
			for (i = 0; i < d; i++)
				out[j * d + i] = p->numbers[i].key.nr;
			free_pid(p);
		}
		break;
	case V_SUMMARY:
	case V_FLAT:
		/* the primitives are compared at depth 1 only */
		for (j = 0; j < k; j++) {
			nr = set_alloc(root_map, &sc->lv[0]->cursor, pid_max,
				       v == V_SUMMARY ? pidmap_next_zero
						      : pidmap_next_zero_flat);
			if (nr < 0)
				bench_die("%s: no free number", variant_name[v]);
			out[j] = nr;
			pidmap_clear(root_map, (unsigned int)nr);
		}
		break;
	case V_FLOOR:
		for (j = 0; j < k; j++) {
			/* deepest level first, as alloc_pid */
			for (i = d; i-- > 0; ) {
				nr = bare_alloc(&sc->bare[i]);
				if (nr < 0)
					bench_die("floor: no free number");
				out[j * d + i] = nr;
			}
			for (i = 0; i < d; i++)
				bare_free(&sc->bare[i], out[j * d + i]);
		}
		break;
	case V__COUNT:
		break;
	}
	t = clock_s() - t0;
	sc->m->profile = sc->idr;
	return t;
}

/* Cycles per sample so that one takes about cfg->sample_s. */
static unsigned long calibrate(struct scenario *sc, enum variant v,
			       const struct bench_cfg *cfg)
{
	unsigned long k = 16, max = OUT_INTS / sc->depth;
	unsigned int c0[LEVELS_MAX];
	double t, probe = cfg->sample_s / 8;

	save_cursors(sc, c0);
	for (;;) {
		set_cursors(sc, c0);
		t = run_cycles(sc, v, k);
		if (t >= probe || k >= max)
			break;
		/* aim a little past the probe time; at most 64 times more */
		if (t <= 0 || probe / t > 64)
			k *= 64;
		else
			k = (unsigned long)((double)k * probe / t * 1.25) + 1;
		if (k > max)
			k = max;
	}
	set_cursors(sc, c0);
	k = t > 0 ? (unsigned long)((double)k * cfg->sample_s / t) : max;
	if (k < 1)
		k = 1;
	return k > max ? max : k;
}

static void compare(const struct scenario *sc, enum variant a, unsigned long ka,
		    enum variant b, unsigned long kb, const char *what,
		    struct results *res)
{
	unsigned long n = (ka < kb ? ka : kb) * sc->depth, i;

	res->compared += n / sc->depth;
	for (i = 0; i < n; i++)
		if (sc->out[a][i] != sc->out[b][i])
			bench_die("%s: %s and %s disagree at cycle %lu level %lu: %d vs %d",
				  what, variant_name[a], variant_name[b],
				  i / sc->depth, i % sc->depth, sc->out[a][i],
				  sc->out[b][i]);
}

/* Sync the floor to the model's bitmaps and calibrate every variant. */
static void measure_prepare(struct scenario *sc, const struct bench_cfg *cfg,
			    const enum variant *vars, int nvar, unsigned long *k,
			    const char *what)
{
	int j;

	if (scenario_sync_floor(sc))
		bench_die("%s: out of memory", what);
	for (j = 0; j < nvar; j++)
		k[vars[j]] = calibrate(sc, vars[j], cfg);
}

/*
 * One repetition: every variant runs from the same cursors (in an order
 * that rotates from round to round), is timed, and is compared with the
 * first. The scenario then moves on from where the longest run ended.
 * rows[v] receives ns per cycle.
 */
static void measure_round(struct scenario *sc, const enum variant *vars,
			  int nvar, const unsigned long *k, struct row **rows,
			  int rep, const char *what, struct results *res)
{
	unsigned int c0[LEVELS_MAX], cend[LEVELS_MAX];
	unsigned long kmax = 0;
	int j;

	save_cursors(sc, c0);
	memcpy(cend, c0, sizeof(cend));
	for (j = 0; j < nvar; j++) {
		enum variant v = vars[(j + rep) % nvar];
		double t;

		set_cursors(sc, c0);
		t = run_cycles(sc, v, k[v]);
		series_add(&rows[v]->s, t / (double)k[v] * 1e9);
		if (k[v] > kmax) {
			unsigned int i;

			/* the floor moved its own cursors, the others the model's */
			kmax = k[v];
			for (i = 0; i < sc->depth; i++)
				cend[i] = v == V_FLOOR ? sc->bare[i].cursor
						       : sc->lv[i]->cursor;
		}
	}
	for (j = 1; j < nvar; j++)
		compare(sc, vars[0], k[vars[0]], vars[j], k[vars[j]], what, res);
	set_cursors(sc, cend);
}

static void measure(struct scenario *sc, const struct bench_cfg *cfg,
		    const enum variant *vars, int nvar, struct row **rows,
		    const char *what, struct results *res)
{
	unsigned long k[V__COUNT] = { 0 };
	int rep;

	measure_prepare(sc, cfg, vars, nvar, k, what);
	for (rep = 0; rep < cfg->reps; rep++)
		measure_round(sc, vars, nvar, k, rows, rep, what, res);
}

/* -- by depth ---------------------------------------------------------- */

/*
 * Every depth's scenario is built first; then each repetition measures
 * every depth, so that the samples of depth 1 and depth 32 with the same
 * index were taken seconds apart and their ratio can be paired too.
 */
static void by_depth(const struct bench_cfg *cfg, struct results *res)
{
	static const enum variant vars[] = { V_IDR, V_FLOOR };
	struct scenario sc[ARRAY_SIZE(depths)];
	struct row *rows[ARRAY_SIZE(depths)][V__COUNT];
	unsigned long k[ARRAY_SIZE(depths)][V__COUNT];
	char what[ARRAY_SIZE(depths)][64];
	size_t i;
	int rep, err;

	memset(rows, 0, sizeof(rows));
	memset(k, 0, sizeof(k));
	for (i = 0; i < ARRAY_SIZE(depths); i++) {
		snprintf(what[i], sizeof(what[i]), "alloc+free depth %d", depths[i]);
		progress_step("%s: set up and calibrate", what[i]);
		err = scenario_new(&sc[i], (unsigned int)depths[i], PID_MAX_DEFAULT);
		if (err)
			bench_die("%s: cannot build the namespaces: %d", what[i], err);
		rows[i][V_IDR] = results_add(res, "depth", "model", depths[i],
					     PID_MAX_DEFAULT, "", "ns/cycle");
		rows[i][V_FLOOR] = results_add(res, "depth", "floor", depths[i],
					       PID_MAX_DEFAULT, "", "ns/cycle");
		if (!rows[i][V_IDR] || !rows[i][V_FLOOR])
			bench_die("out of memory");
		measure_prepare(&sc[i], cfg, vars, (int)ARRAY_SIZE(vars), k[i], what[i]);
	}
	progress_step("alloc+free by depth: %d rounds", cfg->reps);
	for (rep = 0; rep < cfg->reps; rep++)
		for (i = 0; i < ARRAY_SIZE(depths); i++)
			measure_round(&sc[i], vars, (int)ARRAY_SIZE(vars), k[i],
				      rows[i], rep, what[i], res);
	for (i = 0; i < ARRAY_SIZE(depths); i++)
		scenario_free(&sc[i]);
}

/* -- by occupancy, and the worst case ---------------------------------- */

/*
 * Occupancy counts the numbers from RESERVED_PIDS up, the only ones the
 * cursor policy hands out once it has wrapped: 2..299 stay taken, as a
 * system's early daemons do. At least MIN_FREE numbers stay free, so that
 * the legacy scan's one blind spot (it never retries 300 right after
 * handing out 300: docs/kernel-rules.md, "The legacy scan") cannot make
 * it disagree.
 */
static unsigned long occupancy_free_count(double occ, int pid_max)
{
	double n = (double)(pid_max - RESERVED_PIDS) * (100.0 - occ) / 100.0;
	unsigned long f = (unsigned long)llround(n);

	return f < MIN_FREE ? MIN_FREE : f;
}

struct filled {
	struct pid **pids;	/* by number: the pids that fill the map */
	unsigned int *order;	/* numbers >= 300 in the order they are freed */
	unsigned long norder, freed;
	bool map_only;		/* numbers taken in the bitmap, no struct pid */
};

/*
 * Take every number of the root. With real pids each is a published
 * struct pid in the hash, as live processes would hold them; map_only
 * sets the bits alone (quick mode at 4 M, to keep CI's memory small):
 * alloc_pid() only searches the bitmap, so the cycle is the same.
 */
static int fill(struct scenario *sc, struct filled *f, bool map_only,
		struct rng *rng)
{
	struct pid_namespace *ns = sc->lv[0];
	unsigned int pid_max = (unsigned int)pid_ns_pid_max(ns), nr, i;

	memset(f, 0, sizeof(*f));
	f->map_only = map_only;
	f->pids = calloc(pid_max, sizeof(*f->pids));
	f->order = calloc(pid_max, sizeof(*f->order));
	if (!f->pids || !f->order)
		return -ENOMEM;
	for (;;) {
		if (map_only) {
			int next = pidmap_next_zero(&ns->pidmap, ns->cursor, pid_max);

			if (next < 0)
				break;
			if (pidmap_test_and_set(&ns->pidmap, (unsigned int)next))
				return -ENOMEM;
			ns->cursor = (unsigned int)next + 1;
		} else {
			struct pid *p = alloc_pid(ns, NULL, 0);

			if (IS_ERR(p)) {
				if (PTR_ERR(p) != -EAGAIN)
					return (int)PTR_ERR(p);
				break;
			}
			f->pids[p->numbers[0].key.nr] = p;
		}
	}
	/* the last number taken is just behind the cursor: it goes first */
	for (nr = RESERVED_PIDS; nr < pid_max; nr++)
		f->order[f->norder++] = nr;
	for (i = (unsigned int)f->norder - 1; i > 1; i--) {
		unsigned int j = 1 + (unsigned int)rng_below(rng, i);
		unsigned int tmp = f->order[i];

		f->order[i] = f->order[j];
		f->order[j] = tmp;
	}
	for (i = 0; i < f->norder; i++)
		if (f->order[i] == ns->cursor - 1) {
			f->order[i] = f->order[0];
			f->order[0] = ns->cursor - 1;
			break;
		}
	return 0;
}

static void release_to(struct scenario *sc, struct filled *f, unsigned long n)
{
	struct pid_namespace *ns = sc->lv[0];

	while (f->freed < n && f->freed < f->norder) {
		unsigned int nr = f->order[f->freed++];

		if (f->map_only) {
			pidmap_clear(&ns->pidmap, nr);
		} else {
			free_pid(f->pids[nr]);
			f->pids[nr] = NULL;
		}
	}
}

static void unfill(struct scenario *sc, struct filled *f)
{
	struct pid_namespace *ns = sc->lv[0];
	unsigned int nr, pid_max = (unsigned int)pid_ns_pid_max(ns);

	for (nr = 0; f->pids && nr < pid_max; nr++)
		if (f->pids[nr])
			free_pid(f->pids[nr]);
	free(f->pids);
	free(f->order);
	f->pids = NULL;
	f->order = NULL;
}

static void add_rows(struct results *res, const char *group, double param,
		     int pid_max, const enum variant *vars, int nvar,
		     struct row **rows)
{
	int j;

	for (j = 0; j < nvar; j++) {
		rows[vars[j]] = results_add(res, group, variant_name[vars[j]],
					    param, pid_max, "", "ns/cycle");
		if (!rows[vars[j]])
			bench_die("out of memory");
	}
}

static void by_occupancy(const struct bench_cfg *cfg, struct results *res)
{
	static const enum variant vars[] = {
		V_IDR, V_LEGACY, V_SUMMARY, V_FLAT, V_FLOOR,
	};
	struct rng rng;
	size_t p, o;

	rng_seed(&rng, cfg->seed);
	for (p = 0; p < ARRAY_SIZE(pid_maxes); p++) {
		int pid_max = pid_maxes[p];
		struct row *rows[V__COUNT];
		struct scenario sc;
		struct filled f;
		char what[96];
		int err;

		progress_step("fill a pidmap of %d", pid_max);
		err = scenario_new(&sc, 1, pid_max);
		if (!err)
			err = fill(&sc, &f, cfg->quick && pid_max > PID_MAX_DEFAULT, &rng);
		if (err)
			bench_die("cannot fill a map of %d: %d", pid_max, err);

		/* the worst case: the only free number just behind the cursor */
		release_to(&sc, &f, 1);
		snprintf(what, sizeof(what), "worst case, pid_max %d", pid_max);
		progress_step("%s", what);
		add_rows(res, "worst", 1, pid_max, vars, (int)ARRAY_SIZE(vars), rows);
		measure(&sc, cfg, vars, (int)ARRAY_SIZE(vars), rows, what, res);

		for (o = 0; o < ARRAY_SIZE(occupancies); o++) {
			release_to(&sc, &f, occupancy_free_count(occupancies[o], pid_max));
			snprintf(what, sizeof(what), "occupancy %g%%, pid_max %d",
				 occupancies[o], pid_max);
			progress_step("%s", what);
			add_rows(res, "occupancy", occupancies[o], pid_max, vars,
				 (int)ARRAY_SIZE(vars), rows);
			measure(&sc, cfg, vars, (int)ARRAY_SIZE(vars), rows, what, res);
		}
		if (f.map_only)
			bench_notef("Quick mode: the %d map was filled in the bitmap alone (no struct pid per number).",
				    pid_max);
		unfill(&sc, &f);
		scenario_free(&sc);
	}
}

int bench_alloc_steps(const struct bench_cfg *cfg)
{
	(void)cfg;
	return (int)(ARRAY_SIZE(depths) + 1 +
		     ARRAY_SIZE(pid_maxes) * (2 + ARRAY_SIZE(occupancies)));
}

int bench_alloc(const struct bench_cfg *cfg, struct results *res)
{
	int i, err = -ENOMEM;

	for (i = 0; i < V__COUNT; i++) {
		out_bufs[i] = malloc(OUT_INTS * sizeof(int));
		if (!out_bufs[i])
			goto out;
		memset(out_bufs[i], 0, OUT_INTS * sizeof(int));
	}
	by_depth(cfg, res);
	by_occupancy(cfg, res);
	err = 0;
out:
	for (i = 0; i < V__COUNT; i++) {
		free(out_bufs[i]);
		out_bufs[i] = NULL;
	}
	return err;
}
