/*
 * engine_live.h - the live engine: runs a trace on the real kernel.
 *
 * Each trace gets a fresh PID namespace and a private mount namespace with
 * its own /proc, playing the trace root: its pid 1 is `init`, its pid_max
 * is set to 32768 first (where the kernel keeps pid_max per namespace).
 * Every labelled process is a real process (pidsim-agent, agent.c) that
 * makes the trace's system calls on command. Results are the kernel's:
 * return values, errno, and NSpid/state/PPid read through the trace root's
 * /proc. Only namespaces made here are ever changed, and every process the
 * engine starts is gone when end() returns, when the program is stopped by
 * SIGINT/SIGTERM/SIGHUP, or when the program dies (the agents see their
 * channels close, and the root init has PR_SET_PDEATHSIG).
 *
 * Use: live_probe() once to know whether the kernel can be used here (exit
 * 77 otherwise) and at which real level the trace root sits, then
 * engine_live_new() and the usual engine_ops.
 *
 * Portability (kernels from 6.1): no pidfd of a thread is needed (6.9's
 * PIDFD_THREAD); a dying init counts as settled in any of the sleep states
 * kernels give it (live_proc.h); before 6.14, where pid_max is one value
 * for the machine, pid_max statements are skipped (the engine's skips
 * carry ENGINE_SKIP_PID_MAX, for a comparison to give the model too).
 * live_probe() refuses where results could be wrong: no SCHED_FIFO for the
 * agents (a user namespace), no /proc, a kernel without pidfd_getfd().
 *
 * Scale: what a statement costs depends on the processes it touches, not
 * on the labels of the trace; descriptors are one per namespace and per
 * thread, processes beyond the descriptor limit share by parking their
 * channels (live_agents.h).
 */
#ifndef PIDSIM_ENGINE_LIVE_H
#define PIDSIM_ENGINE_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/run/engine.h"

struct live_config {
	const char *agent_path;		/* NULL: live_agent_path() */
	unsigned int reply_timeout_ms;	/* one agent command; 0: 10000 */
	unsigned int settle_timeout_ms;	/* the tree settling; 0: 10000 */
	bool spread;			/* do not keep a trace on one CPU */
};

struct live_probe {
	unsigned int base_level;	/* real level of a trace root */
	bool pid_max_per_ns;		/* kernel 6.14+: pid_max may be set */
	char kernel[65];		/* uname release */
	char why[256];			/* when unusable: the reason */
};

/*
 * Can traces run live here? Checks privilege, PID namespaces, clone3 and
 * the agent, by building and tearing down one trace root. Returns 0 and
 * fills *p, or -errno with p->why set (the caller exits 77).
 */
int live_probe(const struct live_config *cfg, struct live_probe *p);

/*
 * The agent program: $PIDSIM_AGENT, else pidsim-agent beside the running
 * executable, else the one in the build tree, else the installed one.
 * Returns a static string, or NULL when none is executable.
 */
const char *live_agent_path(void);

/* A live engine; NULL on allocation failure. cfg may be NULL. */
struct engine *engine_live_new(const struct live_config *cfg);

/* After begin(): the real level of the trace root (as in live_probe). */
unsigned int engine_live_base_level(const struct engine *e);

/* Whether pid_max statements are sent (else they answer `skipped`). */
bool engine_live_pid_max_per_ns(const struct engine *e);

/* Statements executed and time spent in exec()/observe() since begin(). */
void engine_live_stats(const struct engine *e, unsigned long long *stmts,
		       double *seconds);

#endif /* PIDSIM_ENGINE_LIVE_H */
