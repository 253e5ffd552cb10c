/*
 * live_engine.h - the live engine's state, shared by its files:
 * live.c (statements, observations, begin/end), live_agents.c (the
 * agents as the controller knows them), live_settle.c (waiting for the
 * kernel to finish what a statement started) and live_stuck.c (inits the
 * kernel could never take down).
 *
 * Numbers: a label's `nspid` runs from the trace root (level 0) down, as in
 * results; nspid.nr[0] is its number in the trace root, the name under
 * which the trace root's /proc (root.procfd) knows it. That number is only
 * used while the label's pidfd shows the task attached, so it can never
 * name a process that merely inherited it.
 */
#ifndef PIDSIM_LIVE_ENGINE_H
#define PIDSIM_LIVE_ENGINE_H

#define _GNU_SOURCE
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/live/engine_live.h"
#include "sim/engine/live/live_ns.h"
#include "sim/engine/live/live_root.h"
#include "sim/engine/live/live_stop.h"
#include "sim/run/engine.h"

struct live_label {
	bool created;		/* a successful fork/clone made it */
	bool thread;		/* a thread that is not its group's leader */
	bool watch;		/* to be read by the next settle */
	enum proc_state state;
	int chan;		/* its channel; -1 once it is not running */
	int pidfd;		/* -1 once it is reaped */
	int leader;		/* its thread group leader's label */
	int ns;			/* its active namespace (index into le->nst) */
	int pfc_level;		/* level of its pid_for_children namespace */
	int zparent;		/* a zombie's parent when last read (settling) */
	int zprev, znext;	/* in zparent's list of zombie children */
	int zkids;		/* first zombie whose zparent is this label */
	int gnext, gtail;	/* thread group chain from the leader; its end */
	int nsprev, nsnext;	/* in its namespace's list of unreaped labels */
	bool doomed;		/* killed by the statement being checked */
	bool parked;		/* running, its channel parked (live_agents.h) */
	int host_pid;		/* its number in our namespace; 0: unknown */
	int lru_prev, lru_next;	/* among the open channels, most recent first */
	uint64_t stack;		/* its agent's stack, 0 for the root's init */
	bool own_mm;		/* it ran exec (or descends from one that did):
				 * its memory is not the trace's, so it takes no
				 * stack from the pool and gives none back */
	struct nspid nspid;	/* from the trace root down, fixed for life */
};

struct live_engine {
	struct engine e;
	struct live_config cfg;
	struct live_root root;
	bool active;		/* between begin() and end() */
	bool pid_max_per_ns;
	const char *const *names;
	int nlabels;
	struct live_label *lab;
	struct live_nstab nst;
	int *watchq;		/* the labels the next settle reads */
	int nwatch, cap_watch;
	bool watch_lost;	/* out of memory for the watch queue */
	int *exitq;		/* labels seen exiting (some may have moved on) */
	int nexit, cap_exit;
	int *inits;		/* labels that are namespace inits */
	int ninits, cap_inits;
	int *pidmap;		/* nr[0] -> the last label given that number */
	int cap_pidmap;
	int lru_head, lru_tail;	/* open channels, most and least recent */
	int nopen;		/* open channels */
	int fd_limit;		/* RLIMIT_NOFILE's soft limit at begin() */
	uint64_t *stacks;	/* stacks of reaped agents, to be used again */
	int nstacks, cap_stacks;
	unsigned long long stmts;
	double busy_ms;
	bool pinned;		/* our own CPU mask is to be given back */
	bool said_stop;		/* live_stopped() has spoken */
	bool said_files;	/* the descriptor warning was given */
	bool quiet;		/* no complaints (during a teardown) */
	cpu_set_t cpus;		/* ... and this was it */
};

/* Label l's name for messages (buf when the trace gave it none). */
const char *live_name(const struct live_engine *le, int l, char *buf,
		      size_t len);

/* "pidsim: live: WHAT LABEL: strerror" on stderr (not for a stop). */
void live_complain(const struct live_engine *le, int l, const char *what,
		   int err);

/* A signal asked us to stop: say so once, and return -EINTR. */
int live_stopped(struct live_engine *le);

/* Is label l a namespace init (number 1 at its own level)? */
static inline bool live_is_init(const struct live_engine *le, int l)
{
	const struct live_label *lab = &le->lab[l];

	return !lab->thread && lab->nspid.nr[lab->nspid.n - 1] == 1;
}

/*
 * Append v to the int vector *vec (n used, cap allocated). 0 or -ENOMEM.
 * Every per-statement structure of the engine is such a vector or a list
 * threaded through the labels: nothing a statement does scans the trace's
 * whole label table (issue 13: labels that never become processes cost
 * nothing).
 */
int live_vec_push(int **vec, int *n, int *cap, int v);

/* The last label given number nr in the trace root, or -1. */
static inline int live_by_nr(const struct live_engine *le, int nr)
{
	return nr >= 0 && nr < le->cap_pidmap ? le->pidmap[nr] : -1;
}

/* T's pid as seen from namespace nsidx: 0 when not visible there. */
static inline int live_pid_in(const struct live_engine *le, int t, int nsidx)
{
	return live_ns_pid_in(&le->nst, le->lab[t].ns, &le->lab[t].nspid,
			      nsidx);
}

#endif /* PIDSIM_LIVE_ENGINE_H */
