/*
 * explain.c - the reasons behind the model's results (explain.h).
 *
 * Everything here runs only while machine->explain is set: the model's
 * hooks test that pointer first. So this file may spend what it likes on
 * text; it must only never change what the model does (it reads the
 * model's structures and writes nothing but its own).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strerrorname_np */
#endif
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/explain.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/task.h"

struct explain *explain_new(const char *const *names, int nnames,
			    int (*label_of)(const void *owner, void *cookie),
			    void *cookie)
{
	struct explain *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->names = names;
	x->nnames = nnames;
	x->label_of = label_of;
	x->cookie = cookie;
	x->child_label = -1;
	return x;
}

void explain_free(struct explain *x)
{
	if (!x)
		return;
	free(x->buf);
	free(x->ns);
	free(x);
}

/* The record of ns, made on first use; NULL without memory. */
static struct explain_ns *ns_record(struct explain *x,
				    const struct pid_namespace *ns);

void explain_begin(struct explain *x, const struct machine *m,
		   int child_label, const int *set_tid, size_t set_tid_size)
{
	const struct pid_namespace *ns;

	x->len = 0;
	x->cut = false;
	if (x->buf)
		x->buf[0] = '\0';
	x->child_label = child_label;
	x->set_tid = set_tid;
	x->set_tid_size = set_tid ? set_tid_size : 0;
	x->release_why = NULL;
	if (!m)
		return;
	list_for_each_entry(ns, &m->namespaces, node) {
		struct explain_ns *r = ns_record(x, ns);

		if (r)
			r->cursor0 = ns->cursor;
	}
}

const char *explain_text(const struct explain *x)
{
	return x->len ? x->buf : NULL;
}

/* Room for n more bytes and a NUL; false when the text is full. */
static bool reserve(struct explain *x, size_t n)
{
	size_t cap;
	char *p;

	if (x->len + n + 1 <= x->cap)
		return true;
	if (x->len + n + 1 > EXPLAIN_TEXT_MAX)
		return false;
	cap = x->cap ? x->cap : 256;
	while (cap < x->len + n + 1)
		cap *= 2;
	if (cap > EXPLAIN_TEXT_MAX)
		cap = EXPLAIN_TEXT_MAX;
	p = realloc(x->buf, cap);
	if (!p)
		return false;
	x->buf = p;
	x->cap = cap;
	return true;
}

static void append_line(struct explain *x, const char *line, size_t n)
{
	static const char cut[] = "(more reasons cut)";

	if (x->cut)
		return;
	/* the cut line always has room after the last line that fits */
	if (x->len + n + 1 + sizeof(cut) + 1 > EXPLAIN_TEXT_MAX ||
	    !reserve(x, n + 1)) {
		x->cut = true;
		if (!reserve(x, sizeof(cut)))
			return;
		line = cut;
		n = sizeof(cut) - 1;
	}
	if (x->len)
		x->buf[x->len++] = '\n';
	memcpy(x->buf + x->len, line, n);
	x->len += n;
	x->buf[x->len] = '\0';
}

void explain_say(struct explain *x, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	append_line(x, line, (size_t)n);
}

static char *ring_slot(struct explain *x)
{
	char *s = x->ring[x->next_ring];

	x->next_ring = (x->next_ring + 1) % EXPLAIN_NAME_RING;
	return s;
}

static const char *label_name(struct explain *x, int label)
{
	char *s;

	if (label >= 0 && label < x->nnames && x->names && x->names[label])
		return x->names[label];
	s = ring_slot(x);
	snprintf(s, EXPLAIN_NAME_LEN, "#%d", label);
	return s;
}

/* A task's label, -1 for the task outside the trace. */
static int task_label(const struct explain *x, const struct task_struct *t)
{
	return t && t->owner && x->label_of ? x->label_of(t->owner, x->cookie) : -1;
}

const char *explain_task(struct explain *x, const struct task_struct *t)
{
	if (!t)
		return "nobody";
	if (task_label(x, t) >= 0)
		return label_name(x, task_label(x, t));
	/* the only task without a label is the one that started init */
	return "the parent outside the trace";
}

