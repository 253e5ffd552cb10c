/*
 * pid_sysctl.h - /proc/sys/kernel/ns_last_pid and pid_max, which act on
 * the reader's or writer's active namespace (docs/kernel-rules.md,
 * "ns_last_pid" and "pid_max per namespace").
 */
#ifndef PIDSIM_PID_SYSCTL_H
#define PIDSIM_PID_SYSCTL_H

struct task_struct;

/* What current reads: cursor - 1 of its active namespace (may be -1). */
int ns_last_pid_read(const struct task_struct *current);

/* Write: 0 or -EINVAL outside [0, pid_max]. The next cyclic allocation
 * starts at value + 1. */
int ns_last_pid_write(struct task_struct *current, int value);

/* What current reads: its namespace's pid_max, or the global one. */
int pid_max_read(const struct task_struct *current);

/* Write: 0 or -EINVAL outside [pid_max_min, PID_MAX_LIMIT]. Numbers in
 * use above the new bound stay. */
int pid_max_write(struct task_struct *current, int value);

#endif /* PIDSIM_PID_SYSCTL_H */
