/*
 * agent_proto.h - the wire protocol between the live engine (controller,
 * live.c) and its agents (agent.c).
 *
 * Every labelled process or thread of a live trace is an agent: a small
 * freestanding program that blocks on its own control channel and executes
 * one system call per command, exactly as the trace statement says. The
 * program is exec'd once per trace, as the launcher: an agent in the
 * controller's own namespace whose one child is the trace root's init
 * (AOP_SPAWN_ROOT). The init is never exec'd, so that the launcher, its
 * parent, can still move it out of a process group when it is stuck (see
 * live_ctl.c). The
 * channel is an AF_UNIX SOCK_SEQPACKET socket pair, one per agent; the
 * agent's end is always file descriptor AGENT_FD and it holds no other copy
 * of an agent end between commands, so the controller sees end-of-file on
 * a channel exactly when that agent (thread) is gone. A process agent also
 * keeps the controller's end of its own channel at AGENT_PEER_FD, so that
 * the controller may close its copy while the agent idles and take it back
 * with pidfd_getfd() (a trace of 20,000 processes then fits in fewer
 * descriptors than processes); the agent never reads from it. The end of
 * a trace reaches every agent through its root init's death.
 *
 * All agents of a trace share one address space: the controller adds
 * CLONE_VM to every clone3 it asks for (a process that shares memory is
 * still a process: pids, parents, zombies and namespaces do not depend on
 * it, while copying and tearing down address spaces is most of the cost of
 * a fork). Each agent runs on its own stack, which the controller hands
 * out again once its agent has been reaped.
 *
 * Invariants:
 *  - one command in flight per agent; the controller never sends the next
 *    command before it has the reply (or the end-of-file of a command that
 *    ends the agent: AOP_EXIT, or AOP_KILL aimed at its own thread group);
 *  - a new agent (the launcher, a child of AOP_CLONE, or the trace root's
 *    init) first sends one struct agent_hello on its new channel, carrying
 *    a pidfd of itself (and, for the root init, a descriptor of its /proc);
 *  - results are the kernel's: a return value >= 0 or -errno, never
 *    reinterpreted by the agent.
 *
 * Both sides are built from this header only; keep it free of libc types
 * so that the freestanding agent can include it.
 */
#ifndef PIDSIM_AGENT_PROTO_H
#define PIDSIM_AGENT_PROTO_H

#include <stdint.h>

#define AGENT_FD		3	/* the agent's end of its channel */
#define AGENT_PEER_FD		4	/* the controller's end, kept for it */
#define AGENT_MAGIC		0x70696473u	/* "pids" */
#define AGENT_SET_TID_MAX	33	/* as many as a trace may carry */
#define AGENT_THREAD_STACK	(64 * 1024)

enum agent_op {
	AOP_CLONE = 1,		/* clone3(flags, exit_signal, set_tid) on stack (0: a new
				 * one); SCM fds: the child's channel end, and the
				 * controller's end for the child to keep at
				 * AGENT_PEER_FD; reply: the stack used */
	AOP_UNSHARE,		/* unshare(flags) */
	AOP_SETNS,		/* open /proc/<arg>/ns/{pid,pid_for_children}; setns(fd, CLONE_NEWPID) */
	AOP_EXIT,		/* arg 0: exit_group(0); arg 1: exit(0) of this thread only */
	AOP_KILL,		/* kill(arg, arg2), arg2 0 meaning SIGKILL */
	AOP_WAIT,		/* wait4(arg, NULL, WNOHANG, NULL) */
	AOP_SETSID,		/* setsid() */
	AOP_SETPGID,		/* setpgid(arg2, arg): arg2 0 is the agent itself */
	AOP_SUBREAPER,		/* prctl(PR_SET_CHILD_SUBREAPER, 1) */
	AOP_SYSCTL_WRITE,	/* write arg2 to sysctl arg (enum agent_sysctl) */
	AOP_SYSCTL_READ,	/* read sysctl arg: reply value in v[0] */
	AOP_GETIDS,		/* getppid(), getpgid(0), getsid(0) in v[0..2] */
	AOP_PROBE_LEVEL,	/* the level of our active namespace, see agent.c */
	AOP_SPAWN_ROOT,		/* launcher: fork the trace root's init; SCM fd: its channel */
	/* version 1.1 */
	AOP_SIGCHLD,		/* rt_sigaction(SIGCHLD): arg 1 SIG_IGN, 0 SIG_DFL */
	AOP_EXEC,		/* execve() of the agent itself: the answer is a
				 * struct agent_hello, not a reply: from the new
				 * image with a new pidfd (its pid may be the old
				 * leader's), or with err = -errno when it failed */
};

enum agent_sysctl {
	ASYS_NS_LAST_PID,	/* /proc/sys/kernel/ns_last_pid */
	ASYS_PID_MAX,		/* /proc/sys/kernel/pid_max */
};

struct agent_cmd {
	uint32_t op;			/* enum agent_op */
	int32_t arg;
	int32_t arg2;
	int32_t exit_signal;		/* AOP_CLONE */
	uint64_t flags;			/* AOP_CLONE: clone3 flags; AOP_UNSHARE */
	uint64_t stack;			/* AOP_CLONE with CLONE_VM: a stack to reuse */
	int32_t set_tid_size;		/* AOP_CLONE */
	int32_t set_tid[AGENT_SET_TID_MAX];
};

struct agent_reply {
	int64_t ret;			/* >= 0 result, or -errno */
	uint64_t stack;			/* AOP_CLONE: the new agent's stack, if any */
	int32_t v[3];
};

/* Sent once by a new agent; fds ride along as SCM_RIGHTS. */
struct agent_hello {
	uint32_t magic;			/* AGENT_MAGIC */
	int32_t err;			/* 0, or -errno of the first setup step that failed */
	int32_t step;			/* which step failed (enum agent_step) */
	int32_t nfds;			/* descriptors attached: pidfd [, proc dir] */
};

enum agent_step {
	ASTEP_NONE,
	ASTEP_MOUNT_PRIVATE,		/* make / private in the new mount namespace */
	ASTEP_MOUNT_PROC,		/* mount the trace root's /proc */
	ASTEP_OPEN_PROC,
	ASTEP_PIDFD,			/* pidfd_open() of ourselves */
};

#endif /* PIDSIM_AGENT_PROTO_H */
