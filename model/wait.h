/*
 * wait.h - reaping zombie children: do_wait() and its order of children
 * (kernel/exit.c: do_wait, do_wait_thread, wait_consider_task,
 * eligible_child, wait_task_zombie; docs/kernel-rules.md "wait P any").
 */
#ifndef PIDSIM_WAIT_H
#define PIDSIM_WAIT_H

struct task_struct;

/*
 * do_wait - waitpid(pid, WNOHANG) by current without __WALL or __WCLONE:
 * pid > 0 the child with that number in current's active namespace, -1
 * any child of current's thread group. Only children that report with
 * SIGCHLD count. For pid -1 the children lists are scanned from current's
 * own, then the other threads' in thread-list order, wrapping round; each
 * list in its order (creation, reparented children appended). The first
 * zombie that is not a leader waiting for its threads is reaped.
 *
 * Returns the reaped child's number, 0 when there are children but none
 * can be reaped, -ECHILD when there are none. *reaped_owner (may be NULL)
 * gets the reaped task's owner, or NULL. Does not settle the machine.
 */
int do_wait(struct task_struct *current, int pid, void **reaped_owner);

#endif /* PIDSIM_WAIT_H */
