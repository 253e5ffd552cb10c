/*
 * live_stop.h - whether a signal asked the live engine to stop.
 *
 * The handlers of live_root.c set it; whatever waits on the kernel
 * (live_chan.c, live_settle.c, live.c) reads it and gives up with -EINTR,
 * so the trace is torn down properly. A module of its own so that the
 * channels need not know the trace roots.
 */
#ifndef PIDSIM_LIVE_STOP_H
#define PIDSIM_LIVE_STOP_H

#include <signal.h>

/* The signal that asked for the stop, 0 if none (written by a handler). */
extern volatile sig_atomic_t live_stop_sig;

/* Teardowns under way: they keep the channels working despite a stop. */
extern int live_in_teardown;

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

#endif /* PIDSIM_LIVE_STOP_H */
