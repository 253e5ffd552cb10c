/*
 * gen.h - random traces for differential fuzzing (`pidsim gen`,
 * `pidsim fuzz`; docs/fuzzing.md).
 *
 * The generator plays each statement on the model as it writes it, so it
 * always knows which labels name live processes, which namespaces exist and
 * what numbers they hold, and can aim at the situations where kernels and
 * models part: wrap-around at 300, exhaustion under a small pid_max, deep
 * nesting, set_tid, dying inits, orphan chains, numbers held by sessions
 * and process groups, and the version 1.1 statements (wait any, SIGCHLD
 * ignored, setpgid of a child, exec and the lone exit of a leader thread,
 * signals, group and broadcast kills, show). Every trace it writes is
 * valid (docs/trace-language.md: it declares `pidsim 1.1` when it holds a
 * 1.1 statement, `pidsim 1` otherwise) and runnable on the live kernel: a
 * set_tid never reaches past the trace root, the number of processes
 * alive at once stays under a bound, and no namespace init joins a group
 * led from its own namespace (which the kernel could never take down).
 *
 * Determinism: the output depends only on the options (its own PRNG,
 * xoshiro256** seeded through splitmix64) and on the model's answers, so
 * the same options and the same model always give the same bytes.
 */
#ifndef PIDSIM_GEN_H
#define PIDSIM_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What the traces mostly do: a mix; each weighs the actions differently. */
enum gen_mix {
	GEN_BUILD,		/* make -j: forks, exits, waits, groups, wrap */
	GEN_CONTAINERS,		/* namespaces: nesting, setns, dying inits */
	GEN_THREADS,		/* thread groups, their exits and children */
	GEN_CHAOS,		/* everything, odd values and dead labels too */
	GEN__MIXES
};

/* Limits of the options (checked by gen_trace, documented in --help). */
#define GEN_STATEMENTS_MAX	100000
#define GEN_DEPTH_MAX		32	/* MAX_PID_NS_LEVEL */
#define GEN_PROCS_MAX		2000
#define GEN_PROCS_DEFAULT	120
#define GEN_DEPTH_DEFAULT	3
#define GEN_BASE_DEFAULT	1	/* a live root on a host at level 0 */

struct gen_opts {
	uint64_t seed;
	unsigned int statements;	/* statements to write, ranges expanded */
	unsigned int depth;		/* deepest namespace below the trace root */
	enum gen_mix mix;
	const char *kernel;		/* model profile; NULL: the default (6.18) */
	unsigned int base_level;	/* real level of the trace root (0..32) */
	unsigned int max_procs;		/* processes alive (not reaped) at once */
	bool results;			/* write `=> R`, the model's results */
};

/* Defaults: seed 0, 100 statements, depth 3, containers, base level 1. */
void gen_opts_init(struct gen_opts *o);

/*
 * The generator's options on a command line (pidsim gen, pidsim fuzz):
 * the codes an option parser hands to gen_set_option(). --base-level is
 * gen's alone: fuzz takes the live root's.
 */
enum {
	GEN_OPT_SEED = 0x100,
	GEN_OPT_STATEMENTS,
	GEN_OPT_DEPTH,
	GEN_OPT_MIX,
	GEN_OPT_KERNEL,
	GEN_OPT_MAX_PROCS,
	GEN_OPT_BASE_LEVEL,
};


/*
 * gen_set_option - apply the option whose getopt code is code, with its
 * value arg, to o. Returns 0; 1 when code is not a generator option; or
 * -EINVAL with why (what is wrong, for "pidsim CMD: WHY") filled in when
 * arg is out of the option's bounds. A kernel name is checked by
 * gen_trace(), not here.
 */
int gen_set_option(struct gen_opts *o, int code, const char *arg, char *why,
		   size_t len);

/* "build" -> GEN_BUILD ...: 0, or -EINVAL for an unknown name. */
int gen_mix_parse(const char *name, enum gen_mix *out);
const char *gen_mix_name(enum gen_mix p);

/*
 * gen_trace - write one trace to out. Returns 0, -EINVAL when an option is
 * out of its bounds or the kernel profile is unknown, -ENOMEM, or -EIO
 * when out could not be written.
 */
int gen_trace(const struct gen_opts *o, FILE *out);

#endif /* PIDSIM_GEN_H */
