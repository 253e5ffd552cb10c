/*
 * fork.h - creating tasks: fork, clone and clone3 (kernel/fork.c;
 * docs/kernel-rules.md, "Fork checks and their order").
 */
#ifndef PIDSIM_FORK_H
#define PIDSIM_FORK_H

#include <stdbool.h>
#include <stddef.h>

struct task_struct;

/* The clone flags the model understands (values of <linux/sched.h>). */
#define CLONE_VM	0x00000100
#define CLONE_SIGHAND	0x00000800
#define CLONE_PARENT	0x00008000
#define CLONE_THREAD	0x00010000
#define CLONE_NEWUSER	0x10000000
#define CLONE_NEWPID	0x20000000

struct kernel_clone_args {
	unsigned long flags;	/* CLONE_* */
	int exit_signal;	/* SIGCHLD for fork; clone3 wants 0 with THREAD/PARENT */
	const int *set_tid;	/* innermost level first */
	size_t set_tid_size;
	bool clone3;		/* the call is clone3(): its argument checks apply */
	int fail_late;		/* tests: -errno to fail after alloc_pid, as a bad
				 * CLONE_PIDFD pointer or a cgroup limit would */
};

/*
 * copy_process - the new task, attached to its pids and parent, or
 * ERR_PTR with the errno copy_process() gives, checks in the kernel's
 * order: clone3 arguments, flag combinations (EINVAL), threads-max
 * (EAGAIN), the new namespace
 * (EINVAL, ENOSPC), alloc_pid (EINVAL, EEXIST, EAGAIN, ENOMEM), late
 * failure. Nothing is left behind on failure except moved cursors and,
 * for a failed first process, a disabled namespace.
 */
struct task_struct *copy_process(struct task_struct *current,
				 const struct kernel_clone_args *args);

/*
 * kernel_clone - copy_process() and the value fork() returns: the child's
 * number in current's active namespace, or -errno. *child (may be NULL)
 * receives the new task.
 */
int kernel_clone(struct task_struct *current,
		 const struct kernel_clone_args *args,
		 struct task_struct **child);

#endif /* PIDSIM_FORK_H */
