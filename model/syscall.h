/*
 * syscall.h - the model's system-call layer: what a process of a trace
 * calls, one function per system call.
 *
 * Each sys_* function runs the kernel operation (fork.c, exit.c, wait.c,
 * signal.c, sys.c, exec.c, nsproxy.c, pid_sysctl.c) and then settles the
 * machine (machine_settle()): the exits it started run to their end, and
 * inits whose namespace emptied finish dying, so that when a sys_* call
 * returns the machine is in a state a trace statement may observe. The
 * kernel functions underneath never settle by themselves; only this layer
 * and machine_new() do. Engines and tests call only this layer.
 *
 * Numbers are in the caller's active namespace; errors are -errno.
 */
#ifndef PIDSIM_SYSCALL_H
#define PIDSIM_SYSCALL_H

#include <stdbool.h>

struct kernel_clone_args;
struct pid_namespace;
struct task_struct;

/*
 * fork(), clone(), clone3(): the child's number in current's active
 * namespace, or -errno (copy_process()'s checks). *child (may be NULL)
 * receives the new task.
 */
int sys_clone(struct task_struct *current, const struct kernel_clone_args *args,
	      struct task_struct **child);

/* exit_group(): current's whole thread group exits. */
void sys_exit_group(struct task_struct *current);

/*
 * exit(): only current exits, also when it is the group leader (which then
 * stays a zombie holding its pid until its last thread is gone).
 */
void sys_exit(struct task_struct *current);

/*
 * wait4(pid, NULL, WNOHANG, NULL): pid > 0 one child, -1 any child
 * (do_wait()). Returns the number of the child reaped, 0 when children
 * exist but none could be reaped, -ECHILD. *reaped_owner (may be NULL)
 * receives the owner of the task reaped, NULL otherwise.
 */
int sys_wait4(struct task_struct *current, int pid, void **reaped_owner);

/* kill(pid, sig): pid > 0, 0 (own group), -1 (all), < -1 (a group). */
int sys_kill(struct task_struct *current, int pid, int sig);

/* rt_sigaction(SIGCHLD, SIG_IGN or SIG_DFL) for current's thread group. */
int sys_sigaction_sigchld(struct task_struct *current, bool ignore);

/* execve() that succeeds: de_thread() and the rest of exec's pid work. */
int sys_execve(struct task_struct *current);

/* setsid(): the new session id or -EPERM. */
int sys_setsid(struct task_struct *current);

/* setpgid(pid, pgid): 0 or -EINVAL, -ESRCH, -EACCES, -EPERM. */
int sys_setpgid(struct task_struct *current, int pid, int pgid);

/* prctl(PR_SET_CHILD_SUBREAPER, on). */
int sys_prctl_child_subreaper(struct task_struct *current, int on);

/* unshare(CLONE_NEWPID). */
int sys_unshare_newpid(struct task_struct *current);

/* setns(fd of ns, CLONE_NEWPID); ns NULL stands for a link that cannot be
 * opened (-ENOENT). */
int sys_setns(struct task_struct *current, struct pid_namespace *ns);

/* Writes to /proc/sys/kernel/ns_last_pid and pid_max. */
int sys_write_ns_last_pid(struct task_struct *current, int value);
int sys_write_pid_max(struct task_struct *current, int value);

#endif /* PIDSIM_SYSCALL_H */
