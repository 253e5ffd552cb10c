/*
 * event.h - one line of tracefs text output, parsed (docs/record.md,
 * "What the recorder reads").
 *
 * The recorder enables a handful of tracepoints in a tracing instance of
 * its own, with the `record-tgid` option and the `counter` clock, and reads
 * the instance's trace_pipe. Each line is
 *
 *     COMM-TID (TGID) [CPU] FLAGS COUNTER: EVENT: FIELDS
 *
 * where COMM may hold any character (a task names itself), so the parser
 * anchors on the "-TID (TGID) [CPU]" pattern, never on COMM. Parsing is a
 * pure function of the text: the unit tests feed it lines captured on a
 * live kernel.
 */
#ifndef PIDSIM_RECORD_EVENT_H
#define PIDSIM_RECORD_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#define REC_COMM_MAX	16
#define REC_PATH_MAX	256

enum rec_event_type {
	EV_NEWTASK,		/* task:task_newtask, in the creating thread */
	EV_EXIT,		/* sched:sched_process_exit, in the exiting thread */
	EV_EXEC,		/* sched:sched_process_exec, after de_thread */
	EV_SIG_GENERATE,	/* signal:signal_generate, in the sender */
	EV_SIG_DELIVER,		/* signal:signal_deliver, in the receiver */
	EV_SYS_ENTER,		/* syscalls:sys_enter_*, arguments */
	EV_SYS_EXIT,		/* syscalls:sys_exit_*, the return value */
};

/* The system calls the recorder follows. */
enum rec_sys {
	RSYS_OTHER,
	RSYS_CLONE,
	RSYS_CLONE3,
	RSYS_FORK,
	RSYS_VFORK,
	RSYS_EXECVE,
	RSYS_EXECVEAT,
	RSYS_WAIT4,
	RSYS_WAITID,
	RSYS_SETSID,
	RSYS_SETPGID,
	RSYS_UNSHARE,
	RSYS_SETNS,
	RSYS_PRCTL,
	RSYS_RT_SIGACTION,
	RSYS_KILL,
};

#define REC_SYS_ARGS	6

struct rec_event {
	unsigned long long ts;		/* the counter clock: one total order */
	int tid;			/* the thread the event ran in (host) */
	int tgid;			/* its thread group (record-tgid) */
	int cpu;
	char comm[REC_COMM_MAX + 1];	/* the current task's name */
	enum rec_event_type type;

	/* EV_NEWTASK */
	int child;			/* the new task's host tid */
	unsigned long long clone_flags;

	/* EV_EXIT */
	bool group_dead;		/* the last thread of its group */

	/* EV_EXEC: pid is the group's tid after de_thread, old_pid the caller's */
	int exec_pid, exec_old_pid;
	char filename[REC_PATH_MAX];

	/* EV_SIG_GENERATE (target host pid, group signal?) and EV_SIG_DELIVER */
	int sig, code, target, group, result;
	unsigned long handler;

	/* EV_SYS_ENTER, EV_SYS_EXIT */
	enum rec_sys sys;
	int nargs;
	unsigned long long args[REC_SYS_ARGS];	/* as the kernel prints them */
	long long ret;
};

/*
 * Parse one line (without its newline). Returns 1 and fills *ev for an
 * event the recorder follows, 0 for a line it has no use for (a header
 * comment, an event of another name, a syscall it does not follow) and
 * -EINVAL for a line that does not read as tracefs output at all.
 */
int rec_event_parse(const char *line, struct rec_event *ev);

/* The name of a followed system call as tracefs spells it ("clone3"). */
const char *rec_sys_name(enum rec_sys s);

/* The system call named name (without "sys_"), RSYS_OTHER if not followed. */
enum rec_sys rec_sys_lookup(const char *name, size_t len);

#endif /* PIDSIM_RECORD_EVENT_H */
