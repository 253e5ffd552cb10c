/*
 * syscall.c - the system-call layer (syscall.h): one kernel operation,
 * then machine_settle(), for every call a trace statement makes.
 */
#include <errno.h>

#include "model/exec.h"
#include "model/exit.h"
#include "model/explain.h"
#include "model/fork.h"
#include "model/machine.h"
#include "model/nsproxy.h"
#include "model/pid_sysctl.h"
#include "model/sigkill.h"
#include "model/signal.h"
#include "model/syscall.h"
#include "model/sys.h"
#include "model/task.h"
#include "model/wait.h"

int sys_clone(struct task_struct *current, const struct kernel_clone_args *args,
	      struct task_struct **child)
{
	int ret = kernel_clone(current, args, child);

	machine_settle(current->machine);
	return ret;
}

void sys_exit_group(struct task_struct *current)
{
	struct machine *m = current->machine;

	/* do_group_exit(): the caller goes first, then its threads */
	complete_sigkill(current, current);
	machine_settle(m);
}

void sys_exit(struct task_struct *current)
{
	struct machine *m = current->machine;

	machine_queue_exit(m, current);
	machine_settle(m);
}

int sys_wait4(struct task_struct *current, int pid, void **reaped_owner)
{
	struct machine *m = current->machine;
	int ret = do_wait(current, pid, reaped_owner);

	machine_settle(m);
	return ret;
}

int sys_kill(struct task_struct *current, int pid, int sig)
{
	struct machine *m = current->machine;
	int ret = kill_something_info(current, pid, sig);

	machine_settle(m);
	return ret;
}

int sys_sigaction_sigchld(struct task_struct *current, bool ignore)
{
	/* the disposition lives in the sighand shared by the thread group;
	 * setting it reaps no zombie that already exists */
	current->signal->sigchld_ignored = ignore;
	EXPLAIN(current->machine, ignore ?
		"sigaction(SIGCHLD, SIG_IGN): %s's children are released as they exit, never zombies (autoreap); a zombie already there stays" :
		"sigaction(SIGCHLD, SIG_DFL): %s's children become zombies again until waited for",
		explain_task(current->machine->explain, current));
	machine_settle(current->machine);
	return 0;
}

int sys_execve(struct task_struct *current)
{
	struct machine *m = current->machine;
	int ret;

	/* de_thread(): kill the other threads and wait until they are gone
	 * (the leader, if it is not current, until it is a zombie) */
	zap_other_threads(current);
	machine_settle(m);
	ret = de_thread_finish(current);
	machine_settle(m);
	return ret;
}

int sys_setsid(struct task_struct *current)
{
	struct machine *m = current->machine;
	int ret = ksys_setsid(current);

	machine_settle(m);
	return ret;
}

int sys_setpgid(struct task_struct *current, int pid, int pgid)
{
	struct machine *m = current->machine;
	int ret = ksys_setpgid(current, pid, pgid);

	machine_settle(m);
	return ret;
}

int sys_prctl_child_subreaper(struct task_struct *current, int on)
{
	int ret = prctl_set_child_subreaper(current, on);

	machine_settle(current->machine);
	return ret;
}

int sys_unshare_newpid(struct task_struct *current)
{
	int ret = ksys_unshare_newpid(current);

	machine_settle(current->machine);
	return ret;
}

int sys_setns(struct task_struct *current, struct pid_namespace *ns)
{
	int ret = ns ? pidns_install(current, ns) : -ENOENT;

	machine_settle(current->machine);
	return ret;
}

int sys_write_ns_last_pid(struct task_struct *current, int value)
{
	int ret = ns_last_pid_write(current, value);

	machine_settle(current->machine);
	return ret;
}

int sys_write_pid_max(struct task_struct *current, int value)
{
	int ret = pid_max_write(current, value);

	machine_settle(current->machine);
	return ret;
}
