/*
 * stmt.h - one statement of a trace, parsed, validated and range-expanded.
 *
 * The parser (trace.c) yields these one at a time; the runner (runner.c)
 * applies the rules common to every engine and hands the rest to an engine
 * (engine.h). Labels are resolved to dense integers in order of first
 * appearance: LABEL_INIT (0) is always `init`, so an engine can index an
 * array by label. A statement never refers to a label that has not been
 * introduced by an earlier fork or clone: the parser guarantees it.
 *
 * Everything here is plain data with fixed bounds, so a statement can be
 * copied, kept on the stack and compared without allocation.
 */
#ifndef PIDSIM_STMT_H
#define PIDSIM_STMT_H

#include <limits.h>
#include <stddef.h>
#include <stdbool.h>

#define LABEL_INIT		0
#define LABEL_NONE		(-1)
#define LABEL_MAX_LEN		63
#define TRACE_LINE_MAX		4096	/* bytes, newline excluded */
#define SET_TID_MAX		33	/* entries the parser accepts */
#define NSPID_MAX		33	/* levels 0..32 below the trace root */
#define EXPECT_PAIRS_MAX	32
#define STMT_ARGS_MAX		(2 + EXPECT_PAIRS_MAX)
#define SHOW_KEYS_MAX		EXPECT_PAIRS_MAX	/* keys of one `show` */

/* The trace language versions (`pidsim 1`, `pidsim 1.1`), as 10 * major + minor. */
#define TRACE_VERSION_1		10
#define TRACE_VERSION_1_1	11

enum stmt_op {
	OP_FORK,
	OP_CLONE,
	OP_UNSHARE,
	OP_SETNS,
	OP_EXIT,
	OP_KILL,
	OP_WAIT,
	OP_SETSID,
	OP_SETPGID,
	OP_SUBREAPER,
	OP_NS_LAST_PID,
	OP_PID_MAX,
	OP_EXPECT,
	/* version 1.1 */
	OP_SIGCHLD,	/* sigchld P ignore|default */
	OP_EXEC,	/* exec P */
	OP_SHOW,	/* show P KEY ... */
	OP__COUNT
};

/* stmt.flags */
#define STMT_NEWPID	0x01	/* clone: newpid (CLONE_NEWPID) */
#define STMT_THREAD	0x02	/* clone: thread (CLONE_THREAD|CLONE_SIGHAND|CLONE_VM) */
#define STMT_PARENT	0x04	/* clone: parent (CLONE_PARENT) */
#define STMT_SET_TID	0x08	/* clone: set_tid=... given */
#define STMT_CHILDREN	0x10	/* setns: use /proc/T/ns/pid_for_children */
/* version 1.1 (docs/trace-language.md, "Version 1.1 statements") */
#define STMT_ANY	0x20	/* wait P any: waitpid(-1); label[1] is LABEL_NONE */
#define STMT_IGNORE	0x40	/* sigchld P ignore (without: default) */
#define STMT_WHO	0x80	/* setpgid P C G: label[2] is C (without: 0, P itself) */
#define STMT_EXIT_THREAD 0x100	/* exit P thread: the exit syscall, not exit_group */
#define STMT_PGRP	0x200	/* kill P -G: kill(-pgid of G); label[1] is G */
#define STMT_ALL	0x400	/* kill P all: kill(-1); label[1] is LABEL_NONE */
#define STMT_SIG	0x800	/* kill: a signal name was written (stmt.sig) */

/* The signals `kill` may send (numbers as on x86-64 and every Linux arch
 * that pidsim runs on: asm-generic). */
#define TRACE_SIGHUP	1
#define TRACE_SIGINT	2
#define TRACE_SIGQUIT	3
#define TRACE_SIGKILL	9
#define TRACE_SIGUSR1	10
#define TRACE_SIGUSR2	12
#define TRACE_SIGALRM	14
#define TRACE_SIGTERM	15

enum proc_state {
	PS_RUNNING,
	PS_EXITING,
	PS_ZOMBIE,
	PS_REAPED,
};

/* A pid's numbers from the trace root down; NSPID_ANY is a '*' in a pattern. */
#define NSPID_ANY	INT_MIN
struct nspid {
	int n;
	int nr[NSPID_MAX];
};

