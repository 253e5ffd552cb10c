/*
 * live_int.h - internals of the live engine shared by its files:
 * live_ctl.c (trace roots, agent channels, /proc reading, cleanup on
 * signals) and engine_live.c (statement semantics, settling).
 *
 * Numbers: a label's `nspid` runs from the trace root (level 0) down, as in
 * results; nspid.nr[0] is its number in the trace root, the name under
 * which the trace root's /proc (root->procfd) knows it. That number is only
 * used while the label's pidfd shows the task attached, so it can never
 * name a process that merely inherited it.
 */
#ifndef PIDSIM_LIVE_INT_H
#define PIDSIM_LIVE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sim/engine/live/agent_proto.h"
#include "sim/trace/stmt.h"

struct live_root {
	pid_t launcher;		/* the launcher, our child; 0: none */
	int lchan;		/* the launcher's channel */
	pid_t host_pid;		/* init, as the launcher (and we) number it */
	int chan;		/* init's channel (moved to the label table) */
	int pidfd;		/* init's pidfd (moved to the label table) */
	int procfd;		/* the trace root's /proc */
	int skip;		/* NSpid entries above the trace root in our /proc */
	unsigned int base_level;	/* real level of the trace root */
};

/*
 * Spawn a trace root: exec the launcher (the agent program at path), which
 * forks the root's init. Fills *r; returns 0, or -errno with why set.
 */
int live_root_spawn(const char *path, unsigned int timeout_ms,
		    struct live_root *r, char *why, size_t whylen);

/*
 * Take the trace root down: through the launcher, move init out of any
 * process group (a namespace init in a group of its own namespace can
 * never finish exiting), kill it, reap it; then end the launcher. Bounded
 * by timeout_ms; on a timeout the processes that could not be ended are
 * reported on stderr. Closes r's descriptors. 0 or -errno.
 */
int live_root_kill(struct live_root *r, unsigned int timeout_ms);

/*
 * A SIGINT, SIGTERM, SIGHUP or SIGPIPE arrived: the signal number, else 0.
 * The engine then stops at the next chance (-EINTR), tears its trace down
 * properly, and live_root_kill() re-raises the signal once no root is left.
 * A second signal, or LIVE_STOP_GRACE_S seconds, kills every root at once.
 */
int live_stopping(void);

#define LIVE_STOP_GRACE_S	5

/* Around a teardown: channels keep working although a stop was asked for. */
void live_teardown_enter(void);
void live_teardown_leave(void);

/*
 * Channels. live_send() sends cmd (and passfd when >= 0). live_recv()
 * waits at most timeout_ms for one message of exactly len bytes and up to
 * maxfds descriptors (the rest are closed; missing ones are -1). Returns
 * the message length, 0 at end-of-file, -ETIMEDOUT, or -errno.
 */
int live_send(int chan, const struct agent_cmd *cmd, int passfd);
ssize_t live_recv(int chan, void *buf, size_t len, int *fds, int maxfds,
		  unsigned int timeout_ms);

/* Wait for end-of-file on chan (the agent is gone): 0, -ETIMEDOUT, -errno. */
int live_wait_eof(int chan, unsigned int timeout_ms);

/* Read a small file relative to dirfd into buf (NUL-terminated). */
ssize_t live_read_at(int dirfd, const char *path, char *buf, size_t len);

/* Parse "NSpid:" (or another per-level line) of a status-like text. */
int live_parse_levels(const char *text, const char *key, struct nspid *out);

/* One integer field "Key:\tN" of a status-like text. */
int live_parse_field(const char *text, const char *key, long long *out);

/* One hexadecimal field "Key:\tHEX" (SigPnd, ShdPnd). */
int live_parse_hex(const char *text, const char *key,
		   unsigned long long *out);

struct live_stat {
	char state;		/* R, S, D, Z, X, ... */
	int pgrp;		/* in the trace root */
	int session;
	unsigned long flags;	/* PF_* */
	unsigned long long pending;	/* this thread's pending signals */
};

/* Parse the fields of /proc/PID/stat that settling needs. */
int live_parse_stat(const char *text, struct live_stat *st);

/* Has the pidfd's task been released (it answers POLLHUP)? 1, 0, -errno. */
int live_pidfd_released(int pidfd);

/* The task's numbers as our own /proc shows them (fdinfo of the pidfd). */
int live_pidfd_nspid(int pidfd, struct nspid *out);

/* Monotonic milliseconds. */
double live_now_ms(void);

/* Install the SIGINT/SIGTERM/SIGHUP/SIGPIPE and atexit cleanup (once). */
void live_cleanup_install(void);

/* Major and minor of the running kernel, and its release string. */
void live_kernel_version(int *major, int *minor, char *release, size_t len);

#endif /* PIDSIM_LIVE_INT_H */
