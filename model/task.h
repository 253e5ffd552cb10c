/*
 * task.h - tasks and thread groups (include/linux/sched.h,
 * include/linux/sched/signal.h): what the pid code needs of them.
 *
 * A task is a thread; its signal_struct is shared by its thread group and
 * holds the group's TGID, PGID and SID pids. real_parent is NULL only for
 * the trace's init, whose parent lies outside the trace.
 *
 * Lifetime: a task is "in the system" (one reference) from copy_process()
 * until release_task(); others (the engine's label table) may hold more.
 * State follows the kernel: PF_EXITING once it starts to exit, then
 * exit_state EXIT_ZOMBIE, then EXIT_DEAD and released.
 *
 * Memory: a live process at depth 1 is a task (216 bytes on LP64), its
 * signal_struct (64) and its struct pid (40, and 72 per level for the
 * upids), each from an object cache (slab.h), and its share of the
 * lookup table's buckets (pid.c). pidbench measures the sum
 * (docs/bench.md); tests/unit/test_slab.c pins the sizes, so that a new
 * field is a decision. Two fields could go and do not yet, because code
 * outside model/ reads them: node (the process list, which the model
 * engine's snapshot and the fuzz harness walk) and machine (every task
 * but machine->outside reaches it through its pid's namespace).
 */
#ifndef PIDSIM_TASK_H
#define PIDSIM_TASK_H

#include <stdbool.h>

#include "model/list.h"
#include "model/pid.h"

struct machine;
struct pid_namespace;

/* task_struct.flags */
#define PF_EXITING		0x00000004
#define PF_FORKNOEXEC		0x00000040	/* forked, has not called exec */

/* task_struct.exit_state */
#define EXIT_ZOMBIE		0x00000010
#define EXIT_DEAD		0x00000020

/* signal_struct.flags */
#define SIGNAL_GROUP_EXIT	0x00000004
#define SIGNAL_UNKILLABLE	0x00000040

#define SIGCHLD			17

struct signal_struct {
	int usage;			/* tasks pointing here */
	int nr_threads;			/* threads not yet released */
	int live;			/* threads not yet exiting */
	/*
	 * flags and the four booleans in the word the three counts leave,
	 * so that the structure is 64 bytes, not 72 (flags has two bits).
	 */
	unsigned short flags;		/* SIGNAL_* */
	bool leader:1;			/* session leader (setsid) */
	bool is_child_subreaper:1;
	bool has_child_subreaper:1;
	bool sigchld_ignored:1;		/* SIGCHLD is SIG_IGN: children autoreap;
					 * inherited by fork, kept by exec */
	struct list_head thread_head;	/* task->thread_node, leader first */
	struct pid *pids[PIDTYPE_MAX];	/* TGID, PGID, SID (PID unused) */
};

struct task_struct {
	int usage;
	unsigned int flags;		/* PF_* */
	/*
	 * The small fields narrow, so that with usage and flags they take
	 * 16 bytes: exit_signal is what clone's CSIGNAL byte allows or -1.
	 */
	short exit_signal;		/* SIGCHLD, 0, or -1 for a thread */
	unsigned char exit_state;	/* 0, EXIT_ZOMBIE, EXIT_DEAD */
	bool zapping;			/* init blocked in zap_pid_ns_processes */
	bool released;			/* release_task() done */
	struct pid *thread_pid;		/* referenced */
	struct ring_node pid_links[PIDTYPE_MAX];	/* in pid->tasks[type] */
	struct signal_struct *signal;
	struct task_struct *group_leader;
	struct list_head thread_node;
	struct task_struct *real_parent;
	struct list_head children;	/* leaders whose real_parent is us */
	struct list_head sibling;	/* in real_parent->children */
	struct pid_namespace *pid_ns_for_children;	/* NULL once exited */
	struct list_head work;		/* machine's exit queue or zappers */
	struct list_head node;		/* machine->tasks until released */
	struct machine *machine;
	/*
	 * Who this task is to whoever drives the model (the engine's own
	 * record of it), or NULL. The model never reads it: it only hands it
	 * back (a reaped child's, the names of the reasons).
	 */
	void *owner;
};

static inline struct pid *task_pid(const struct task_struct *t)
{
	return t->thread_pid;
}

static inline struct pid *task_tgid(const struct task_struct *t)
{
	return t->signal->pids[PIDTYPE_TGID];
}

static inline struct pid *task_pgrp(const struct task_struct *t)
{
	return t->signal->pids[PIDTYPE_PGID];
}

static inline struct pid *task_session(const struct task_struct *t)
{
	return t->signal->pids[PIDTYPE_SID];
}

static inline struct pid *task_pid_type(const struct task_struct *t,
					enum pid_type type)
{
	return type == PIDTYPE_PID ? t->thread_pid : t->signal->pids[type];
}

static inline struct pid_namespace *task_active_pid_ns(const struct task_struct *t)
{
	return ns_of_pid(t->thread_pid);
}

static inline bool thread_group_leader(const struct task_struct *t)
{
	return t->group_leader == t;
}

static inline bool same_thread_group(const struct task_struct *a,
				     const struct task_struct *b)
{
	return a->signal == b->signal;
}

static inline bool thread_group_empty(const struct task_struct *p)
{
	return list_is_singular(&p->signal->thread_head);
}

/* A leader that exited before its threads: not yet reapable. */
static inline bool delay_group_leader(const struct task_struct *p)
{
	return thread_group_leader(p) && !thread_group_empty(p);
}

/* task's number of the given type in ns; 0 when not visible there. */
int task_pid_nr_ns(const struct task_struct *task, enum pid_type type,
		   const struct pid_namespace *ns);

/* A thread of p's group that is not exiting, or NULL. */
struct task_struct *find_alive_thread(struct task_struct *p);

/*
 * alloc_task - a task with no pid, no parent, its own empty signal_struct
 * unless it joins leader's thread group. Returns NULL without memory.
 */
struct task_struct *alloc_task(struct machine *m, struct task_struct *leader);

static inline struct task_struct *get_task_struct(struct task_struct *t)
{
	t->usage++;
	return t;
}

/* Drop a reference; the last one frees the task (and its signal_struct
 * when it was the last task on it), putting their pids. */
void put_task_struct(struct task_struct *t);

/* Run visitor on every descendant of top's group, as walk_process_tree():
 * a visitor returning 0 skips that child's subtree. */
void walk_process_tree(struct task_struct *top,
		       int (*visitor)(struct task_struct *p, void *data),
		       void *data);

#endif /* PIDSIM_TASK_H */
