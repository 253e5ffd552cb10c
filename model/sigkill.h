/*
 * sigkill.h - SIGKILL, the only signal a trace sends (kernel/signal.c;
 * kernel-notes §7.1; docs/semantics.md "Targets named by label").
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
 * kill_pid_nr - kill(nr, SIGKILL) by current: nr is a number in current's
 * active namespace (> 0). Returns 0 or -ESRCH. SIGKILL to an unkillable
 * namespace init from inside its namespace is dropped (still 0); from an
 * ancestor namespace it is forced. Settles the machine before returning.
 */
int kill_pid_nr(struct task_struct *current, int nr);

#endif /* PIDSIM_SIGKILL_H */
