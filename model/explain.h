/*
 * explain.h - why the model gave the result it gave (`pidsim run
 * --explain`, docs/explain.md).
 *
 * A struct explain hangs on struct machine (machine->explain) only while
 * someone asked for reasons; it is NULL otherwise, and every hook in the
 * model is one EXPLAIN()/EXPLAIN_CALL() whose off path is a single,
 * predicted-not-taken test of that pointer: no argument is evaluated, no
 * text is built, no function is called. The hot paths (alloc_pid,
 * free_pid, copy_process, release_task) pay that test, one per call at
 * most (docs/explain.md, "What it costs", measures it).
 *
 * While on, each hook appends one reason: a line of text named after the
 * kernel function whose rule decided, with the numbers it used. The lines
 * of one statement are collected between explain_begin() and the next
 * explain_begin(); explain_text() hands them over.
 *
 * Names: a task is named by its trace label (the owner of the explain
 * gives the label names); a namespace by its level and its init's label
 * ("level 1 (namespace of c)"), or by who made it while it has no init.
 * explain.c keeps, per namespace id, who made it, who its init is and why
 * it stopped accepting processes, because the kernel's own pointers
 * (child_reaper) may outlive the task they point at.
 *
 * Invariants: the text is lines joined by '\n', no trailing newline; it
 * never exceeds EXPLAIN_TEXT_MAX bytes (reasons past that are cut, with a
 * last line saying so); a failure to allocate loses reasons, never the
 * statement.
 */
#ifndef PIDSIM_EXPLAIN_H
#define PIDSIM_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

struct machine;
struct pid;
struct pid_namespace;
struct task_struct;

#define EXPLAIN_TEXT_MAX	(64 * 1024)	/* bytes of reasons per statement */
#define EXPLAIN_NAME_LEN	128		/* a namespace's or pid's name */
#define EXPLAIN_NAME_RING	4		/* names alive in one reason */

/* How a namespace came to refuse new processes (PIDNS_ADDING cleared). */
enum explain_ns_dead {
	EXPLAIN_NS_ALIVE,
	EXPLAIN_NS_ZAPPED,		/* its init exited: zap_pid_ns_processes */
	EXPLAIN_NS_FIRST_FAILED,	/* its first process failed after alloc_pid */
};

struct explain_ns {
	int init;			/* label of its pid 1, or -1 */
	int creator;			/* label of who made it, or -1 */
	bool unshared;			/* made by unshare, not by clone newpid */
	enum explain_ns_dead dead;
	int dead_by;			/* EXPLAIN_NS_ZAPPED: the init's label */
	unsigned int cursor0;		/* its cursor when the statement began,
					 * EXPLAIN_NO_CURSOR when made since */
};
#define EXPLAIN_NO_CURSOR	(~0U)

struct explain {
	char *buf;			/* the statement's reasons */
	size_t len, cap;
	bool cut;			/* EXPLAIN_TEXT_MAX reached */
	const char *const *names;	/* label names, may be NULL */
	int nnames;
	/* a task's label from its owner (task_struct.owner), -1 for none */
	int (*label_of)(const void *owner, void *cookie);
	void *cookie;
	int child_label;		/* the label a fork of this statement
					 * gives its child, or -1 */
	struct explain_ns *ns;		/* by pid_namespace.id */
	size_t nns;
	const char *release_why;	/* explain_release_cause(), once */
	/* explain_begin(): the set_tid of this statement's clone */
	const int *set_tid;
	size_t set_tid_size;
	char ring[EXPLAIN_NAME_RING][EXPLAIN_NAME_LEN];
	unsigned int next_ring;
};

/*
 * Every function here is cold: the compiler moves the calls, and the
 * arguments they need, out of the hot code's straight line.
 */
#define EXPLAIN_COLD	__attribute__((cold))

/* Is anyone asking the machine m for reasons? One predictable branch. */
#define explain_on(m)	__builtin_expect((m)->explain != NULL, 0)

/* One reason, printf style, built only when m explains. */
#define EXPLAIN(m, ...)							\
	do {								\
		if (explain_on(m))					\
			explain_say((m)->explain, __VA_ARGS__);		\
	} while (0)

/* fn(m->explain, ...), called only when m explains. */
#define EXPLAIN_CALL(m, fn, ...)					\
	do {								\
		if (explain_on(m))					\
			fn((m)->explain, __VA_ARGS__);			\
	} while (0)

/*
 * explain_new - an empty explain naming labels by names[0..nnames-1]
 * (NULL: "#N"), and tasks by label_of(t->owner, cookie). The array must
 * outlive the explain. NULL without memory.
 */
EXPLAIN_COLD struct explain *explain_new(const char *const *names, int nnames,
					 int (*label_of)(const void *owner, void *cookie),
					 void *cookie);

/* Free x and everything it holds; NULL is fine. */
EXPLAIN_COLD void explain_free(struct explain *x);

/*
 * explain_begin - forget the previous statement's reasons and note what
 * the next one's may need: every namespace's cursor in m (a statement
 * makes at most one alloc_pid, which is told from them), the label a fork
 * or clone of this statement creates (-1 for others) and its set_tid
 * (NULL, 0 without). set_tid must stay valid until the next begin.
 */
