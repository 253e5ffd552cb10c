/*
 * engine_model.c - the model as a trace engine: each statement becomes the
 * system call the kernel would see, made on the modelled machine.
 *
 * Labels map to tasks. The engine holds a reference on every labelled task
 * until the kernel releases it; then the label keeps only "reaped" and,
 * when the reaped task's pid still names a process group or session, a
 * reference on that pid, so that `setpgid P G` can still join G's group
 * (docs/semantics.md, "Targets named by label"). Memory therefore follows
 * the live processes, not the length of the trace.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/model/engine_model.h"
#include "model/err.h"
#include "model/explain.h"
#include "model/fork.h"
#include "model/machine.h"
#include "model/nsproxy.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/pid_sysctl.h"
#include "model/profile.h"
#include "model/sys.h"
#include "model/syscall.h"
#include "model/task.h"
#include "model/pid_limits.h"

struct label_slot {
	struct task_struct *task;	/* referenced until released */
	struct pid *held;		/* reaped, pid still a pgrp/session */
	bool reaped;
};

struct model_engine {
	struct engine base;
	const struct kernel_profile *profile;
	unsigned int base_level;
	struct machine *m;
	struct label_slot *slots;
	int nslots;
	const char *const *names;
	struct explain *explain;	/* the reasons, when e->explain asks */
	unsigned long max_threads;	/* 0: the model's default */
	unsigned long max_pid_namespaces;
};

static struct model_engine *to_model(struct engine *e)
{
	return container_of(e, struct model_engine, base);
}

/* The label whose slot owner is (task_struct.owner), or LABEL_NONE. */
static int owner_label(const struct model_engine *me, const void *owner)
{
	const struct label_slot *slot = owner;

	if (!slot || slot < me->slots || slot >= me->slots + me->nslots)
		return LABEL_NONE;
	return (int)(slot - me->slots);
}

static int task_label(const struct model_engine *me, const struct task_struct *t)
{
	return t ? owner_label(me, t->owner) : LABEL_NONE;
}

static int explain_label_of(const void *owner, void *cookie)
{
	return owner_label(cookie, owner);
}

static void model_release_hook(struct task_struct *t, void *cookie)
{
	struct model_engine *me = cookie;
	struct label_slot *slot = t->owner;
	struct pid *pid = task_pid(t);

	if (task_label(me, t) < 0)
		return;
	if (slot->task != t)
		return;
	if (pid_has_task(pid, PIDTYPE_PGID) || pid_has_task(pid, PIDTYPE_SID))
		slot->held = get_pid(pid);
	slot->reaped = true;
	slot->task = NULL;
	put_task_struct(t);	/* the system still holds its own reference */
}

static void model_end(struct engine *e)
{
	struct model_engine *me = to_model(e);
	int i;

	if (!me->m)
		return;
	/* teardown is no statement: it explains nothing */
	me->m->explain = NULL;
	explain_free(me->explain);
	me->explain = NULL;
	for (i = 0; i < me->nslots; i++) {
		if (me->slots[i].task)
			put_task_struct(me->slots[i].task);
		put_pid(me->slots[i].held);
	}
	free(me->slots);
	me->slots = NULL;
	me->nslots = 0;
	machine_free(me->m);
	me->m = NULL;
}

static int model_begin(struct engine *e, const struct trace_info *info)
{
	struct model_engine *me = to_model(e);
	struct machine_config cfg = {
		.profile = me->profile,
		.base_level = me->base_level,
		.max_threads = me->max_threads,
		.max_pid_namespaces = me->max_pid_namespaces,
	};
	int err;

	model_end(e);
	me->slots = calloc((size_t)(info->nlabels > 0 ? info->nlabels : 1),
			   sizeof(*me->slots));
	if (!me->slots)
		return -ENOMEM;
	me->nslots = info->nlabels > 0 ? info->nlabels : 1;
	me->names = info->label_names;
	me->m = machine_new(&cfg, &err);
	if (!me->m) {
		free(me->slots);
		me->slots = NULL;
		return err;
	}
	me->m->release_hook = model_release_hook;
	me->m->hook_cookie = me;
	if (e->explain) {
		/* after machine_new(): init's own fork is no statement */
		me->explain = explain_new(info->label_names, info->nlabels,
					  explain_label_of, me);
		if (!me->explain) {
			model_end(e);
			return -ENOMEM;
		}
		me->m->explain = me->explain;
	}
	me->slots[LABEL_INIT].task = get_task_struct(me->m->init);
	me->m->init->owner = &me->slots[LABEL_INIT];
	return 0;
}

