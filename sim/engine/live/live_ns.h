/*
 * live_ns.h - the PID namespaces of a live trace, known by identity.
 *
 * A namespace is its nsfs file's device and inode, pinned by an open
 * descriptor for the life of the trace so that the inode number is never
 * reused under us; its parent is found with NS_GET_PARENT. Index 0 is the
 * trace root (level 0); every other entry's parent has a smaller index.
 *
 * "T's pid as seen from namespace N" is T's number at N's level when N
 * lies on the chain of T's own namespace, else 0 (not visible): a pure
 * function of the table (tests/live/test_live_units.c).
 *
 * Cost: finding a namespace by identity is a hash look-up, and the table
 * keeps each namespace's children, so that what a statement does to one
 * namespace tree costs in proportion to that tree, never to the trace.
 */
#ifndef PIDSIM_LIVE_NS_H
#define PIDSIM_LIVE_NS_H

#include <stdbool.h>
#include <sys/types.h>

#include "sim/trace/stmt.h"

struct live_ns {
	dev_t dev;
	ino_t ino;
	int fd;			/* pins the namespace; -1 in tests */
	int parent;		/* -1 for the trace root */
	int level;		/* below the trace root */
	int child, sibling;	/* first child, next sibling; -1: none */
	int members;		/* the engine's: first label living here, -1 */
};

struct live_nstab {
	struct live_ns *ns;
	int n, cap;
	int *hash;		/* open addressing on (dev, ino): index or -1 */
	unsigned int hcap;	/* a power of two, > 2 * n */
};

/*
 * Append a namespace whose parent (an index, or -1 for the first entry,
 * the trace root) is known. fd is owned by the table from now on, even on
 * failure. Returns the new index or -ENOMEM.
 */
int live_ns_add(struct live_nstab *t, dev_t dev, ino_t ino, int fd,
		int parent);

/*
 * The index of the namespace that fd (an nsfs descriptor) names, adding
 * it and any unknown ancestors. fd is consumed (kept by the table when the
 * namespace is new). -EPROTO when it does not descend from the trace root.
 */
int live_ns_resolve(struct live_nstab *t, int fd);

/* The index of the namespace (dev, ino), or -1. */
int live_ns_find(const struct live_nstab *t, dev_t dev, ino_t ino);

/* Is namespace n anc itself or below it? */
bool live_ns_below(const struct live_nstab *t, int n, int anc);

/*
 * The pid, as seen from namespace nsidx, of a task whose own namespace is
 * task_ns and whose numbers (from the trace root down) are nspid: 0 when
 * it is not visible there.
 */
int live_ns_pid_in(const struct live_nstab *t, int task_ns,
		   const struct nspid *nspid, int nsidx);

/* Close every pinning descriptor and empty the table. */
void live_ns_release(struct live_nstab *t);

#endif /* PIDSIM_LIVE_NS_H */