/* The record of ns, or NULL (never made while explaining). */
static const struct explain_ns *explain_ns_record(const struct explain *x,
						  const struct pid_namespace *ns)
{
	if (!ns || ns->id >= x->nns)
		return NULL;
	return &x->ns[ns->id];
}

/* The record of ns, made on first use; NULL without memory. */
static struct explain_ns *ns_record(struct explain *x,
				    const struct pid_namespace *ns)
{
	if (ns->id >= x->nns) {
		size_t n = x->nns ? x->nns : 8, i;
		struct explain_ns *p;

		while (n <= ns->id)
			n *= 2;
		p = realloc(x->ns, n * sizeof(*p));
		if (!p)
			return NULL;
		for (i = x->nns; i < n; i++)
			p[i] = (struct explain_ns){ .init = -1, .creator = -1,
						    .dead_by = -1,
						    .cursor0 = EXPLAIN_NO_CURSOR };
		x->ns = p;
		x->nns = n;
	}
	return &x->ns[ns->id];
}

void explain_ns_made(struct explain *x, const struct pid_namespace *ns,
		     const struct task_struct *creator, bool unshared)
{
	struct explain_ns *r = ns_record(x, ns);

	if (!r)
		return;
	r->creator = task_label(x, creator);
	r->unshared = unshared;
	/* a clone newpid's child becomes its init when the clone succeeds */
	if (!unshared)
		r->init = x->child_label;
}

/* The name of the child this statement's fork makes (not labelled yet). */
static const char *explain_child(struct explain *x)
{
	return x->child_label >= 0 ? label_name(x, x->child_label) : "the new task";
}

void explain_ns_dead(struct explain *x, const struct pid_namespace *ns,
		     enum explain_ns_dead how, const struct task_struct *init)
{
	struct explain_ns *r = ns_record(x, ns);

	if (!r)
		return;
	r->dead = how;
	r->dead_by = task_label(x, init);
}

const char *explain_ns(struct explain *x, const struct pid_namespace *ns)
{
	const struct explain_ns *r = explain_ns_record(x, ns);
	char *s = ring_slot(x);
	const char *who;

	if (!ns) {
		snprintf(s, EXPLAIN_NAME_LEN, "no namespace");
		return s;
	}
	if (r && r->init >= 0) {
		who = label_name(x, r->init);
		snprintf(s, EXPLAIN_NAME_LEN, "level %u (namespace of %s)",
			 ns->level, who);
	} else if (r && r->creator >= 0) {
		who = label_name(x, r->creator);
		snprintf(s, EXPLAIN_NAME_LEN, "level %u (namespace %s %s, no init yet)",
			 ns->level, r->unshared ? "unshared by" : "made by", who);
	} else if (!ns->parent) {
		snprintf(s, EXPLAIN_NAME_LEN, "level %u (namespace of init)", ns->level);
	} else {
		snprintf(s, EXPLAIN_NAME_LEN, "level %u (namespace #%lu)", ns->level,
			 ns->id);
	}
	return s;
}

const char *explain_nrs(struct explain *x, const struct pid *pid)
{
	char *s = ring_slot(x);
	size_t o = 0;
	unsigned int i;

	s[0] = '\0';
	if (!pid)
		return s;
	for (i = 0; i <= pid->level && o < EXPLAIN_NAME_LEN; i++)
		o += (size_t)snprintf(s + o, EXPLAIN_NAME_LEN - o, "%s%d",
				      i ? "/" : "", pid->numbers[i].key.nr);
	return s;
}

const char *explain_errno(int err)
{
	const char *name = strerrorname_np(err < 0 ? -err : err);

	return name ? name : "E?";
}

/*
 * alloc_pid, one level. The cursor policy is idr_alloc_cyclic's: a first
 * pass from max(cursor, start) to end, then, if that pass began above
 * start, a second from start (a wrap). The legacy scan (end is pid_max,
 * start RESERVED_PIDS) is told in the same words.
 */