static struct task_struct *slot_task(struct model_engine *me, int label)
{
	if (label < 0 || label >= me->nslots)
		return NULL;
	return me->slots[label].task;
}

static enum proc_state task_state(const struct task_struct *t)
{
	if (!t || t->released)
		return PS_REAPED;
	if (t->exit_state == EXIT_ZOMBIE)
		return PS_ZOMBIE;
	if (t->flags & PF_EXITING)
		return PS_EXITING;
	return PS_RUNNING;
}

static enum proc_state model_state(struct engine *e, int label)
{
	return task_state(slot_task(to_model(e), label));
}

static void fill_nspid(struct nspid *out, const struct pid *pid)
{
	unsigned int i;

	out->n = (int)pid->level + 1;
	for (i = 0; i <= pid->level; i++)
		out->nr[i] = pid->numbers[i].key.nr;
}

static void set_errno(struct result *res, int ret)
{
	if (ret < 0) {
		res->kind = OC_ERRNO;
		res->err = -ret;
	} else {
		res->kind = OC_OK;
	}
}

/*
 * docs/semantics.md, runner rule 3: a set_tid with more entries than the
 * trace has levels down to the new child, but not more than the real
 * levels, would reach into the host: skipped.
 */
static bool set_tid_reaches_host(const struct model_engine *me,
				 const struct task_struct *p,
				 const struct stmt *st)
{
	unsigned int rel = p->pid_ns_for_children->level;

	if (!(st->flags & STMT_SET_TID))
		return false;
	if (st->flags & STMT_NEWPID)
		rel++;
	return (unsigned int)st->set_tid_size > rel + 1 &&
	       (unsigned int)st->set_tid_size <= rel + 1 + me->base_level;
}

static void exec_clone(struct model_engine *me, struct task_struct *p,
		       const struct stmt *st, struct result *res)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };
	struct task_struct *child;
	int ret;

	if (st->op == OP_CLONE) {
		if (set_tid_reaches_host(me, p, st)) {
			EXPLAIN(me->m, "runner rule 3: set_tid has %d entries, but only %u levels lie between the trace root and the new child: the rest would reach the host's namespaces -> skipped",
				st->set_tid_size, p->pid_ns_for_children->level + 1 +
				!!(st->flags & STMT_NEWPID));
			res->kind = OC_SKIPPED;
			return;
		}
		if (st->flags & STMT_NEWPID)
			args.flags |= CLONE_NEWPID;
		if (st->flags & STMT_THREAD)
			args.flags |= CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
		if (st->flags & STMT_PARENT)
			args.flags |= CLONE_PARENT;
		/* clone3 wants exit_signal 0 with these; the kernel then
		 * copies the right one itself */
		if (args.flags & (CLONE_THREAD | CLONE_PARENT))
			args.exit_signal = 0;
		if (st->flags & STMT_SET_TID) {
			args.clone3 = true;
			args.set_tid = st->set_tid;
			args.set_tid_size = (size_t)st->set_tid_size;
		}
	}
	ret = sys_clone(p, &args, &child);
	if (ret < 0) {
		set_errno(res, ret);
		return;
	}
	child->owner = &me->slots[st->label[1]];
	me->slots[st->label[1]].task = get_task_struct(child);
	res->kind = OC_NSPID;
	fill_nspid(&res->nspid, task_pid(child));
}

/* T's number in P's active namespace, 0 when P cannot see it. */
static int vnr_of(const struct task_struct *p, const struct pid *pid)
{
	return pid_nr_ns(pid, task_active_pid_ns(p));
}

/*
 * Why a target named by label has no number for P: it was reaped (gone,
 * and nothing keeps its number), or it lives where P cannot see it.
 */
__attribute__((cold))
static void explain_target(struct model_engine *me, int label, bool gone,
			   const char *call, const char *what, const char *err)
{
	const char *name = me->names && label >= 0 && label < me->nslots &&
			   me->names[label] ? me->names[label] : "?";

	if (!me->explain)
		return;
	if (gone && !what)
		explain_say(me->explain, "%s: %s was reaped: /proc/%s and its namespace links are gone -> %s",
			    call, name, name, err);
	else if (gone && !strcmp(what, "task"))
		explain_say(me->explain, "%s: %s was reaped: no task has its number any more -> %s",
			    call, name, err);
	else if (gone)
		explain_say(me->explain, "%s: %s was reaped and no %s keeps its number -> %s",
			    call, name, what, err);
	else
		explain_say(me->explain, "%s: %s has no number in the caller's namespace (it lives in a namespace the caller cannot see) -> %s",
			    call, name, err);
}

