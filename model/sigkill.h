/*
 * sigkill.h - the death of a whole thread group by a fatal signal or
 * exit_group() (kernel/signal.c complete_signal, kernel/exit.c
 * do_group_exit; docs/kernel-rules.md, "A dying init hands over to its
 * threads"). Sending signals: signal.h.
 */
#ifndef PIDSIM_SIGKILL_H
#define PIDSIM_SIGKILL_H

#include <stdbool.h>

struct task_struct;

/* Has p's thread group been told to die (SIGKILL or exit_group)? */
bool fatal_signal_pending(const struct task_struct *p);

/*
 * complete_sigkill - deliver SIGKILL to p's whole thread group: mark the
 * group exiting and queue every thread's exit, in the order the threads
 * would run do_exit(): current first when it belongs to the group, then
 * the thread list from the leader. Does not run the exits; machine_settle()
 * does. Harmless on a dying group. current may be NULL (the kernel).
 */
void complete_sigkill(struct task_struct *current, struct task_struct *p);

/*
 * complete_coredump_signal - deliver a fatal signal that would dump core
 * (SIGQUIT) to p's thread group. complete_signal() takes no shortcut for
 * those: one thread, p unless it is exiting, dequeues it, fails to dump
 * (agents and trace processes are not dumpable) and calls
 * do_group_exit(), which kills the other threads from it round the ring.
 * So only that thread's exit is queued; the others are queued when it
 * runs (sigkill_other_threads(), for do_group_exit()'s
 * zap_other_threads()), behind the tasks woken meanwhile. The sender goes
 * first only when it is that thread (it is running, and takes the signal
 * on its way back from kill()); otherwise it dies with the others. current
 * may be NULL. Harmless on a dying group.
 */
void complete_coredump_signal(struct task_struct *current, struct task_struct *p);

/*
 * sigkill_other_threads - tsk's group is dying: queue the exit of every other
 * thread not yet exiting or queued, from tsk round the ring, behind what
 * is queued already (do_exit() calls it; after SIGKILL or exit_group
 * they are all queued, so it changes nothing there).
 */
void sigkill_other_threads(struct task_struct *tsk);

#endif /* PIDSIM_SIGKILL_H */
