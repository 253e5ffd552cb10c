/*
 * live_chan.h - the control channels between the live engine and its
 * agents (agent_proto.h): one AF_UNIX SOCK_SEQPACKET pair per agent, one
 * message per command or reply, descriptors passed as SCM_RIGHTS.
 *
 * Every wait is bounded, and gives up with -EINTR as soon as a stop was
 * asked for (live_stopping(), live_stop.h), except during a teardown.
 */
#ifndef PIDSIM_LIVE_CHAN_H
#define PIDSIM_LIVE_CHAN_H

#include <stddef.h>
#include <sys/types.h>

#include "sim/engine/live/agent_proto.h"

/* Monotonic milliseconds. */
double live_now_ms(void);

/* Send cmd (and passfd when >= 0): 0, or -errno (-EPIPE: the agent is gone). */
int live_send(int chan, const struct agent_cmd *cmd, int passfd);

/* live_send() with up to two descriptors (nfds 0 to 2). */
int live_send_fds(int chan, const struct agent_cmd *cmd, const int *fds,
		  int nfds);

/*
 * Wait at most timeout_ms for one message of exactly len bytes and up to
 * maxfds descriptors (the rest are closed; missing ones are -1). Returns
 * the message length, 0 at end-of-file, -ETIMEDOUT, -EINTR, or -errno.
 */
ssize_t live_recv(int chan, void *buf, size_t len, int *fds, int maxfds,
		  unsigned int timeout_ms);

/* Wait for end-of-file on chan (the agent is gone): 0, -ETIMEDOUT, -errno. */
int live_wait_eof(int chan, unsigned int timeout_ms);

/* One command and its reply: 0, -EPIPE when the agent is gone, -errno. */
int live_chan_call(int chan, const struct agent_cmd *cmd,
		   struct agent_reply *rep, unsigned int timeout_ms);

#endif /* PIDSIM_LIVE_CHAN_H */