static int exec_setns(struct model_engine *me, struct task_struct *p,
		      const struct stmt *st)
{
	struct task_struct *t = slot_task(me, st->label[1]);
	struct pid_namespace *ns;

	if (!t) {
		explain_target(me, st->label[1], true, "setns", NULL, "ENOENT");
		return -ENOENT;		/* no /proc/T any more */
	}
	ns = (st->flags & STMT_CHILDREN) ? pidns_for_children_get(t)
					 : pidns_get(t);
	if (!ns)
		EXPLAIN(me->m, "setns: %s's pid_for_children link cannot be opened (it exited, or that namespace has no init yet) -> ENOENT",
			explain_task(me->explain, t));
	return sys_setns(p, ns);
}

/*
 * The number of G's process group as P sees it: G's own pid while G
 * exists, and after G was reaped the pid G left behind, as long as it
 * still names a process group or session (docs/semantics.md, "Targets
 * named by label"). 0 and *gone when there is no such pid, 0 alone when
 * P cannot see it.
 */
static int group_nr(struct model_engine *me, const struct task_struct *p,
		    int label, bool *gone)
{
	struct label_slot *g = &me->slots[label];
	const struct pid *pid = g->task ? task_pid(g->task) : g->held;

	*gone = !pid || !pid->published;
	return *gone ? 0 : vnr_of(p, pid);
}

/* kill P T [SIG], kill P -G [SIG] (kill(-pgid)), kill P all [SIG] (kill(-1)). */
static int exec_kill(struct model_engine *me, struct task_struct *p,
		     const struct stmt *st)
{
	int sig = st->sig ? st->sig : TRACE_SIGKILL;
	struct task_struct *t;
	bool gone;
	int nr;

	if (st->flags & STMT_ALL)
		return sys_kill(p, -1, sig);
	if (st->flags & STMT_PGRP) {
		nr = group_nr(me, p, st->label[1], &gone);
		if (!nr)
			explain_target(me, st->label[1], gone, "kill",
				       "process group", "ESRCH");
		return nr ? sys_kill(p, -nr, sig) : -ESRCH;
	}
	t = slot_task(me, st->label[1]);
	nr = t ? vnr_of(p, task_pid(t)) : 0;
	if (!nr) {
		explain_target(me, st->label[1], !t, "kill", "task", "ESRCH");
		return -ESRCH;
	}
	return sys_kill(p, nr, sig);
}

/* wait P C, wait P any: the label of the child reaped for the latter. */
static void exec_wait(struct model_engine *me, struct task_struct *p,
		      const struct stmt *st, struct result *res)
{
	struct task_struct *c;
	void *owner;
	int nr, ret;

	if (st->flags & STMT_ANY) {
		ret = sys_wait4(p, -1, &owner);
		if (ret > 0) {
			res->kind = OC_LABEL;
			res->label = owner_label(me, owner);
			return;
		}
	} else {
		c = slot_task(me, st->label[1]);
		nr = c ? vnr_of(p, task_pid(c)) : 0;
		if (!nr)
			explain_target(me, st->label[1], !c, "do_wait", "task", "ECHILD");
		ret = nr ? sys_wait4(p, nr, NULL) : -ECHILD;
	}
	if (ret == 0)
		res->kind = OC_RUNNING;
	else
		set_errno(res, ret < 0 ? ret : 0);
}

/* setpgid P G: setpgid(0, G); setpgid P C G: setpgid(C, G). */
static int exec_setpgid(struct model_engine *me, struct task_struct *p,
			const struct stmt *st)
{
	struct task_struct *c;
	bool gone;
	int nr, cnr = 0;

	if (st->flags & STMT_WHO) {
		c = slot_task(me, st->label[2]);
		cnr = c ? vnr_of(p, task_pid(c)) : 0;
		if (!cnr) {
			explain_target(me, st->label[2], !c, "setpgid", "task", "ESRCH");
			return -ESRCH;
		}
	}
	nr = group_nr(me, p, st->label[1], &gone);
	if (gone) {
		explain_target(me, st->label[1], true, "setpgid",
			       "process group or session", "EPERM");
		return -EPERM;	/* G and its group are gone */
	}
	if (!nr) {
		explain_target(me, st->label[1], false, "setpgid", "process group",
			       "ESRCH");
		return -ESRCH;
	}
	return sys_setpgid(p, cnr, nr);
}

/* exit P: exit_group, or for a thread that is not the leader its own
 * exit; exit P thread: the exit system call, whoever P is. */
