/*
 * live_settle.h - waiting for the kernel to finish what a statement
 * started: after exit, kill or wait, every process that may be affected
 * is read until none is in transit (see live_settle.c).
 */
#ifndef PIDSIM_LIVE_SETTLE_H
#define PIDSIM_LIVE_SETTLE_H

#include "sim/engine/live/live_engine.h"

/* Mark l's thread group (and, for an init, its namespace) to be read. */
void live_watch_group(struct live_engine *le, int l);

/*
 * Read the watched labels (and what their change may move) until all are
 * stable, updating their states. 0; -ETIMEDOUT after the settle timeout
 * (said on stderr); -EINTR when stopped; -errno.
 */
int live_settle(struct live_engine *le);

#endif /* PIDSIM_LIVE_SETTLE_H */
