/*
 * live_agents.h - the agents of a live trace as the engine knows them:
 * one command at a time over a label's channel, a new agent taken in after
 * a clone, the stacks of reaped agents used again, and a label's state and
 * parent read through the trace root's /proc (only while its pidfd shows
 * the task attached, so that its number is still its own).
 */
#ifndef PIDSIM_LIVE_AGENTS_H
#define PIDSIM_LIVE_AGENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/live/agent_proto.h"
#include "sim/engine/live/live_engine.h"
#include "sim/engine/live/live_proc.h"

/*
 * Channels: as many are open as the descriptor limit leaves beside the
 * namespaces and a margin (LIVE_FD_KEEP). Beyond, the least
 * recently used channel of a running process is parked (our copy closed;
 * its agent keeps our end at AGENT_PEER_FD) and taken back with
 * pidfd_getfd() when next needed. Every use of a label's channel goes
 * through live_call*() or live_unpark*() first.
 */
/* Park what must be parked for two more descriptors to fit. */
void live_chan_room(struct live_engine *le);
/* l's channel (lab->chan) was just opened. */
void live_chan_opened(struct live_engine *le, int l);
/* l's agent is gone: close its channel, or forget that it is parked. */
void live_chan_close(struct live_engine *le, int l);
/* Take back l's parked channel: 0, -EPIPE when its agent is gone, -errno. */
int live_unpark(struct live_engine *le, int l);
/* live_unpark() of every running member of l's thread group. */
int live_unpark_group(struct live_engine *le, int l);

/* live_call() passing up to two descriptors. */
int live_call_fds(struct live_engine *le, int l, const struct agent_cmd *cmd,
		  const int *fds, int nfds, struct agent_reply *rep,
		  bool may_end, bool *gone);

/*
 * Send cmd to l and read its reply. An agent that closes its channel
 * instead is gone: -EPIPE, or 0 with *gone set when may_end says that this
 * command may end it (exit, or a kill of its own thread group).
 */
int live_call(struct live_engine *le, int l, const struct agent_cmd *cmd,
	      int passfd, struct agent_reply *rep, bool may_end, bool *gone);

/*
 * Link a label that now exists (after its numbers and namespace are known)
 * into the engine's structures: its number, its namespace's living labels,
 * its thread group, the inits. 0 or -ENOMEM.
 */
int live_track(struct live_engine *le, int l);

/* Have the next settle read l (once, however often asked). */
void live_watch(struct live_engine *le, int l);

/* Watch the zombies whose parent was l when last read. */
void live_watch_orphans(struct live_engine *le, int l);

/* Record that zombie z's parent is now parent (LABEL_NONE: outside). */
void live_set_zparent(struct live_engine *le, int z, int parent);

/* Give a stack back to the pool (*stack becomes 0). */
void live_stack_put(struct live_engine *le, uint64_t *stack);

/*
 * Record that l is now in state st: a label that no longer runs loses its
 * channel, a reaped one its pidfd, its stack (back to the pool) and its
 * places in the namespace and zombie lists; an exiting one is queued for
 * every settle until it moves on.
 */
void live_mark(struct live_engine *le, int l, enum proc_state st);

/*
 * Take in the agent that a successful clone made for label c (chan is
 * consumed; tid is the clone's result): its hello, its numbers (from the
 * trace root's /proc) and its namespace. 0, or -errno after saying why on
 * stderr (for want of descriptors: how many are needed, and how to raise
 * the limit).
 */
int live_adopt(struct live_engine *le, int c, int chan, bool thread,
	       int leader, uint64_t stack, int tid);

/*
 * Out of descriptors (before: may run out): say how many a trace of this
 * size needs, and how to raise the limit.
 */
void live_no_files(struct live_engine *le, bool before);

/* The namespace that /proc/<l>/ns/<which> names, as an index, or -errno. */
int live_ns_of(struct live_engine *le, int l, const char *which);

/* /proc/<l>/stat, parsed: 0 or -errno (-ENOENT: released). */
int live_stat_of(struct live_engine *le, int l, struct live_stat *ps);

/*
 * l's parent as a label in *parent (LABEL_NONE for a parent outside the
 * trace root). -ENOENT/-ESRCH when l has been released; -EPROTO when the
 * parent is no live label.
 */
int live_parent(struct live_engine *le, int l, int *parent);

#endif /* PIDSIM_LIVE_AGENTS_H */