__attribute__((cold))
static void explain_exit_call(struct explain *x, const struct task_struct *p,
			      bool group)
{
	if (group)
		explain_say(x, "exit_group: %s's whole thread group exits, %s first",
			    explain_task(x, p), explain_task(x, p));
	else
		explain_say(x, "exit: the exit system call: %s alone exits, not its whole group",
			    explain_task(x, p));
}

static void exec_exit(struct task_struct *p, const struct stmt *st)
{
	struct machine *m = p->machine;

	if ((st->flags & STMT_EXIT_THREAD) || !thread_group_leader(p)) {
		EXPLAIN_CALL(m, explain_exit_call, p, false);
		sys_exit(p);
	} else {
		EXPLAIN_CALL(m, explain_exit_call, p, true);
		sys_exit_group(p);
	}
}

static int model_exec_one(struct engine *e, const struct stmt *st,
			  struct result *res)
{
	struct model_engine *me = to_model(e);
	struct task_struct *p = slot_task(me, st->label[0]);
	int ret = 0;

	result_clear(res);
	if (!p)
		return -EINVAL;		/* the runner checks the actor first */
	if (__builtin_expect(me->explain != NULL, 0))
		explain_begin(me->explain, me->m,
			      st->op == OP_FORK || st->op == OP_CLONE ?
			      st->label[1] : LABEL_NONE,
			      st->op == OP_CLONE && (st->flags & STMT_SET_TID) ?
			      st->set_tid : NULL, (size_t)st->set_tid_size);

	switch (st->op) {
	case OP_FORK:
	case OP_CLONE:
		exec_clone(me, p, st, res);
		return 0;
	case OP_WAIT:
		exec_wait(me, p, st, res);
		return 0;
	case OP_UNSHARE:
		ret = sys_unshare_newpid(p);
		break;
	case OP_SETNS:
		ret = exec_setns(me, p, st);
		break;
	case OP_EXIT:
		exec_exit(p, st);
		break;
	case OP_KILL:
		ret = exec_kill(me, p, st);
		break;
	case OP_SETSID:
		ret = sys_setsid(p);
		break;
	case OP_SETPGID:
		ret = exec_setpgid(me, p, st);
		break;
	case OP_SUBREAPER:
		ret = sys_prctl_child_subreaper(p, 1);
		break;
	case OP_NS_LAST_PID:
		ret = sys_write_ns_last_pid(p, st->value);
		break;
	case OP_PID_MAX:
		ret = sys_write_pid_max(p, st->value);
		break;
	case OP_SIGCHLD:
		ret = sys_sigaction_sigchld(p, st->flags & STMT_IGNORE);
		break;
	case OP_EXEC:
		ret = sys_execve(p);
		break;
	case OP_SHOW:		/* the runner answers show */
	case OP_EXPECT:
	case OP__COUNT:
		return -EINVAL;
	}
	set_errno(res, ret);
	return 0;
}

/*
 * Where the modelled kernel would oops there is no result to give: the
 * engine fails (the runner stops the trace) and says why.
 */
static int model_exec(struct engine *e, const struct stmt *st,
		      struct result *res)
{
	struct model_engine *me = to_model(e);
	int ret = model_exec_one(e, st, res);

	if (!ret && me->m && me->m->oops) {
		fprintf(stderr, "pidsim: model: kernel %s would oops: %s\n",
			me->profile->name, me->m->oops);
		return -ENOTRECOVERABLE;
	}
	return ret;
}

static int model_observe(struct engine *e, int label,
			 const struct expect_pair *pair,
			 struct observation *obs)
{
	struct model_engine *me = to_model(e);
	struct task_struct *p = slot_task(me, label);
	enum proc_state state = task_state(p);
	struct task_struct *q;

	memset(obs, 0, sizeof(*obs));
	obs->state = state;
	if (pair->key == EK_STATE)
		return 0;
	if (state == PS_REAPED) {
		obs->err = ESRCH;
		return 0;
	}

	switch (pair->key) {
	case EK_NSPID:
		fill_nspid(&obs->nspid, task_pid(p));
		return 0;
	case EK_PARENT:
		q = p->real_parent;
		obs->label = q ? task_label(me, q->group_leader) : LABEL_NONE;
		return 0;
	case EK_PID_AT:
		q = slot_task(me, pair->label);
		if (!q) {
			obs->err = ESRCH;
			return 0;
		}
		obs->value = pid_nr_ns(task_pid(p), task_active_pid_ns(q));
		return 0;
	default:
		break;
	}