enum expect_key {
	EK_NSPID,	/* nspid=7/1 */
	EK_STATE,	/* state=running|exiting|zombie|reaped */
	EK_PARENT,	/* parent=Q */
	EK_PPID,	/* ppid=N */
	EK_PGID,	/* pgid=N */
	EK_SID,		/* sid=N */
	EK_LAST_PID,	/* last_pid=N */
	EK_PID_MAX,	/* pid_max=N */
	EK_PID_AT,	/* pid@Q=N */
};
#define EK__COUNT	(EK_PID_AT + 1)

struct expect_pair {
	enum expect_key key;
	int label;			/* EK_PARENT, EK_PID_AT: Q */
	int value;			/* EK_PPID .. EK_PID_AT */
	enum proc_state state;		/* EK_STATE */
	struct nspid nspid;		/* EK_NSPID, may hold NSPID_ANY */
};

/* The result of a statement, and what `=> R` may say about it. */
enum outcome {
	OC_OK,		/* "ok"; as an expectation on fork/clone: any success */
	OC_NSPID,	/* fork/clone success: "7/1" */
	OC_RUNNING,	/* wait: the child has not exited */
	OC_ERRNO,	/* "ENOMEM", ... */
	OC_SKIPPED,	/* live/diff: the statement cannot be sent to the kernel */
	OC_FOUND,	/* expect: the first KEY=VALUE that does not hold */
	OC_LABEL,	/* wait P any: the label of the reaped child (1.1) */
	OC_SHOW,	/* show: "KEY=VALUE KEY=VALUE ..." (1.1) */
};

struct expectation {
	enum outcome kind;	/* OC_OK, OC_NSPID (pattern), OC_RUNNING, OC_ERRNO,
				 * OC_SKIPPED, OC_LABEL (wait any), OC_SHOW */
	int err;		/* OC_ERRNO: positive errno */
	int label;		/* OC_LABEL: the label R names */
	struct nspid nspid;	/* OC_NSPID: pattern */
};

struct stmt {
	const char *file;	/* as given on the command line; "-" for stdin */
	unsigned int line;	/* 1-based; a range statement keeps its own line */
	unsigned int column;	/* column of the operation token */
	enum stmt_op op;
	int label[3];		/* actor P; then C, T, G or LABEL_NONE; then
				 * setpgid P C G's C (STMT_WHO) or LABEL_NONE */
	unsigned int flags;	/* STMT_* */
	int value;		/* ns_last_pid, pid_max: N */
	int sig;		/* kill: the signal (TRACE_SIG*); the parser writes
				 * TRACE_SIGKILL when none is given, 0 means the same */
	int version;		/* TRACE_VERSION_1_1 for a statement only 1.1 has */
	int set_tid_size;
	int set_tid[SET_TID_MAX];	/* innermost level first, as clone3 takes it */
	int npairs;
	struct expect_pair pairs[EXPECT_PAIRS_MAX];	/* expect; show: the keys,
							 * value fields unused */
	bool has_expectation;
	struct expectation expect;	/* `=> R` */

	/* For output: the tokens after the operation, ranges expanded, and R. */
	int argc;
	const char *argv[STMT_ARGS_MAX];
	const char *expect_text;	/* NULL without `=> R`; show: all of
					 * its pairs, one space between them */
	char buf[TRACE_LINE_MAX + 256];	/* backing store of argv and expect_text */
};

/* "fork", "clone", ...: the operation's name as written in a trace. */
const char *stmt_op_name(enum stmt_op op);

/* The operation named by the len bytes at s, or OP__COUNT for none. */
enum stmt_op stmt_op_lookup(const char *s, size_t len);

/* "running", "exiting", "zombie", "reaped". */
const char *proc_state_name(enum proc_state s);

/* "KILL", "TERM", ...: a signal's name in a trace, NULL for another number. */
const char *trace_signal_name(int sig);

/* The signal a trace names ("TERM"), or 0 when it names none. */
int trace_signal_by_name(const char *name, unsigned long len);

/* "nspid", "state", "parent", "ppid", ...; "pid@" for EK_PID_AT. */
const char *expect_key_name(enum expect_key key);

#endif /* PIDSIM_STMT_H */
