/*
 * sys.h - process groups, sessions, the subreaper flag and the ids a
 * process reads about itself (kernel/sys.c; docs/kernel-rules.md, "setsid",
 * "setpgid", "Orphans and subreapers", "Ids seen across namespaces").
 * Numbers are in the caller's active namespace, 0 where not visible.
 */
#ifndef PIDSIM_SYS_H
#define PIDSIM_SYS_H

struct task_struct;

/*
 * setsid(): the new session id, or -EPERM. Like setpgid, it may free a
 * number a zapping init waits for: the caller (sys_setsid) settles.
 */
int ksys_setsid(struct task_struct *current);

/*
 * setpgid(pid, pgid) by current: 0, or -EINVAL, -ESRCH, -EPERM, -EACCES
 * as the kernel checks them: EACCES for a child that has called exec. A
 * group that loses its last member frees its number; the caller
 * (sys_setpgid) settles the machine.
 */
int ksys_setpgid(struct task_struct *current, int pid, int pgid);

/* prctl(PR_SET_CHILD_SUBREAPER, on): marks current's group and, when on,
 * tells every descendant to look for it when orphaned. Returns 0. */
int prctl_set_child_subreaper(struct task_struct *current, int on);

int sys_getppid(const struct task_struct *current);
int sys_getpgrp(const struct task_struct *current);
int sys_getsid(const struct task_struct *current);

#endif /* PIDSIM_SYS_H */
