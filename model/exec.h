/*
 * exec.h - what a successful execve() does to pids and thread groups
 * (fs/exec.c: de_thread, begin_new_exec; kernel/pid.c: exchange_tids,
 * transfer_pid; docs/kernel-rules.md "exec P").
 *
 * de_thread() is split in the two halves around its wait, because in the
 * model "waiting for the other threads to die" is the machine running
 * their queued exits (machine_settle()), which only the system-call layer
 * does: sys_execve() calls zap_other_threads(), settles, then
 * de_thread_finish().
 */
#ifndef PIDSIM_EXEC_H
#define PIDSIM_EXEC_H

struct task_struct;

/*
 * zap_other_threads - SIGKILL to every other thread of current's group
 * that has not exited yet (their exits are queued). Returns how many.
 */
int zap_other_threads(struct task_struct *current);

/*
 * de_thread_finish - the other threads are gone (a leader that is not
 * current is a zombie). When current is not the leader it takes over the
 * leader's pid, TGID, process group, session and place among its parent's
 * children (exchange_tids, transfer_pid); the old leader, which now holds
 * current's old number, is released, so that number is freed. Then
 * current is a process that has called exec (setpgid from its parent
 * answers EACCES). Returns 0.
 */
int de_thread_finish(struct task_struct *current);

#endif /* PIDSIM_EXEC_H */
