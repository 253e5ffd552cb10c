/*
 * snapshot.h - a neutral picture of one engine's world at one moment: its
 * namespaces and its processes, with their numbers, states, parents and
 * groups, in terms of trace labels only.
 *
 * An engine fills it (engine_ops.snapshot); sim/run/tree.c prints it. So
 * `--tree` has one shape, in text and in JSON, whatever engine made it, and
 * no engine prints anything itself. A value an engine cannot know is
 * SNAP_UNKNOWN and prints as "-" (text) or null (JSON).
 */
#ifndef PIDSIM_SNAPSHOT_H
#define PIDSIM_SNAPSHOT_H

#include <stdbool.h>

#include "sim/trace/stmt.h"

#define SNAP_UNKNOWN	(-1)

struct snap_ns {
	int parent;		/* index of the parent namespace, -1 for the trace root */
	int level;		/* 0 for the trace root */
	int pid_max;		/* or SNAP_UNKNOWN */
	int last_pid;		/* ns_last_pid, or SNAP_UNKNOWN */
	int accepting;		/* 1 accepts new processes, 0 its init died, or SNAP_UNKNOWN */
};

struct snap_proc {
	int label;
	int ns;			/* index of its active namespace */
	enum proc_state state;	/* never PS_REAPED: reaped processes are not shown */
	struct nspid nspid;	/* from the trace root down */
	int parent;		/* label of its parent's group leader, LABEL_NONE outside */
	int leader;		/* its thread group leader's label (itself for a leader) */
	int ppid, pgid, sid;	/* as it would read them, or SNAP_UNKNOWN */
};

struct snapshot {
	struct snap_ns *ns;
	int nns, cap_ns;
	struct snap_proc *proc;
	int nproc, cap_proc;
};

/* Add a namespace; its index, or -ENOMEM. */
int snapshot_add_ns(struct snapshot *s, const struct snap_ns *ns);

/* Add a process; 0 or -ENOMEM. */
int snapshot_add_proc(struct snapshot *s, const struct snap_proc *p);

/* Free what the snapshot holds and empty it (the struct itself is the caller's). */
void snapshot_release(struct snapshot *s);

#endif /* PIDSIM_SNAPSHOT_H */