static void explain_alloc_level(struct explain *x, const struct pid_namespace *ns,
				unsigned int cursor0, int start, int end, int tid,
				int idx, int nr, int exhaustion_errno)
{
	bool legacy = ns->machine->profile->allocator == PIDALLOC_LEGACY;
	const char *where;

	/* number 1 makes this statement's child the namespace's init */
	if (nr == 1 && x->child_label >= 0) {
		struct explain_ns *r = ns_record(x, ns);

		if (r)
			r->init = x->child_label;
	}
	where = explain_ns(x, ns);
	/* the legacy scan starts at last_pid + 1 even below RESERVED_PIDS */
	int from = legacy || (int)cursor0 > start ? (int)cursor0 : start;
	const char *fn = legacy ? "alloc_pidmap" : "idr_alloc_cyclic";

	if (tid) {
		if (nr >= 0)
			explain_say(x, "%s: set_tid[%d] = %d: took %d", where, idx,
				    tid, nr);
		else if (nr == -EEXIST)
			explain_say(x, "%s: set_tid[%d] = %d is taken -> EEXIST",
				    where, idx, tid);
		else if (tid < 1 || tid >= end)
			explain_say(x, "%s: set_tid[%d] = %d is not in [1, %d) (pid_max) -> EINVAL",
				    where, idx, tid, end);
		else
			explain_say(x, "%s: set_tid[%d] = %d, but the namespace has no init yet (only 1 may come first) -> EINVAL",
				    where, idx, tid);
		return;
	}
	if (nr == -ENOSPC || nr == -exhaustion_errno) {
		explain_say(x, "%s: every number in [%d, %d) is taken: %s -> ENOSPC, reported as %s",
			    where, start, end, fn, explain_errno(exhaustion_errno));
		return;
	}
	if (nr < 0) {
		explain_say(x, "%s: %s -> %s", where, fn, explain_errno(nr));
		return;
	}
	if (from >= end)	/* the cursor was past the end: straight to the wrap */
		explain_say(x, "%s: last_pid %d -> %d, searched [%d, %d) after a wrap: took %d (%s)",
			    where, (int)cursor0 - 1, nr, start, end, nr, fn);
	else if (nr >= from)
		explain_say(x, "%s: last_pid %d -> %d, searched [%d, %d): took %d (%s)",
			    where, (int)cursor0 - 1, nr, from, end, nr, fn);
	else
		explain_say(x, "%s: last_pid %d -> %d, searched [%d, %d), every number taken, then [%d, %d) after a wrap: took %d (%s)",
			    where, (int)cursor0 - 1, nr, from, end, start, from, nr, fn);
}

void explain_alloc_pid(struct explain *x, const struct pid_namespace *ns,
		       const struct pid *pid, int stop, int err)
{
	const struct kernel_profile *prof = ns->machine->profile;
	const struct pid_namespace *tmp;
	int l;

	for (tmp = ns, l = (int)ns->level; tmp && l >= stop && l >= 0;
	     tmp = tmp->parent, l--) {
		unsigned int idx = ns->level - (unsigned int)l;
		const struct explain_ns *r = explain_ns_record(x, tmp);
		/* a namespace made by this very statement starts at its cursor */
		unsigned int cursor0 = r && r->cursor0 != EXPLAIN_NO_CURSOR ?
				       r->cursor0 :
				       prof->allocator == PIDALLOC_LEGACY ? 1 : 0;
		int tid = idx < x->set_tid_size ? x->set_tid[idx] : 0;
		int start;

		/* the lower bound each allocator ran with (pid.c) */
		if (prof->allocator == PIDALLOC_LEGACY)
			start = RESERVED_PIDS;
		else
			start = cursor0 > RESERVED_PIDS ? RESERVED_PIDS : 1;
		explain_alloc_level(x, tmp, cursor0, tid ? 1 : start,
				    pid_ns_pid_max(tmp), tid, (int)idx,
				    l == stop ? err : pid->numbers[l].key.nr,
				    prof->exhaustion_errno);
	}
	if (stop < 0 && err)
		explain_alloc_dead(x, ns, "alloc_pid");
}

