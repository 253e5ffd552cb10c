/*
 * stmt.c - names of the statement operations and process states.
 *
 * The names are the exact tokens of the trace language
 * (docs/trace-language.md, "Statements"):
 * the parser matches operations against stmt_op_name() and the reports
 * print them back, so a name changes here or nowhere.
 */
#include <string.h>

#include "sim/trace/stmt.h"

#define OP_NAME(op, name)	[op] = { name, sizeof(name) - 1 }

static const struct {
	const char *name;
	unsigned char len;
} op_names[OP__COUNT] = {
	OP_NAME(OP_FORK, "fork"),
	OP_NAME(OP_CLONE, "clone"),
	OP_NAME(OP_UNSHARE, "unshare"),
	OP_NAME(OP_SETNS, "setns"),
	OP_NAME(OP_EXIT, "exit"),
	OP_NAME(OP_KILL, "kill"),
	OP_NAME(OP_WAIT, "wait"),
	OP_NAME(OP_SETSID, "setsid"),
	OP_NAME(OP_SETPGID, "setpgid"),
	OP_NAME(OP_SUBREAPER, "subreaper"),
	OP_NAME(OP_NS_LAST_PID, "ns_last_pid"),
	OP_NAME(OP_PID_MAX, "pid_max"),
	OP_NAME(OP_EXPECT, "expect"),
	OP_NAME(OP_SIGCHLD, "sigchld"),
	OP_NAME(OP_EXEC, "exec"),
	OP_NAME(OP_SHOW, "show"),
};

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "KILL", TRACE_SIGKILL }, { "TERM", TRACE_SIGTERM },
	{ "INT", TRACE_SIGINT }, { "HUP", TRACE_SIGHUP },
	{ "QUIT", TRACE_SIGQUIT }, { "USR1", TRACE_SIGUSR1 },
	{ "USR2", TRACE_SIGUSR2 }, { "ALRM", TRACE_SIGALRM },
};

static const char *const key_names[EK__COUNT] = {
	[EK_NSPID]	= "nspid",
	[EK_STATE]	= "state",
	[EK_PARENT]	= "parent",
	[EK_PPID]	= "ppid",
	[EK_PGID]	= "pgid",
	[EK_SID]	= "sid",
	[EK_LAST_PID]	= "last_pid",
	[EK_PID_MAX]	= "pid_max",
	[EK_PID_AT]	= "pid@",
};

const char *stmt_op_name(enum stmt_op op)
{
	if ((unsigned int)op >= OP__COUNT)
		return "?";
	return op_names[op].name;
}

/*
 * Every line of a trace goes through here, so the names are told apart by
 * their first byte and length before any comparison of the rest.
 */
enum stmt_op stmt_op_lookup(const char *s, size_t len)
{
	unsigned int op;

	if (!len)
		return OP__COUNT;
	for (op = 0; op < OP__COUNT; op++) {
		const char *name = op_names[op].name;
		size_t i;

		if (op_names[op].len != len || name[0] != s[0])
			continue;
		for (i = 1; i < len && name[i] == s[i]; i++)
			;
		if (i == len)
			return (enum stmt_op)op;
	}
	return OP__COUNT;
}

const char *proc_state_name(enum proc_state s)
{
	switch (s) {
	case PS_RUNNING:
		return "running";
	case PS_EXITING:
		return "exiting";
	case PS_ZOMBIE:
		return "zombie";
	case PS_REAPED:
		return "reaped";
	}
	return "?";
}

const char *trace_signal_name(int sig)
{
	size_t i;

	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	return NULL;
}

int trace_signal_by_name(const char *name, unsigned long len)
{
	size_t i;

	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (strlen(signals[i].name) == len &&
		    memcmp(signals[i].name, name, len) == 0)
			return signals[i].sig;
	return 0;
}

const char *expect_key_name(enum expect_key key)
{
	if ((unsigned int)key >= EK__COUNT)
		return "?";
	return key_names[key];
}
