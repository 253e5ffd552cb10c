/*
 * b_lookup.c - find_pid_ns(), hit and miss, at 1 k, 32 k, 1 M and 4 M live
 * pids, against the floor: a direct array indexed by number.
 *
 * The live pids are published struct pids of the root namespace (pid_max
 * 4194304), numbered 1..N as the cursor hands them out. Hits ask for
 * numbers drawn uniformly from 1..N, misses for free numbers between N and
 * pid_max, both in a random order fixed in advance, so that large tables
 * pay the cache misses a real lookup pays. Two floors answer the same
 * queries from an array of pointers of pid_max entries, through an
 * out-of-line call as find_pid_ns() is made: "floor" is the bare load;
 * "floor-key" then reads the found struct pid's own number, as any table
 * whose key lives in the element must (the fair floor of a hash).
 *
 * Invariant checked as it goes: for every query, find_pid_ns() and the
 * array give the same pid (NULL exactly for the misses); in every sample,
 * the model and the floor fold their answers into the same checksum.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "bench/bench.h"
#include "model/err.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/profile.h"
#include "model/pid_limits.h"
#include "lib/util.h"

#define QUERIES		(1u << 20)	/* a power of two: i & (QUERIES - 1) */

static const unsigned long sizes_full[] = { 1000, 32000, 1000000, 4000000 };
static const unsigned long sizes_quick[] = { 1000, 32000, 250000 };


struct lookup {
	struct machine *m;
	struct pid_namespace *ns;
	struct pid **direct;	/* the floor: pid by number */
	int *q;			/* queries */
	unsigned long live;	/* live pids, init's included */
};

static uint64_t model_pass(const struct lookup *l, unsigned long n)
{
	uint64_t acc = 0;
	unsigned long i;

	for (i = 0; i < n; i++)
		acc ^= (uint64_t)(uintptr_t)find_pid_ns(l->q[i & (QUERIES - 1)], l->ns);
	return acc;
}

/*
 * The floor's lookup, called as find_pid_ns() is: out of line, one call
 * per query, so that neither is inlined or vectorised and the difference
 * is the table, not the calling.
 */
static __attribute__((noinline)) struct pid *array_find(struct pid *const *direct,
							 int nr)
{
	return nr >= 0 && nr < PID_MAX_LIMIT ? direct[nr] : NULL;
}

/* The array, then the element's own number checked: a keyed table's floor. */
static __attribute__((noinline)) struct pid *array_find_key(struct pid *const *direct,
							     int nr)
{
	struct pid *p;

	if (nr < 0 || nr >= PID_MAX_LIMIT)
		return NULL;
	p = direct[nr];
	return p && p->numbers[0].key.nr == nr ? p : NULL;
}

static uint64_t floor_pass(const struct lookup *l, unsigned long n)
{
	uint64_t acc = 0;
	unsigned long i;

	for (i = 0; i < n; i++)
		acc ^= (uint64_t)(uintptr_t)array_find(l->direct, l->q[i & (QUERIES - 1)]);
	return acc;
}

static uint64_t floor_key_pass(const struct lookup *l, unsigned long n)
{
	uint64_t acc = 0;
	unsigned long i;

	for (i = 0; i < n; i++)
		acc ^= (uint64_t)(uintptr_t)array_find_key(l->direct,
							   l->q[i & (QUERIES - 1)]);
	return acc;
}

/*
 * The shape of the hash at this size: its load (entries per bucket) and
 * how many entries a hit visits on average, sum(count^2) / 2N + 1/2 over
 * the buckets: what the hash function and uthash's growth policy give.
 */
static void hash_shape(const struct lookup *l, struct results *res)
{
	struct pid_hash_shape sh;
	struct row *load, *visits;

	pid_hash_shape(l->ns, &sh);
	if (!sh.items)
		return;
	load = results_add(res, "lookup", "hash-load", (double)l->live, 0, "",
			   "entries/bucket");
	visits = results_add(res, "lookup", "hash-visits", (double)l->live, 0, "",
			     "entries/hit");
	if (!load || !visits)
		bench_die("out of memory");
	series_add(&load->s, (double)sh.items / (double)sh.buckets);
	series_add(&visits->s, sh.sum_sq / (2.0 * (double)sh.items) + 0.5);
}

static void make_queries(struct lookup *l, bool hit, struct rng *rng)
{
	unsigned long i, free_nrs = PID_MAX_LIMIT - l->live - 1;

	for (i = 0; i < QUERIES; i++)
		l->q[i] = hit ? (int)(1 + rng_below(rng, l->live))
			      : (int)(l->live + 1 + rng_below(rng, free_nrs));
}

/* Every query once, untimed: the model and the array must agree. */
static void validate(const struct lookup *l, bool hit)
{
	unsigned long i;

	for (i = 0; i < QUERIES; i++) {
		int nr = l->q[i];
		struct pid *p = find_pid_ns(nr, l->ns);

		if (p != l->direct[nr] || (hit ? !p : p != NULL) ||
		    (p && pid_nr_ns(p, l->ns) != nr))
			bench_die("find_pid_ns(%d) with %lu live pids: %p, the array says %p",
				  nr, l->live, (void *)p, (void *)l->direct[nr]);
	}
}

