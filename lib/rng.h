/*
 * rng.h - a deterministic random number generator: xoshiro256**, seeded
 * through splitmix64, so one 64-bit seed always gives the same sequence on
 * every machine. For generated traces and benchmark workloads, never for
 * anything that needs to be unpredictable.
 */
#ifndef PIDSIM_LIB_RNG_H
#define PIDSIM_LIB_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Start the sequence of seed; any seed, 0 included, is good. */
void rng_seed(struct rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t rng_next(struct rng *r);

/* Uniform in [0, n), n > 0 (from the top 32 bits: negligible bias). */
unsigned int rng_below(struct rng *r, unsigned int n);

/* Uniform in [lo, hi], lo <= hi. */
int rng_between(struct rng *r, int lo, int hi);

/* True with the given probability in percent. */
bool rng_chance(struct rng *r, unsigned int percent);

#endif /* PIDSIM_LIB_RNG_H */