void explain_alloc_dead(struct explain *x, const struct pid_namespace *ns,
			const char *who)
{
	const struct explain_ns *r = explain_ns_record(x, ns);
	const char *where = explain_ns(x, ns);

	if (r && r->dead == EXPLAIN_NS_ZAPPED)
		explain_say(x, "%s: %s: has no init (PIDNS_ADDING cleared when %s, its pid 1, exited) -> ENOMEM",
			    who, where, label_name(x, r->dead_by));
	else if (r && r->dead == EXPLAIN_NS_FIRST_FAILED)
		explain_say(x, "%s: %s: its first process failed after alloc_pid, so it never takes another (PIDNS_ADDING cleared) -> ENOMEM",
			    who, where);
	else
		explain_say(x, "%s: %s: PIDNS_ADDING is cleared, the namespace takes no new process -> ENOMEM",
			    who, where);
}

void explain_free_pid(struct explain *x, const struct pid *pid)
{
	explain_say(x, "free_pid: %s is free again (no task, process group or session holds it)",
		    explain_nrs(x, pid));
}

void explain_release_cause(struct explain *x, const char *why)
{
	x->release_why = why;
}

void explain_release(struct explain *x, const struct task_struct *p,
		     const char *why)
{
	const struct task_struct *parent = p->real_parent;
	char buf[EXPLAIN_NAME_LEN + 64];

	if (!why)
		why = x->release_why;
	x->release_why = NULL;
	if (!why && !thread_group_leader(p)) {
		why = "a thread is released as soon as it has exited";
	} else if (!why) {
		snprintf(buf, sizeof(buf), "autoreaped, %s ignores SIGCHLD (do_notify_parent)",
			 explain_task(x, parent));
		why = buf;
	}
	explain_say(x, "release_task: %s (%s) is released: %s",
		    explain_task(x, p), explain_nrs(x, task_pid(p)), why);
}

/* "a, b and c" of the children of father into buf; returns how many. */
static int children_names(struct explain *x, const struct task_struct *father,
			  char *buf, size_t len)
{
	const struct task_struct *p;
	size_t o = 0;
	int n = 0;

	buf[0] = '\0';
	list_for_each_entry(p, &father->children, sibling) {
		const char *sep = !n ? "" : p->sibling.next == &father->children ?
			" and " : ", ";

		n++;
		if (o + 8 >= len) {
			if (o + 5 < len)
				snprintf(buf + o, len - o, ", ...");
			o = len - 1;
			continue;
		}
		o += (size_t)snprintf(buf + o, len - o, "%s%s", sep, explain_task(x, p));
	}
	return n;
}

void explain_reparent(struct explain *x, const struct task_struct *father,
		      const struct task_struct *reaper,
		      const struct task_struct *child_reaper)
{
	char kids[512];
	bool one = children_names(x, father, kids, sizeof(kids)) == 1;
	const char *what = one ? "child" : "children", *go = one ? "goes" : "go";

	if (same_thread_group(reaper, father))
		explain_say(x, "find_new_reaper: %s's %s %s %s to %s, a live thread of its group",
			    explain_task(x, father), what, kids, go, explain_task(x, reaper));
	else if (reaper != child_reaper)
		explain_say(x, "find_new_reaper: %s's %s %s %s to %s, the nearest child subreaper above it (PR_SET_CHILD_SUBREAPER)",
			    explain_task(x, father), what, kids, go, explain_task(x, reaper));
	else
		explain_say(x, "find_new_reaper: %s's %s %s %s to %s, the child reaper of %s%s",
			    explain_task(x, father), what, kids, go, explain_task(x, reaper),
			    explain_ns(x, task_active_pid_ns(father)),
			    father->signal->has_child_subreaper ?
			    " (no live subreaper above it in its namespace)" : "");
}

void explain_exit_notify(struct explain *x, const struct task_struct *tsk,
			 bool autoreap)
{
	const struct task_struct *t;
	char threads[256];
	size_t o = 0;

	if (autoreap)
		return;		/* release_task says why */
	if (thread_group_empty(tsk)) {
		explain_say(x, "exit_notify: %s is a zombie: %s stays taken until %s waits for it",
			    explain_task(x, tsk), explain_nrs(x, task_pid(tsk)),
			    explain_task(x, tsk->real_parent));
		return;
	}
	threads[0] = '\0';
	list_for_each_entry(t, &tsk->signal->thread_head, thread_node) {
		if (t == tsk || o + 8 >= sizeof(threads))
			continue;
		o += (size_t)snprintf(threads + o, sizeof(threads) - o, "%s%s",
				      o ? ", " : "", explain_task(x, t));
	}
	explain_say(x, "exit_notify: %s leads a group that still has threads (%s): it stays a zombie holding %s until the last one is released (delay_group_leader)",
		    explain_task(x, tsk), threads, explain_nrs(x, task_pid(tsk)));
}

