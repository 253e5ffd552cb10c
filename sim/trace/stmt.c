/*
 * stmt.c - names of the statement operations and process states.
 *
 * The names are the exact tokens of the trace language (TRACE-FORMAT.md):
 * the parser matches operations against stmt_op_name() and the reports
 * print them back, so a name changes here or nowhere.
 */
#include "sim/trace/stmt.h"

static const char *const op_names[OP__COUNT] = {
	[OP_FORK]		= "fork",
	[OP_CLONE]		= "clone",
	[OP_UNSHARE]		= "unshare",
	[OP_SETNS]		= "setns",
	[OP_EXIT]		= "exit",
	[OP_KILL]		= "kill",
	[OP_WAIT]		= "wait",
	[OP_SETSID]		= "setsid",
	[OP_SETPGID]		= "setpgid",
	[OP_SUBREAPER]		= "subreaper",
	[OP_NS_LAST_PID]	= "ns_last_pid",
	[OP_PID_MAX]		= "pid_max",
	[OP_EXPECT]		= "expect",
};

const char *stmt_op_name(enum stmt_op op)
{
	if ((unsigned int)op >= OP__COUNT)
		return "?";
	return op_names[op];
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
