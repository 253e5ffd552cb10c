/*
 * exit.h - a task's exit, its orphans' new parent, the reaping of zombies
 * (kernel/exit.c; docs/kernel-rules.md, "Exit and release", "Orphans and
 * subreapers", "The death of a namespace init").
 */
#ifndef PIDSIM_EXIT_H
#define PIDSIM_EXIT_H

#include <stdbool.h>

struct task_struct;

/*
 * do_exit - tsk runs its exit path now: PF_EXITING, leave its
 * pid_ns_for_children, hand its children to a new parent, become a zombie
 * or be reaped at once. A namespace init with no live thread left starts
 * zap_pid_ns_processes() instead and stays exiting until
 * exit_zap_finish(). Called from machine_settle() only: a trace's exit
 * goes through sys_exit() or sys_exit_group() (syscall.h).
 */
void do_exit(struct task_struct *tsk);

/* The init's exit resumes after its namespace emptied. */
void exit_zap_finish(struct task_struct *init);

/*
 * release_task - the zombie p is gone: its numbers go unless a process
 * group or session still holds them; a leader whose last thread this was
 * is reported to its parent. Drops the system's reference on p.
 */
void release_task(struct task_struct *p);

/*
 * reap_zombie_children - what a zapping init's wait loop does: reap every
 * zombie child of its thread group. Returns true while children remain.
 */
bool reap_zombie_children(struct task_struct *init);

#endif /* PIDSIM_EXIT_H */
