/*
 * nsproxy.h - unshare(CLONE_NEWPID) and setns() for PID namespaces, and
 * the namespaces /proc/T/ns/ links name (kernel/nsproxy.c,
 * kernel/pid_namespace.c; docs/kernel-rules.md, "unshare moves only the
 * children", "setns only downward", "The pid_for_children link").
 */
#ifndef PIDSIM_NSPROXY_H
#define PIDSIM_NSPROXY_H

struct pid_namespace;
struct task_struct;

/* current's pid_ns_for_children becomes a new child of its active
 * namespace: 0, -EINVAL (already elsewhere) or the nesting errno. */
int ksys_unshare_newpid(struct task_struct *current);

/* setns(fd, CLONE_NEWPID): 0 or -EINVAL unless ns is current's active
 * namespace or a descendant of it. Takes its own reference on ns. */
int pidns_install(struct task_struct *current, struct pid_namespace *ns);

/* /proc/T/ns/pid: T's active namespace (also for a zombie). */
struct pid_namespace *pidns_get(const struct task_struct *task);

/* /proc/T/ns/pid_for_children: NULL (ENOENT) once T exited, or while
 * that namespace has no init yet. */
struct pid_namespace *pidns_for_children_get(const struct task_struct *task);

#endif /* PIDSIM_NSPROXY_H */
