/*
 * pid.h - struct pid and its numbers (include/linux/pid.h, kernel/pid.c;
 * docs/kernel-rules.md, "Numbers at every level", the allocation rules,
 * "Who holds a number", "Ids seen across namespaces").
 *
 * A struct pid has one number per level from the trace root (numbers[0])
 * down to the namespace it was created in (numbers[level]). Its numbers
 * stay taken from alloc_pid() until the last task detaches from it, of any
 * of the four types: a zombie, a process group or a session keeps them.
 * References (get_pid/put_pid) keep only the memory, never the numbers.
 *
 * find_pid_ns() finds only published pids: alloc_pid() reserves every
 * level's number first and publishes all of them only when it cannot fail
 * any more, as the kernel stores NULL in the idr first.
 */
#ifndef PIDSIM_PID_H
#define PIDSIM_PID_H

#include <stdbool.h>
#include <stddef.h>

#include <uthash.h>

#include "model/list.h"

struct pid_namespace;
struct task_struct;

enum pid_type {
	PIDTYPE_PID,
	PIDTYPE_TGID,
	PIDTYPE_PGID,
	PIDTYPE_SID,
	PIDTYPE_MAX,
};

/* One level's number: which namespace, which number there. */
struct upid_key {
	struct pid_namespace *ns;
	int nr;			/* the hash key of key.ns->pid_hash */
};

struct upid {
	struct upid_key key;	/* key.ns, key.nr: this level's number */
	UT_hash_handle hh;	/* in key.ns->pid_hash while published */
};

struct pid {
	int count;		/* memory references; numbers are not counted */
	/*
	 * Level of the namespace it was created in, at most
	 * MAX_PID_NS_LEVEL: narrow, so that count, level and published
	 * share one word before the task heads.
	 */
	unsigned short level;
	bool published;		/* numbers visible to find_pid_ns */
	/*
	 * task->pid_links[type], in the order they were attached (a task
	 * that takes another's place takes its position). One pointer each:
	 * most pids have one task of one or two types (list.h, rings).
	 */
	struct ring_head tasks[PIDTYPE_MAX];
	struct upid numbers[];	/* level + 1 entries */
};

/*
 * alloc_pid - take one number per level for a new task in ns, deepest
 * level first, as docs/kernel-rules.md, "Levels are taken deepest first"
 * (IDR) or "The legacy scan" prescribes.
 * set_tid (innermost first, set_tid_size entries, may be NULL) asks for
 * exact numbers. Returns the published pid with one reference, or ERR_PTR:
 * EINVAL, EEXIST, EAGAIN (the profile's exhaustion errno), ENOMEM (dead
 * namespace or no memory). On failure the numbers reserved so far are
 * released but cursors stay where the attempt moved them.
 */
struct pid *alloc_pid(struct pid_namespace *ns, const int *set_tid,
		      size_t set_tid_size);

/*
 * free_pid - release every number of pid (the last task detached) and the
 * allocation's reference. Wakes a zapping init whose namespace empties and
 * disables a namespace whose first process failed (docs/kernel-rules.md,
 * "The first process of a namespace").
 */
void free_pid(struct pid *pid);

/*
 * alloc_outside_pid - a struct pid with no number in the trace: the process
 * group and session that init inherits from outside. pid_nr_ns() gives 0 in
 * every namespace and free_pid() releases nothing.
 */
struct pid *alloc_outside_pid(void);

static inline struct pid *get_pid(struct pid *pid)
{
	if (pid)
		pid->count++;
	return pid;
}

/* Drop a reference; the last one frees the memory (numbers already gone). */
void put_pid(struct pid *pid);

/* The published pid numbered nr in ns, or NULL. Never finds a reservation. */
struct pid *find_pid_ns(int nr, struct pid_namespace *ns);

/*
 * The shape of ns's lookup table, for checks and benchmarks: entries,
 * buckets and the sum over buckets of count^2 (a hit visits on average
 * sum / (2 * entries) + 1/2 entries). All 0 for an empty table.
 */
struct pid_hash_shape {
	unsigned long items, buckets;
	double sum_sq;
};
void pid_hash_shape(const struct pid_namespace *ns, struct pid_hash_shape *out);

/*
 * The table's parameters (why these: model/pid.c). A table doubles when
 * one chain reaches PID_HASH_THRESH entries, unless it already has
 * PID_HASH_GROW_CAP buckets per entry; it is rebuilt with about
 * PID_HASH_SHRINK_TO buckets per entry once it has more than
 * PID_HASH_SHRINK_AT. Each may be overridden at build time (-D) to
 * measure another shape; SHRINK_AT must stay at least twice GROW_CAP, or
 * a table would shrink right after growing.
 */
#ifndef PID_HASH_THRESH
#define PID_HASH_THRESH		2U
#endif
#ifndef PID_HASH_GROW_CAP
#define PID_HASH_GROW_CAP	8U
#endif
#ifndef PID_HASH_SHRINK_AT
#define PID_HASH_SHRINK_AT	32U
#endif
#ifndef PID_HASH_SHRINK_TO
#define PID_HASH_SHRINK_TO	8U
#endif

/* pid's number in ns, or 0 when pid is not visible there. */
int pid_nr_ns(const struct pid *pid, const struct pid_namespace *ns);

/* The namespace pid was created in (NULL for an outside pid). */
struct pid_namespace *ns_of_pid(const struct pid *pid);

/* First task attached to pid as type, or NULL. */
struct task_struct *pid_task(const struct pid *pid, enum pid_type type);

static inline bool pid_has_task(const struct pid *pid, enum pid_type type)
{
	return !ring_empty(&pid->tasks[type]);
}

/* Is pid the first process of its deepest namespace (number 1 there)? */
static inline bool is_child_reaper(const struct pid *pid)
{
	return pid->numbers[pid->level].key.nr == 1;
}

/*
 * attach_pid, detach_pid, change_pid - link task to the pid its own
 * pointer (thread_pid or signal->pids[type]) names; unlinking the last task
 * of any type frees the pid's numbers (free_pid).
 */
void attach_pid(struct task_struct *task, enum pid_type type);
void detach_pid(struct task_struct *task, enum pid_type type);
void change_pid(struct task_struct *task, enum pid_type type, struct pid *pid);

#endif /* PIDSIM_PID_H */
