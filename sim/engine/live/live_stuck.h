/*
 * live_stuck.h - refusing statements that would leave a namespace init
 * exiting for good, and moving inits out of harm's way before a teardown
 * (see live_stuck.c).
 */
#ifndef PIDSIM_LIVE_STUCK_H
#define PIDSIM_LIVE_STUCK_H

#include <stdbool.h>

#include "sim/engine/live/live_engine.h"
#include "sim/trace/stmt.h"

/*
 * Refuse (-EDEADLK, said on stderr with st's position) a statement that
 * would leave an init exiting with no way to move it out of its group.
 * Labels marked `doomed` are those the statement kills; parent_of, when
 * >= 0, is an actor about to leave its session (setsid). 0 when safe.
 * Costs one look per living namespace init.
 */
int live_check_stuck(struct live_engine *le, const struct stmt *st,
		     int parent_of);

/* live_check_stuck() for an exit or kill that ends l's group (or thread). */
int live_check_doom(struct live_engine *le, const struct stmt *st, int l,
		    bool thread_only);

/* Before a teardown: move every init out of a group led from inside. */
void live_unstick(struct live_engine *le);

#endif /* PIDSIM_LIVE_STUCK_H */