EXPLAIN_COLD void explain_begin(struct explain *x, const struct machine *m,
				int child_label, const int *set_tid,
				size_t set_tid_size);

/* The reasons since explain_begin(), lines joined by '\n'; NULL if none.
 * Valid until the next explain_begin() or explain_say(). */
EXPLAIN_COLD const char *explain_text(const struct explain *x);

/* Append one reason (one line: a '\n' in it starts another). */
EXPLAIN_COLD void explain_say(struct explain *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A task's name: its label, "the parent outside the trace", "#N". */
EXPLAIN_COLD const char *explain_task(struct explain *x, const struct task_struct *t);

/* "level 1 (namespace of c)"; lives until EXPLAIN_NAME_RING more names. */
EXPLAIN_COLD const char *explain_ns(struct explain *x, const struct pid_namespace *ns);

/* A pid's numbers from the trace root down, "7/1"; same lifetime. */
EXPLAIN_COLD const char *explain_nrs(struct explain *x, const struct pid *pid);

/* "EAGAIN" for -EAGAIN or EAGAIN. */
EXPLAIN_COLD const char *explain_errno(int err);

/* The bookkeeping behind the names (called by the model's hooks). */
EXPLAIN_COLD void explain_ns_made(struct explain *x, const struct pid_namespace *ns,
				  const struct task_struct *creator, bool unshared);
EXPLAIN_COLD void explain_ns_dead(struct explain *x, const struct pid_namespace *ns,
				  enum explain_ns_dead how, const struct task_struct *init);

/*
 * The reasons that need the model's structures, one per kernel rule
 * (explain.c says what each prints; docs/explain.md shows them).
 *
 * explain_alloc_pid: alloc_pid for a task in ns ended. Levels from
 * ns->level down to stop + 1 took pid's numbers; at level stop (>= 0) it
 * failed with err; stop == -1 means every level took its number, and err
 * is 0 or -ENOMEM (ns takes no new process). Told one line per level,
 * deepest first, from the cursors explain_begin() noted, so that
 * alloc_pid pays one test and its loop nothing.
 */
EXPLAIN_COLD void explain_alloc_pid(struct explain *x, const struct pid_namespace *ns,
				    const struct pid *pid, int stop, int err);
/* ns takes no new process (PIDNS_ADDING cleared): -> ENOMEM, by who. */
EXPLAIN_COLD void explain_alloc_dead(struct explain *x, const struct pid_namespace *ns,
				     const char *who);
/* free_pid released pid's numbers. */
EXPLAIN_COLD void explain_free_pid(struct explain *x, const struct pid *pid);
/* release_task(p): p leaves the system, why says how ("reaped by a"). */
EXPLAIN_COLD void explain_release(struct explain *x, const struct task_struct *p,
				  const char *why);
/* The cause the next release_task() gives (a wait, a zap, de_thread);
 * without one it is worked out from p (a thread, an autoreap). */
EXPLAIN_COLD void explain_release_cause(struct explain *x, const char *why);
/* forget_original_parent: father's children go to reaper. */
EXPLAIN_COLD void explain_reparent(struct explain *x, const struct task_struct *father,
				   const struct task_struct *reaper,
				   const struct task_struct *child_reaper);
/* exit_notify: tsk is now a zombie (autoreap false) or released at once. */
EXPLAIN_COLD void explain_exit_notify(struct explain *x, const struct task_struct *tsk,
				      bool autoreap);
/*
 * group_send_sig_info: sig from current to p's group; dropped 0 when it
 * was delivered, 1 when p's group was already exiting, 2 when p ignored it.
 */
EXPLAIN_COLD void explain_signal(struct explain *x, const struct task_struct *current,
				 const struct task_struct *p, int sig, bool force, int dropped);
/* do_exit(tsk) begins. */
EXPLAIN_COLD void explain_do_exit(struct explain *x, const struct task_struct *tsk);
/* copy_process: this statement's child is pid 1 of ns, its reaper. */
EXPLAIN_COLD void explain_new_init(struct explain *x, const struct pid_namespace *ns);
/* release_task(p) emptied the group of p's zombie leader, reported now. */
EXPLAIN_COLD void explain_zap_leader(struct explain *x, const struct task_struct *p,
				     bool autoreap);
/* What do_wait by current made of its child p. */
enum explain_wait {
	EXPLAIN_WAIT_INELIGIBLE,	/* exit_signal is not SIGCHLD */
	EXPLAIN_WAIT_REAPED,		/* a zombie: reaped */
	EXPLAIN_WAIT_NOT_YET,		/* running, exiting, or a delayed leader */
};
EXPLAIN_COLD void explain_wait_child(struct explain *x,
				     const struct task_struct *current,
				     const struct task_struct *p,
				     enum explain_wait what);
/* After p's release: does its own number stay taken, and by what? */
EXPLAIN_COLD void explain_release_held(struct explain *x, const struct task_struct *p,
				       const struct pid *pid);

#endif /* PIDSIM_EXPLAIN_H */