typedef uint64_t (*lookup_pass)(const struct lookup *l, unsigned long n);

/*
 * Sample the model and both floors back to back, in an order that rotates
 * from repetition to repetition so that none always finds warm caches.
 * Every pass folds the same answers into the same checksum.
 */
static void measure(struct lookup *l, const struct bench_cfg *cfg, bool hit,
		    struct row *const rows[3])
{
	static const lookup_pass pass[3] = { model_pass, floor_pass, floor_key_pass };
	unsigned long n = 1u << 12;
	double t;
	int rep, k;

	/* calibrate on the model, the slower; the floors answer as many */
	for (;;) {
		t = clock_s();
		bench_sink ^= model_pass(l, n);
		t = clock_s() - t;
		if (t >= cfg->sample_s / 8 || n >= (1ul << 34))
			break;
		n *= t > 0 && cfg->sample_s / 8 / t < 16 ? 2 : 16;
	}
	n = (unsigned long)((double)n * cfg->sample_s / (t > 0 ? t : 1e-9)) + 1;
	for (rep = 0; rep < cfg->reps; rep++) {
		uint64_t sum[3];
		double tv[3];

		for (k = 0; k < 3; k++) {
			int which = (rep + k) % 3;

			tv[which] = clock_s();
			sum[which] = pass[which](l, n);
			tv[which] = clock_s() - tv[which];
		}
		if (sum[0] != sum[1] || sum[0] != sum[2])
			bench_die("lookup checksums differ (%s, %lu live pids)",
				  hit ? "hit" : "miss", l->live);
		bench_sink ^= sum[0];
		for (k = 0; k < 3; k++)
			series_add(&rows[k]->s, tv[k] / (double)n * 1e9);
	}
}

static int grow(struct lookup *l, unsigned long target)
{
	while (l->live < target) {
		struct pid *p = alloc_pid(l->ns, NULL, 0);

		if (IS_ERR(p))
			return (int)PTR_ERR(p);
		l->direct[p->numbers[0].key.nr] = p;
		l->live++;
	}
	return 0;
}

int bench_lookup_steps(const struct bench_cfg *cfg)
{
	return cfg->quick ? (int)ARRAY_SIZE(sizes_quick) : (int)ARRAY_SIZE(sizes_full);
}

int bench_lookup(const struct bench_cfg *cfg, struct results *res)
{
	struct machine_config mc = { .root_pid_max = PID_MAX_LIMIT,
				     .max_threads = PID_MAX_LIMIT * 2UL };
	const unsigned long *sizes = cfg->quick ? sizes_quick : sizes_full;
	int nsizes = bench_lookup_steps(cfg);
	struct rng rng;
	struct lookup l = { 0 };
	int i, err, nr;

	rng_seed(&rng, cfg->seed + 1);
	mc.profile = kernel_profile_find("6.18");
	l.m = machine_new(&mc, &err);
	if (!l.m)
		return err;
	l.ns = l.m->root;
	err = -ENOMEM;
	l.direct = calloc(PID_MAX_LIMIT, sizeof(*l.direct));
	l.q = malloc(QUERIES * sizeof(*l.q));
	if (!l.direct || !l.q)
		goto out;
	l.direct[1] = find_pid_ns(1, l.ns);	/* init */
	l.live = 1;

	for (i = 0; i < nsizes; i++) {
		unsigned long n = sizes[i];
		struct row *hit[3], *miss[3];

		progress_step("find_pid_ns with %lu live pids", n);
		err = grow(&l, n);
		if (err)
			goto out;
		hit[0] = results_add(res, "lookup", "hit", (double)n, 0, "", "ns/lookup");
		hit[1] = results_add(res, "lookup", "floor-hit", (double)n, 0, "", "ns/lookup");
		hit[2] = results_add(res, "lookup", "floor-key-hit", (double)n, 0, "", "ns/lookup");
		miss[0] = results_add(res, "lookup", "miss", (double)n, 0, "", "ns/lookup");
		miss[1] = results_add(res, "lookup", "floor-miss", (double)n, 0, "", "ns/lookup");
		miss[2] = results_add(res, "lookup", "floor-key-miss", (double)n, 0, "", "ns/lookup");
		err = -ENOMEM;
		if (!hit[0] || !hit[1] || !hit[2] || !miss[0] || !miss[1] || !miss[2])
			goto out;
		hash_shape(&l, res);
		make_queries(&l, true, &rng);
		validate(&l, true);
		measure(&l, cfg, true, hit);
		make_queries(&l, false, &rng);
		validate(&l, false);
		measure(&l, cfg, false, miss);
	}
	err = 0;
out:
	/* init's pid (1) belongs to init */
	for (nr = 2; l.direct && nr < PID_MAX_LIMIT; nr++)
		if (l.direct[nr])
			free_pid(l.direct[nr]);
	free(l.direct);
	free(l.q);
	machine_free(l.m);
	return err;
}
