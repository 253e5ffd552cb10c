/*
 * live_root.h - trace roots of the live engine: the launcher and the
 * trace root's init in a fresh PID and mount namespace, their teardown,
 * and the guarantee that no process outlives the program (signals, exit).
 */
#ifndef PIDSIM_LIVE_ROOT_H
#define PIDSIM_LIVE_ROOT_H

#include <stddef.h>
#include <sys/types.h>

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

/* (The stop a signal asks for is live_stop.h's.) */

/* Install the SIGINT/SIGTERM/SIGHUP/SIGPIPE and atexit cleanup (once). */
void live_cleanup_install(void);

#endif /* PIDSIM_LIVE_ROOT_H */
