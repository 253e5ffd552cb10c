/*
 * pid_namespace.h - struct pid_namespace (include/linux/pid_namespace.h,
 * kernel/pid_namespace.c; docs/kernel-rules.md, "Numbers at every level"
 * and the namespace rules, from "The nesting limit and the namespace
 * count" to "The death of a namespace init").
 *
 * Levels count from the trace root, which is level 0 here whatever its real
 * depth; the machine's base_level adds the real depth where the kernel's
 * limits count absolute levels (nesting, set_tid size).
 *
 * Invariants: pid_allocated without PIDNS_ADDING equals the number of
 * published struct pids with a number in this namespace (processes of
 * nested namespaces included); a cleared PIDNS_ADDING never comes back;
 * cursor is never moved back by a failure (only the first-process reset
 * of the IDR allocator sets it to 0).
 */
#ifndef PIDSIM_PID_NAMESPACE_H
#define PIDSIM_PID_NAMESPACE_H

#include <stdbool.h>

#include "model/list.h"
#include "model/pidmap.h"

#define PIDNS_ADDING	(1U << 31)

struct machine;
struct task_struct;

struct pid_namespace {
	int count;			/* references: nsproxies, pids, children */
	unsigned int level;		/* 0 for the trace root */
	struct pid_namespace *parent;
	struct machine *machine;
	unsigned int cursor;		/* idr_next; ns_last_pid reads cursor - 1 */
	int pid_max;			/* own bound (per-namespace profiles) */
	unsigned int pid_allocated;	/* | PIDNS_ADDING while accepting pids */
	unsigned long freed_settle;	/* machine->settles when one of its
					 * pids was last freed */
	struct task_struct *child_reaper;	/* NULL once that task is freed */
	bool has_child_reaper;		/* a first process was ever attached:
					 * the kernel never clears its pointer */
	unsigned long id;		/* serial number, for printing */
	struct list_head node;		/* in machine->namespaces */
	struct upid *pid_hash;		/* uthash head: the published numbers
					 * of this level, keyed on nr alone
					 * (find_pid_ns; shape in pid.c) */
	struct pidmap_set pidmap;
};

/*
 * create_pid_namespace - a new namespace below parent (docs/kernel-rules.md,
 * "The nesting limit and the namespace count").
 * Returns the namespace with one reference, or ERR_PTR: the profile's
 * nesting errno (ENOSPC) beyond MAX_PID_NS_LEVEL real levels, ENOSPC when
 * the machine already has max_pid_namespaces, ENOMEM.
 */
struct pid_namespace *create_pid_namespace(struct machine *m,
					   struct pid_namespace *parent);

/*
 * copy_pid_ns - what clone/unshare give the child as pid_ns_for_children:
 * old_ns itself (with a new reference) without newpid; with newpid a new
 * namespace below old_ns, or ERR_PTR(-EINVAL) when old_ns is not the
 * caller's active namespace (docs/kernel-rules.md, "A new namespace only
 * from home").
 */
struct pid_namespace *copy_pid_ns(bool newpid, struct pid_namespace *active,
				  struct pid_namespace *old_ns);

struct pid_namespace *get_pid_ns(struct pid_namespace *ns);

/* Drop a reference; the last one frees the namespace and its pidmap. */
void put_pid_ns(struct pid_namespace *ns);

/* The bound of numbers at this level: its own pid_max or the global one. */
int pid_ns_pid_max(const struct pid_namespace *ns);

/* Is ancestor child itself or one of its ancestors? (pidns_is_ancestor) */
bool pidns_is_ancestor(const struct pid_namespace *child,
		       const struct pid_namespace *ancestor);

/* Stop accepting pids: every later alloc_pid here fails with ENOMEM. */
void disable_pid_allocation(struct pid_namespace *ns);

/*
 * zap_pid_ns_processes - the dying init's part (docs/kernel-rules.md, "The
 * death of a namespace init"): stop
 * allocation, ignore SIGCHLD, SIGKILL every task numbered >= 2. The init
 * then blocks until zap_pid_ns_done() says its namespace is empty.
 */
void zap_pid_ns_processes(struct pid_namespace *ns, struct task_struct *init);

/*
 * zap_pid_ns_done - the blocking half: reap init's zombie children; true
 * once init has no child left and pid_allocated is back to init's own.
 */
bool zap_pid_ns_done(struct pid_namespace *ns, struct task_struct *init);

#endif /* PIDSIM_PID_NAMESPACE_H */
