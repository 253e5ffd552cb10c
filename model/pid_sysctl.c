/*
 * pid_sysctl.c - the two pid sysctls. ns_last_pid writes the IDR cursor
 * (value + 1) or the legacy last_pid, which the model keeps as the same
 * cursor; pid_max is per namespace from 6.14, global before.
 */
#include <errno.h>

#include "model/explain.h"
#include "model/machine.h"
#include "model/pid_namespace.h"
#include "model/pid_sysctl.h"
#include "model/task.h"
#include "model/pid_limits.h"

int ns_last_pid_read(const struct task_struct *current)
{
	return (int)task_active_pid_ns(current)->cursor - 1;
}

int ns_last_pid_write(struct task_struct *current, int value)
{
	struct pid_namespace *ns = task_active_pid_ns(current);

	if (value < 0 || value > pid_ns_pid_max(ns)) {
		EXPLAIN(current->machine, "ns_last_pid: %d is not in [0, %d] (pid_max) -> EINVAL",
			value, pid_ns_pid_max(ns));
		return -EINVAL;
	}
	EXPLAIN(current->machine, "ns_last_pid: %s: last_pid %d -> %d, the next number tried is %d",
		explain_ns(current->machine->explain, ns), (int)ns->cursor - 1,
		value, value + 1);
	ns->cursor = (unsigned int)value + 1;
	return 0;
}

int pid_max_read(const struct task_struct *current)
{
	return pid_ns_pid_max(task_active_pid_ns(current));
}

int pid_max_write(struct task_struct *current, int value)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct machine *m = current->machine;

	if (value < m->pid_max_min || value > PID_MAX_LIMIT) {
		EXPLAIN(m, "pid_max: %d is not in [%d, %d] -> EINVAL", value,
			m->pid_max_min, PID_MAX_LIMIT);
		return -EINVAL;
	}
	EXPLAIN(m, m->profile->per_ns_pid_max ? "pid_max: %s: %d -> %d (one per namespace since 6.14)" :
		"pid_max: %s: %d -> %d (one for the whole system before 6.14)",
		explain_ns(m->explain, ns), pid_ns_pid_max(ns), value);
	if (m->profile->per_ns_pid_max)
		ns->pid_max = value;
	else
		m->pid_max = value;
	return 0;
}
