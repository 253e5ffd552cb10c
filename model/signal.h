/*
 * signal.h - sending the signals a trace can send (kernel/signal.c:
 * kill_something_info, __kill_pgrp_info, kill_pid_info, group_send_sig_info,
 * prepare_signal, sig_task_ignored; docs/kernel-rules.md "kill P T SIG",
 * "kill P -G", "kill P all").
 *
 * A process of a trace installs no handler, so every signal it can be
 * sent (KILL, TERM, INT, HUP, QUIT, USR1, USR2, ALRM) has its default
 * action, which ends the whole thread group; SIGQUIT's core dump changes
 * nothing a trace can see. The exceptions are the kernel's: a signal to a
 * group already dying is dropped, and a namespace init (SIGNAL_UNKILLABLE)
 * ignores every signal with the default action unless it is SIGKILL sent
 * from an ancestor namespace.
 */
#ifndef PIDSIM_SIGNAL_H
#define PIDSIM_SIGNAL_H

#include <stdbool.h>

struct task_struct;

/* The signal numbers (asm-generic); every one here terminates by default. */
#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGKILL		9
#define SIGUSR1		10
#define SIGUSR2		12
#define SIGALRM		14
#define SIGTERM		15

/* Is sig one the model can send (one of the above)? */
bool sig_supported(int sig);

/*
 * group_send_sig_info - sig from current to p's thread group: 0 also when
 * the kernel drops or ignores it. The group's exit is queued, not run.
 */
int group_send_sig_info(struct task_struct *current, int sig,
			struct task_struct *p);

/*
 * kill_something_info - kill(pid, sig) by current, pid in current's active
 * namespace: pid > 0 the process with that number (a thread's number
 * signals its whole group), 0 current's process group, -1 every process
 * current can see but its own group and its namespace's init, < -1 the
 * process group -pid. Returns 0, -EINVAL (a signal the model does not
 * know) or -ESRCH (no process). Exits are queued, not run.
 */
int kill_something_info(struct task_struct *current, int pid, int sig);

#endif /* PIDSIM_SIGNAL_H */
