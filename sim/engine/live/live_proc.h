/*
 * live_proc.h - reading the kernel's answers out of /proc for the live
 * engine: small files read whole, and the parsers of the lines the engine
 * needs (NSpid, PPid, ShdPnd, /proc/PID/stat).
 *
 * The parsers are pure functions of the text (tests/live/test_live_proc.c):
 * they never touch the file system and accept exactly what the kernel
 * writes, refusing (-EPROTO) anything else rather than guessing.
 */
#ifndef PIDSIM_LIVE_PROC_H
#define PIDSIM_LIVE_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sim/trace/stmt.h"

/*
 * Read a small file relative to dirfd into buf (NUL-terminated, at most
 * len - 1 bytes). Returns the length, or -errno.
 */
ssize_t live_read_at(int dirfd, const char *path, char *buf, size_t len);

/*
 * Parse the per-level line "Key:\tN\tN..." (NSpid, NStgid) of a
 * status-like text into out, outermost level first. 0; -ENOENT without
 * the line; -EPROTO when it is empty, malformed or deeper than NSPID_MAX.
 */
int live_parse_levels(const char *text, const char *key, struct nspid *out);

/* One decimal field "Key:\tN": 0, -ENOENT, -EPROTO. */
int live_parse_field(const char *text, const char *key, long long *out);

/* One hexadecimal field "Key:\tHEX" (SigPnd, ShdPnd): 0, -ENOENT, -EPROTO. */
int live_parse_hex(const char *text, const char *key,
		   unsigned long long *out);

struct live_stat {
	char state;		/* R, S, D, I, Z, X, ... */
	int pgrp;		/* in the reader's namespace */
	int session;
	unsigned long flags;	/* PF_* */
	unsigned long long pending;	/* this thread's pending signals */
};

/*
 * Parse the fields of /proc/PID/stat that settling needs. The command
 * name may hold spaces and parentheses: fields are counted from the last
 * ')'. 0 or -EPROTO.
 */
int live_parse_stat(const char *text, struct live_stat *st);

/*
 * Is an exiting task (PF_EXITING, not yet a zombie), whose /proc state
 * letter is state and wait channel wchan, settled: asleep where a dying
 * namespace init waits for something outside it to move? Such an init
 * sleeps in zap_pid_ns_processes() until its namespace empties: in state
 * S (TASK_INTERRUPTIBLE), I (TASK_IDLE, kernels with the stable backport
 * that made the wait freezable: Debian's 6.1.192 and 6.12.117, and every
 * later kernel) or D (TASK_UNINTERRUPTIBLE, older kernels). Before that it
 * reaps its children in do_wait(), in state S. Anything else (running,
 * another wait, no wait channel) is in transit.
 */
bool live_exit_wait_settled(char state, const char *wchan);

/* Has the pidfd's task been released (it answers POLLHUP)? 1, 0, -errno. */
int live_pidfd_released(int pidfd);

/* The task's numbers as our own /proc shows them (fdinfo of the pidfd). */
int live_pidfd_nspid(int pidfd, struct nspid *out);

/* Major and minor of the running kernel, and its release string. */
void live_kernel_version(int *major, int *minor, char *release, size_t len);

#endif /* PIDSIM_LIVE_PROC_H */