	/* what P would read by itself: only a running P can */
	if (state != PS_RUNNING) {
		obs->err = ESRCH;
		return 0;
	}
	switch (pair->key) {
	case EK_PPID:
		obs->value = sys_getppid(p);
		break;
	case EK_PGID:
		obs->value = sys_getpgrp(p);
		break;
	case EK_SID:
		obs->value = sys_getsid(p);
		break;
	case EK_LAST_PID:
		obs->value = ns_last_pid_read(p);
		break;
	case EK_PID_MAX:
		obs->value = pid_max_read(p);
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/* What the tree shows for a value only a running task can read. */
static int read_if_running(const struct task_struct *t,
			   int (*get)(const struct task_struct *))
{
	return task_state(t) == PS_RUNNING ? get(t) : SNAP_UNKNOWN;
}

static int model_snapshot(struct engine *e, struct snapshot *snap)
{
	struct model_engine *me = to_model(e);
	const struct pid_namespace *ns;
	const struct task_struct *t;
	int n = 0, ret;

	if (!me->m)
		return 0;
	/* namespaces are numbered in list order: a parent comes before its children */
	list_for_each_entry(ns, &me->m->namespaces, node) {
		struct snap_ns sn = {
			.parent = -1,
			.level = (int)ns->level,
			.pid_max = pid_ns_pid_max(ns),
			.last_pid = (int)ns->cursor - 1,
			.accepting = !!(ns->pid_allocated & PIDNS_ADDING),
		};
		const struct pid_namespace *q;
		int k = 0;

		list_for_each_entry(q, &me->m->namespaces, node) {
			if (q == ns->parent)
				sn.parent = k;
			k++;
		}
		ret = snapshot_add_ns(snap, &sn);
		if (ret < 0)
			return ret;
		n++;
	}
	list_for_each_entry(t, &me->m->tasks, node) {
		struct snap_proc sp = {
			.label = task_label(me, t),
			.state = task_state(t),
			.parent = t->real_parent ?
				  task_label(me, t->real_parent->group_leader) : LABEL_NONE,
			.leader = task_label(me, t->group_leader),
			.ppid = read_if_running(t, sys_getppid),
			.pgid = read_if_running(t, sys_getpgrp),
			.sid = read_if_running(t, sys_getsid),
		};
		int k = 0;

		if (sp.label < 0 || sp.state == PS_REAPED)
			continue;
		list_for_each_entry(ns, &me->m->namespaces, node) {
			if (ns == task_active_pid_ns(t))
				sp.ns = k;
			k++;
		}
		fill_nspid(&sp.nspid, task_pid(t));
		ret = snapshot_add_proc(snap, &sp);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static const char *model_why(struct engine *e)
{
	struct model_engine *me = to_model(e);

	return me->explain ? explain_text(me->explain) : NULL;
}

static void model_destroy(struct engine *e)
{
	model_end(e);
	free(to_model(e));
}

static const struct engine_ops model_ops = {
	.name = "model",
	.begin = model_begin,
	.state = model_state,
	.exec = model_exec,
	.observe = model_observe,
	.snapshot = model_snapshot,
	.why = model_why,
	.end = model_end,
	.destroy = model_destroy,
};

int engine_model_new(const char *kernel, unsigned int base_level,
		     struct engine **ep)
{
	const struct kernel_profile *prof = kernel_profile_find(kernel);
	struct model_engine *me;

	if (!prof)
		return -ENOENT;
	if (base_level > MAX_PID_NS_LEVEL)
		return -ERANGE;
	me = calloc(1, sizeof(*me));
	if (!me)
		return -ENOMEM;
	me->base.ops = &model_ops;
	me->profile = prof;
	me->base_level = base_level;
	*ep = &me->base;
	return 0;
}

void engine_model_set_limits(struct engine *e, unsigned long max_threads,
			     unsigned long max_pid_namespaces)
{
	struct model_engine *me = to_model(e);

	me->max_threads = max_threads;
	me->max_pid_namespaces = max_pid_namespaces;
}

int engine_model_kernel_arg(const char *cmd, const char *name)
{
	const struct kernel_profile *p;
	unsigned int i, n;

	p = kernel_profiles(&n);
	if (!strcmp(name, "list")) {
		printf("%-8s %s\n", "KERNEL", "WHAT THE PROFILE MODELS");
		for (i = 0; i < n; i++)
			printf("%-8s %s\n", p[i].name, p[i].summary);
		return 1;
	}
	if (*name && kernel_profile_find(name))
		return 0;
	fprintf(stderr, "pidsim %s: unknown kernel profile '%s'; the profiles are:",
		cmd, name);
	for (i = 0; i < n; i++)
		fprintf(stderr, " %s", p[i].name);
	fprintf(stderr, " (see 'pidsim %s --kernel list')\n", cmd);
	return -ENOENT;
}
