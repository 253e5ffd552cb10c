/*
 * machine.h - one modelled kernel: its profile, the trace root namespace
 * and its init, and the work that the real kernel does asynchronously
 * (tasks killed but not yet exited, inits waiting for their namespace to
 * empty). Each namespace holds its own lookup table (pid_namespace.h).
 *
 * Every entry point that can start such work (exit, kill, wait, setsid,
 * setpgid) settles the machine before it returns: when it returns, no task
 * is mid-exit except inits blocked in zap_pid_ns_processes(), exactly the
 * state a trace statement may observe (docs/trace-language.md, "Where the
 * kernel would block").
 */
#ifndef PIDSIM_MACHINE_H
#define PIDSIM_MACHINE_H

#include <stdbool.h>

#include "model/list.h"
#include "model/pid.h"
#include "model/profile.h"

struct explain;
struct pid_namespace;
struct task_struct;

/* kernel.threads-max and user.max_pid_namespaces of this project's host
 * (24 GiB): the defaults of a machine_config that says 0. */
#define MACHINE_MAX_THREADS_DEFAULT	192730
#define MACHINE_MAX_PID_NS_DEFAULT	96365

struct machine_config {
	const struct kernel_profile *profile;	/* NULL: the default */
	unsigned int base_level;	/* real level of the trace root (0..32) */
	int root_pid_max;		/* 0: PID_MAX_DEFAULT (32768) */
	int pid_max_min;		/* 0: 301, max(RESERVED_PIDS+1, 8 * cpus) */
	unsigned int nr_cpus;		/* 0: 2, for the pid_max clamp */
	unsigned long max_threads;	/* 0: 192730, kernel.threads-max */
	unsigned long max_pid_namespaces; /* 0: 96365, user.max_pid_namespaces */
};

struct machine {
	const struct kernel_profile *profile;
	unsigned int base_level;
	int pid_max;			/* global pid_max (profiles without per-ns) */
	int pid_max_min;
	unsigned int nr_cpus;
	/*
	 * The kernel's two counts that bound a trace: tasks not yet released
	 * (fork fails with EAGAIN) and PID namespaces alive (ENOSPC). They
	 * also bound the model's memory. Defaults: this project's host.
	 */
	unsigned long max_threads;
	unsigned long max_pid_namespaces;
	struct pid_namespace *root;
	struct task_struct *init;
	struct task_struct *outside;	/* whoever started init: its parent,
					 * process group and session, with no
					 * number anywhere in the trace */
	struct list_head namespaces;	/* every pid_namespace alive */
	struct list_head tasks;		/* every task not yet released */
	struct list_head exit_queue;	/* killed, not yet through do_exit */
	struct list_head zappers;	/* inits blocked in zap_pid_ns_processes */
	unsigned long nr_tasks;		/* tasks not yet released */
	unsigned long nr_pids;		/* published struct pids */
	unsigned long settles;		/* machine_settle() calls so far */
	unsigned long nr_namespaces;
	unsigned long next_ns_id;

	/*
	 * The reasons of the current statement (model/explain.h), or NULL:
	 * set by whoever asked for them (pidsim run --explain), never by the
	 * model, which only tests it.
	 */
	struct explain *explain;

	/*
	 * Set, once, when the modelled kernel would oops (a NULL pointer the
	 * real code dereferences): what happens after it is not the kernel's,
	 * so an engine stops the trace there.
	 */
	const char *oops;

	/* Called by release_task() just before the system drops the task. */
	void (*release_hook)(struct task_struct *t, void *cookie);
	void *hook_cookie;
};

/*
 * machine_new - the world at the start of a trace: the root namespace with
 * pid_max root_pid_max, and init, pid 1 and its child reaper. Returns NULL
 * and sets *err (-ENOMEM) on failure.
 */
struct machine *machine_new(const struct machine_config *cfg, int *err);

/* Free everything, whatever state the machine is in. */
void machine_free(struct machine *m);

/*
 * machine_settle - run queued exits and finish every zap whose namespace
 * has emptied, until nothing more can happen without a new statement.
 */
void machine_settle(struct machine *m);

/* The modelled kernel would oops here; keeps the first reason. */
void machine_oops(struct machine *m, const char *why);

/* Queue t's exit (it received SIGKILL or called exit). */
void machine_queue_exit(struct machine *m, struct task_struct *t);

#endif /* PIDSIM_MACHINE_H */