void explain_release_held(struct explain *x, const struct task_struct *p,
			  const struct pid *pid)
{
	const char *what;

	if (!pid->published)
		return;		/* free_pid said so */
	if (pid_has_task(pid, PIDTYPE_PGID) && pid_has_task(pid, PIDTYPE_SID))
		what = "the process group and the session";
	else if (pid_has_task(pid, PIDTYPE_PGID))
		what = "the process group";
	else if (pid_has_task(pid, PIDTYPE_SID))
		what = "the session";
	else
		what = "the thread group";
	explain_say(x, "%s stays taken: %s numbered %s still has members (%s was its leader)",
		    explain_nrs(x, pid), what, explain_nrs(x, pid),
		    explain_task(x, p));
}

void explain_signal(struct explain *x, const struct task_struct *current,
		    const struct task_struct *p, int sig, bool force, int dropped)
{
	const char *name = sigabbrev_np(sig);
	bool unkillable = p->signal->flags & SIGNAL_UNKILLABLE;

	if (!name)
		name = "?";
	if (dropped == 1) {
		explain_say(x, "prepare_signal: %s's group is exiting or has exited (SIGNAL_GROUP_EXIT): SIG%s dropped",
			    explain_task(x, p), name);
	} else if (dropped) {
		explain_say(x, "sig_task_ignored: %s is pid 1 of %s (SIGNAL_UNKILLABLE) and has no handler: SIG%s ignored%s",
			    explain_task(x, p), explain_ns(x, task_active_pid_ns(p)), name,
			    force ? "" : " (only SIGKILL from an ancestor namespace gets through)");
	} else if (unkillable) {
		explain_say(x, "group_send_sig_info: SIG%s from %s, in an ancestor namespace, is forced past SIGNAL_UNKILLABLE: %s's group exits",
			    name, explain_task(x, current), explain_task(x, p));
	} else {
		explain_say(x, "group_send_sig_info: SIG%s from %s to %s: no handler, the default action ends its whole group",
			    name, explain_task(x, current), explain_task(x, p));
	}
}

void explain_do_exit(struct explain *x, const struct task_struct *tsk)
{
	explain_say(x, "do_exit: %s exits", explain_task(x, tsk));
}

void explain_new_init(struct explain *x, const struct pid_namespace *ns)
{
	explain_say(x, "copy_process: %s is pid 1 of %s: its child reaper, SIGNAL_UNKILLABLE",
		    explain_child(x), explain_ns(x, ns));
}

void explain_zap_leader(struct explain *x, const struct task_struct *p,
			bool autoreap)
{
	const struct task_struct *leader = p->group_leader;

	explain_say(x, "release_task: %s was the last thread of %s's group: the zombie leader %s is reported to %s%s",
		    explain_task(x, p), explain_task(x, leader), explain_task(x, leader),
		    explain_task(x, leader->real_parent),
		    autoreap ? ", which ignores SIGCHLD" : ", and can be waited for now");
}

void explain_wait_child(struct explain *x, const struct task_struct *current,
			const struct task_struct *p, enum explain_wait what)
{
	switch (what) {
	case EXPLAIN_WAIT_INELIGIBLE:
		explain_say(x, "do_wait: %s reports its exit with signal %d, not SIGCHLD: a plain wait does not see it (eligible_child)",
			    explain_task(x, p), p->exit_signal);
		return;
	case EXPLAIN_WAIT_REAPED:
		explain_say(x, "do_wait: %s is a zombie: %s reaps it",
			    explain_task(x, p), explain_task(x, current));
		return;
	case EXPLAIN_WAIT_NOT_YET:
		if (p->exit_state == EXIT_ZOMBIE)
			explain_say(x, "do_wait: %s is a zombie whose group still has threads: not reapable yet (delay_group_leader)",
				    explain_task(x, p));
		else
			explain_say(x, "do_wait: %s has not exited yet", explain_task(x, p));
		return;
	}
}
