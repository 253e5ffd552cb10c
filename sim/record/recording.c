/*
 * recording.c - the recorder's state: processes, namespaces, statements.
 *
 * Each task of the workload is one struct rproc for its whole lifetime
 * (a host tid or a namespace number that comes back later is a new rproc).
 * Statements (struct rstmt) name rprocs by index; labels are chosen only
 * when the trace is written, from the command each process ran.
 *
 * Where each statement goes (docs/record.md, "Where a statement sits"):
 * fork/clone at task_newtask, the first moment the child exists (and, at
 * write time, back in the order the numbers were taken when two raced);
 * a process's exit at its SIGCHLD to the parent, when it became a zombie,
 * else at sched_process_exit; a reaping wait at the return of wait4;
 * exec at sched_process_exec (after de_thread); setsid/setpgid/unshare/
 * prctl at their return; sigchld at the rt_sigaction(SIGCHLD) that set it,
 * its value found from the children that died under it.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/record/recording.h"
#include "sim/trace/errnames.h"
#include "sim/trace/stmt.h"

#define CLONE_NEWPID_FLAG	0x20000000ULL
#define CLONE_THREAD_FLAG	0x00010000ULL
#define CLONE_PARENT_FLAG	0x00008000ULL
#define PR_SET_CHILD_SUBREAPER_OPT	36
#define P_ALL_WHICH		0
#define P_PID_WHICH		1
#define WEXITED_OPT		0x00000004
#define WNOHANG_OPT		0x00000001
#define WNOWAIT_OPT		0x01000000
#define SI_USER_CODE		0
#define SI_TKILL_CODE		(-6)
#define NR_UNKNOWN		(-1)
#define ERRNO_RESTART_MIN	512	/* ERESTARTSYS and kin never reach user space */

enum rstmt_kind {
	RS_NONE,		/* dropped after the fact */
	RS_FORK,
	RS_EXIT,
	RS_EXIT_THREAD,
	RS_EXEC,
	RS_WAIT_ANY,
	RS_WAIT,
	RS_SIGCHLD,		/* value: -1 unresolved, 0 default, 1 ignore */
	RS_SETSID,
	RS_SETPGID,		/* setpgid P G */
	RS_SETPGID3,		/* setpgid P C G */
	RS_KILL,
	RS_UNSHARE,
	RS_SUBREAPER,
	RS_PID_MAX,
	RS_NOTE,		/* a comment: what happened and is not replayed */
};

struct rstmt {
	enum rstmt_kind kind;
	int p, q, r;		/* rproc indexes */
	unsigned int flags;	/* RS_FORK: STMT_NEWPID|STMT_THREAD|STMT_PARENT */
	int err;		/* positive errno, 0 for success */
	int value;		/* RS_SIGCHLD, RS_PID_MAX, RS_KILL (signal) */
	char *note;		/* RS_NOTE, RS_EXEC (file name) */
};

struct rproc {
	int tid;		/* host tid */
	int leader;		/* thread group leader (itself for a leader) */
	int parent;		/* leader of the parent, after reparenting */
	int exit_parent;	/* leader: its parent when the group died */
	int creator;		/* leader of the creator: SIGCHLD is inherited from it */
	int ns;			/* active namespace */
	int child_ns;		/* pid_for_children */
	int nr[NSPID_MAX];	/* numbers from the trace root down, NR_UNKNOWN */
	int nlevels;
	bool failed;		/* the fork that named it failed */
	int exit_signal;	/* what it sends its parent at death (clone's CSIGNAL) */
	bool exited;		/* this thread's sched_process_exit */
	bool group_dead;	/* leader: the whole group exited */
	bool reaped;		/* released: waited for, auto-reaped, or a thread */
	bool notified;		/* leader: SIGCHLD went to its parent */
	bool exit_moved;	/* leader: its exit statement sits at the notification */
	bool waited;		/* leader: a wait returned it */
	bool subreaper;		/* leader */
	int pending;		/* thread: the child its running clone made */
	unsigned long long clone_args;	/* thread: sys_enter_clone flags */
	bool clone_args_valid;		/* set by sys_enter_clone, used by the next newtask */
	int wait_upid;		/* thread: wait4's pid argument */
	int waitid_which, waitid_upid, waitid_options;
	int setpgid_pid, setpgid_pgid;
	unsigned long long unshare_flags;
	int prctl_option;
	unsigned long long prctl_arg;
	int exec_mark;		/* leader: first statement after the last execve */
	int exit_stmt;		/* leader: its group's exit statement */
	int fork_stmt;
	int kill_sender, kill_sig;	/* leader: last fatal-looking signal */
	bool kill_fatal;
	int *sigchld;		/* leader: its RS_SIGCHLD statements, in order */
	int nsigchld, cap_sigchld;
	int first_child, last_child;	/* leader: its children (leaders), a list */
	int next_sibling;
	int next_thread;	/* the group's threads, a list from the leader */
	int live_threads;	/* leader: threads of the group not exited, itself too */
	int zombies;		/* leader: children that are zombies, notified and not reaped */
	char comm[REC_COMM_MAX + 1];
	char *exe;		/* the first program it exec'd */
	char *label;		/* chosen at write time */
};

struct pidns {
	int level;		/* 0: the trace root */
	int count;		/* processes created into it so far */
	int init;		/* its first process, the reaper of its orphans */
};

/* A small open-addressing map from a 64-bit key to an rproc index. */
struct imap {
	uint64_t *keys;
	int *vals;
	size_t cap, used;
};

struct recording {
	struct rproc *procs;
	int nprocs, cap_procs;
	struct rstmt *stmts;
	int nstmts, cap_stmts;
	struct pidns *ns;
	int nns, cap_ns;
	struct imap by_tid;	/* host tid -> rproc */
	struct imap by_nr;	/* (ns, number in ns) -> latest rproc */
	char *command;
	int pid_max;
	int init;		/* the rproc that is pid 1 of the root: 0, or its exec'ing thread */
	int (*read_nspid)(int tid, int *nr, int max);
	bool done;
	struct recording_stats st;
};

/* ---- the map ---- */

static uint64_t hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static int imap_grow(struct imap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024, i, j;
	uint64_t *keys = malloc(ncap * sizeof(*keys));
	int *vals = malloc(ncap * sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -ENOMEM;
	}
	for (i = 0; i < ncap; i++)
		vals[i] = -1;
	for (i = 0; i < m->cap; i++) {
		if (m->vals[i] < 0)
			continue;
		for (j = hash64(m->keys[i]) & (ncap - 1); vals[j] >= 0; j = (j + 1) & (ncap - 1))
			;
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

static int imap_put(struct imap *m, uint64_t key, int val)
{
	size_t j;

	if ((m->used + 1) * 2 > m->cap && imap_grow(m))
		return -ENOMEM;
	for (j = hash64(key) & (m->cap - 1); m->vals[j] >= 0; j = (j + 1) & (m->cap - 1)) {
		if (m->keys[j] == key) {
			m->vals[j] = val;
			return 0;
		}
	}
	m->keys[j] = key;
	m->vals[j] = val;
	m->used++;
	return 0;
}

static int imap_get(const struct imap *m, uint64_t key)
{
	size_t j;

	if (!m->cap)
		return -1;
	for (j = hash64(key) & (m->cap - 1); m->vals[j] >= 0; j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == key)
			return m->vals[j];
	return -1;
}

static uint64_t nr_key(int ns, int nr)
{
	return ((uint64_t)(unsigned int)ns << 32) | (unsigned int)nr;
}

/* ---- growing arrays ---- */

static int grow(void **arr, int *cap, int need, size_t size)
{
	int ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 256;
	while (ncap < need)
		ncap *= 2;
	p = realloc(*arr, (size_t)ncap * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static int new_ns(struct recording *r, int level)
{
	if (grow((void **)&r->ns, &r->cap_ns, r->nns + 1, sizeof(*r->ns)))
		return -ENOMEM;
	r->ns[r->nns].level = level;
	r->ns[r->nns].count = 0;
	r->ns[r->nns].init = -1;
	return r->nns++;
}

static int new_proc(struct recording *r, int tid, const char *comm)
{
	struct rproc *p;
	int i;

	if (grow((void **)&r->procs, &r->cap_procs, r->nprocs + 1, sizeof(*r->procs)))
		return -ENOMEM;
	p = &r->procs[r->nprocs];
	memset(p, 0, sizeof(*p));
	p->tid = tid;
	p->leader = r->nprocs;
	p->parent = -1;
	p->exit_parent = -1;
	p->creator = -1;
	p->pending = -1;
	p->exec_mark = -1;
	p->exit_stmt = -1;
	p->fork_stmt = -1;
	p->kill_sender = -1;
	p->first_child = -1;
	p->last_child = -1;
	p->next_sibling = -1;
	p->next_thread = -1;
	p->live_threads = 1;
	for (i = 0; i < NSPID_MAX; i++)
		p->nr[i] = NR_UNKNOWN;
	snprintf(p->comm, sizeof(p->comm), "%s", comm);
	return r->nprocs++;
}

static int emit(struct recording *r, enum rstmt_kind kind, int p, int q, int x)
{
	struct rstmt *s;

	if (grow((void **)&r->stmts, &r->cap_stmts, r->nstmts + 1, sizeof(*r->stmts)))
		return -ENOMEM;
	s = &r->stmts[r->nstmts];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->p = p;
	s->q = q;
	s->r = x;
	return r->nstmts++;
}

/* A comment statement: something happened that the trace cannot say. */
static int emit_note(struct recording *r, int p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int emit_note(struct recording *r, int p, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	i = emit(r, RS_NOTE, p, -1, -1);
	if (i < 0)
		return i;
	r->stmts[i].note = strdup(buf);
	r->st.unknown++;
	return r->stmts[i].note ? 0 : -ENOMEM;
}

struct recording *recording_new(const struct recording_info *info)
{
	struct recording *r = calloc(1, sizeof(*r));
	int root, init;

	if (!r)
		return NULL;
	r->command = strdup(info->command ? info->command : "");
	r->pid_max = info->pid_max;
	r->read_nspid = info->read_nspid;
	root = new_ns(r, 0);
	init = new_proc(r, info->init_tid, "init");
	if (!r->command || root < 0 || init < 0)
		goto out_free;
	r->procs[init].nr[0] = 1;
	r->procs[init].nlevels = 1;
	r->procs[init].ns = root;
	r->procs[init].child_ns = root;
	r->ns[root].count = 1;
	if (imap_put(&r->by_tid, (uint64_t)info->init_tid, init) ||
	    imap_put(&r->by_nr, nr_key(root, 1), init))
		goto out_free;
	if (info->pid_max > 0 && info->pid_max != 32768) {
		int i = emit(r, RS_PID_MAX, init, -1, -1);

		if (i < 0)
			goto out_free;
		r->stmts[i].value = info->pid_max;
	}
	return r;
out_free:
	recording_free(r);
	return NULL;
}

bool recording_done(const struct recording *r)
{
	return r->done;
}

void recording_stats(const struct recording *r, struct recording_stats *st)
{
	int i;

	*st = r->st;
	st->statements = 0;
	for (i = 0; i < r->nstmts; i++)
		if (r->stmts[i].kind != RS_NONE && r->stmts[i].kind != RS_NOTE)
			st->statements++;
}

static int proc_of(const struct recording *r, int tid)
{
	return imap_get(&r->by_tid, (uint64_t)(unsigned int)tid);
}

/* The rproc a number names in ns, as P sees it (the latest holder). */
static int proc_by_nr(const struct recording *r, int ns, int nr)
{
	if (nr <= 0)
		return -1;
	return imap_get(&r->by_nr, nr_key(ns, nr));
}

/* Append leader c to parent p's children. */
static void add_child(struct recording *r, int p, int c)
{
	r->procs[c].parent = p;
	r->procs[c].next_sibling = -1;
	if (p < 0)
		return;
	if (r->procs[p].last_child >= 0)
		r->procs[r->procs[p].last_child].next_sibling = c;
	else
		r->procs[p].first_child = c;
	r->procs[p].last_child = c;
}

/* Is leader c a zombie the way a parent's wait sees it? */
static bool is_zombie(const struct rproc *c)
{
	return c->notified && !c->reaped && !c->failed;
}

/* Thread k has exited: one fewer in its group. */
static void mark_exited(struct recording *r, int k)
{
	if (r->procs[k].exited)
		return;
	r->procs[k].exited = true;
	r->procs[r->procs[k].leader].live_threads--;
}

/* Leader c is reaped (by a wait or by the kernel). */
static void mark_reaped(struct recording *r, int c)
{
	if (r->procs[c].reaped)
		return;
	if (is_zombie(&r->procs[c]) && r->procs[c].parent >= 0)
		r->procs[r->procs[c].parent].zombies--;
	r->procs[c].reaped = true;
}

/* ---- events ---- */

static int on_newtask(struct recording *r, int x, const struct rec_event *ev)
{
	unsigned long long f = ev->clone_flags;
	struct rproc *px, *pc;
	int c, ns, level, i;

	c = new_proc(r, ev->child, ev->comm);
	if (c < 0)
		return c;
	px = &r->procs[x];
	pc = &r->procs[c];
	if (f & CLONE_THREAD_FLAG) {
		pc->leader = px->leader;
		ns = px->ns;
		/* a new thread: on its leader's list, one more alive */
		pc->next_thread = r->procs[px->leader].next_thread;
		r->procs[px->leader].next_thread = c;
		r->procs[px->leader].live_threads++;
	} else if (f & CLONE_NEWPID_FLAG) {
		ns = new_ns(r, r->ns[px->child_ns].level + 1);
		if (ns < 0)
			return ns;
		px = &r->procs[x];
		pc = &r->procs[c];
	} else {
		ns = px->child_ns;
	}
	level = r->ns[ns].level;
	pc->ns = ns;
	pc->child_ns = ns;
	pc->nlevels = level + 1;
	if (r->ns[ns].count++ == 0) {
		pc->nr[level] = 1;	/* the first process of a namespace is its init */
		r->ns[ns].init = c;
	}
	pc->creator = px->leader;
	if (f & CLONE_THREAD_FLAG)
		pc->parent = r->procs[px->leader].parent;
	else if (f & CLONE_PARENT_FLAG)
		add_child(r, r->procs[px->leader].parent, c);
	else
		add_child(r, px->leader, c);
	if (imap_put(&r->by_tid, (uint64_t)(unsigned int)ev->child, c))
		return -ENOMEM;
	if (pc->nr[level] == 1 && imap_put(&r->by_nr, nr_key(ns, 1), c))
		return -ENOMEM;
	i = emit(r, RS_FORK, x, c, -1);
	if (i < 0)
		return i;
	r->stmts[i].flags = ((f & CLONE_THREAD_FLAG) ? STMT_THREAD : 0) |
			    ((f & CLONE_NEWPID_FLAG) ? STMT_NEWPID : 0) |
			    ((f & CLONE_PARENT_FLAG) ? STMT_PARENT : 0);
	r->procs[c].fork_stmt = i;
	r->procs[c].exit_signal = SIGCHLD;
	if (r->procs[x].clone_args_valid) {
		r->procs[c].exit_signal = (int)(r->procs[x].clone_args & 0xff);
		r->procs[x].clone_args_valid = false;
		if (!(f & CLONE_THREAD_FLAG) && r->procs[c].exit_signal != SIGCHLD)
			return emit_note(r, c, "cloned with exit signal %d: the trace cannot say so, and the model gives every child SIGCHLD",
					 r->procs[c].exit_signal);
	}
	r->procs[x].pending = c;
	r->st.forks++;
	return 0;
}

static bool is_fork_sys(enum rec_sys s)
{
	return s == RSYS_CLONE || s == RSYS_CLONE3 || s == RSYS_FORK || s == RSYS_VFORK;
}

/*
 * A child below the trace root whose numbers at some levels no event gave:
 * ask the recorder's /proc while the child still runs. The NSpid read must
 * hold, at the creator's level, the number the creator was given.
 */
static int fill_numbers(struct recording *r, int c, int level, int given)
{
	struct rproc *pc = &r->procs[c];
	int buf[NSPID_MAX + 8], n, off, k, own;
	bool missing = false;

	for (k = 0; k < pc->nlevels; k++)
		if (pc->nr[k] <= 0)
			missing = true;
	if (!missing || !r->read_nspid)
		return 0;
	n = r->read_nspid(pc->tid, buf, (int)(sizeof(buf) / sizeof(buf[0])));
	if (n < pc->nlevels)
		return 0;
	off = n - pc->nlevels;	/* the recorder's own levels come first */
	if (buf[off + level] != given)
		return 0;	/* not the same task any more */
	own = pc->nlevels - 1;
	for (k = 0; k < pc->nlevels; k++)
		if (pc->nr[k] <= 0)
			pc->nr[k] = buf[off + k];
	return imap_put(&r->by_nr, nr_key(pc->ns, pc->nr[own]), c);
}

/* The parent's return from clone: the child's number in the parent's namespace. */
static int on_fork_return(struct recording *r, int x, const struct rec_event *ev)
{
	struct rproc *px = &r->procs[x];
	int c = px->pending, f, i, level;

	if (ev->ret == 0)
		return 0;	/* the child's own return */
	if (ev->ret > 0 && c >= 0) {
		level = r->ns[px->ns].level;
		px->pending = -1;
		px->clone_args_valid = false;
		if (level < r->procs[c].nlevels)
			r->procs[c].nr[level] = (int)ev->ret;
		if (imap_put(&r->by_nr, nr_key(px->ns, (int)ev->ret), c))
			return -ENOMEM;
		return fill_numbers(r, c, level, (int)ev->ret);
	}
	px->pending = -1;
	px->clone_args_valid = false;
	if (ev->ret > 0 || -ev->ret >= ERRNO_RESTART_MIN)
		return 0;
	/* A fork that failed: a label of its own that names no process. */
	f = new_proc(r, 0, r->procs[x].comm);
	if (f < 0)
		return f;
	r->procs[f].failed = true;
	r->procs[f].reaped = true;
	i = emit(r, RS_FORK, x, f, -1);
	if (i < 0)
		return i;
	r->stmts[i].err = (int)-ev->ret;
	if (ev->sys == RSYS_CLONE) {
		unsigned long long a = r->procs[x].clone_args;

		r->stmts[i].flags = ((a & CLONE_THREAD_FLAG) ? STMT_THREAD : 0) |
				    ((a & CLONE_NEWPID_FLAG) ? STMT_NEWPID : 0) |
				    ((a & CLONE_PARENT_FLAG) ? STMT_PARENT : 0);
	}
	r->procs[f].fork_stmt = i;
	r->st.forks++;
	r->st.failed_forks++;
	return 0;
}

static bool fatal_by_default(int sig)
{
	switch (sig) {
	case SIGKILL: case SIGTERM: case SIGINT: case SIGHUP: case SIGQUIT:
	case SIGUSR1: case SIGUSR2: case SIGALRM:
		return true;
	}
	return false;
}

/* Does leader l still have a thread that has not exited? */
static bool group_has_live_thread(const struct recording *r, int l)
{
	return r->procs[l].live_threads > 0;
}

/* The group of leader l is dead: its children go to a reaper. */
static void reparent_children(struct recording *r, int l)
{
	int reaper = -1, a, i, next;

	/* the nearest living subreaper among the ancestors, else the ns init */
	for (a = r->procs[l].parent; a >= 0; a = r->procs[a].parent) {
		if (r->procs[a].subreaper && !r->procs[a].group_dead) {
			reaper = a;
			break;
		}
	}
	if (reaper < 0)
		reaper = r->procs[l].ns == r->procs[r->init].ns ? r->init :
			 r->ns[r->procs[l].ns].init;
	if (reaper == l)
		reaper = -1;	/* the init itself: its namespace dies with it */
	for (i = r->procs[l].first_child; i >= 0; i = next) {
		struct rproc *c = &r->procs[i];

		next = c->next_sibling;
		if (c->reaped || c->parent != l)
			continue;
		if (c->group_dead && !c->notified) {
			/* it died without telling l: the kernel reaped it then */
			mark_reaped(r, i);
			continue;
		}
		if (is_zombie(c)) {
			r->procs[l].zombies--;
			if (reaper >= 0)
				r->procs[reaper].zombies++;
		}
		add_child(r, reaper, i);
	}
	r->procs[l].first_child = r->procs[l].last_child = -1;
}

static int on_task_exit(struct recording *r, int x, const struct rec_event *ev)
{
	struct rproc *px = &r->procs[x];
	int l = px->leader, i, s;

	if (px->exited)
		return 0;
	mark_exited(r, x);
	if (x != l) {
		px->reaped = true;	/* a thread is released at once */
		i = emit(r, RS_EXIT, x, -1, -1);
		if (i < 0)
			return i;
		if (!ev->group_dead)
			return 0;
		/* the last thread of a group whose leader exited alone */
		r->procs[l].group_dead = true;
		r->procs[l].exit_stmt = i;
		r->procs[l].exit_parent = r->procs[l].parent;
		reparent_children(r, l);
		return 0;
	}
	if (!ev->group_dead && group_has_live_thread(r, l)) {
		i = emit(r, RS_EXIT_THREAD, x, -1, -1);
		return i < 0 ? i : 0;
	}
	px->group_dead = true;
	s = px->kill_sender;
	if (px->kill_fatal && s >= 0 && !r->procs[s].exited &&
	    !r->procs[r->procs[s].leader].group_dead && x != r->init &&
	    px->nr[px->nlevels - 1] != 1) {
		i = emit(r, RS_KILL, s, x, -1);
		if (i >= 0)
			r->stmts[i].value = px->kill_sig;
	} else {
		i = emit(r, RS_EXIT, x, -1, -1);
	}
	if (i < 0)
		return i;
	px = &r->procs[x];
	px->exit_stmt = i;
	px->exit_parent = px->parent;
	reparent_children(r, x);
	if (x == r->init)
		r->done = true;	/* the namespace ends with its init */
	return 0;
}

static int on_exec(struct recording *r, const struct rec_event *ev)
{
	int t = proc_of(r, ev->exec_old_pid), l, i, k, lv;
	struct rproc *pt;

	if (t < 0)
		return 0;
	l = r->procs[t].leader;
	/* de_thread killed the other threads: the exec statement says so */
	if (r->procs[l].exec_mark >= 0) {
		for (i = r->procs[l].exec_mark; i < r->nstmts; i++) {
			struct rstmt *s = &r->stmts[i];

			if ((s->kind == RS_EXIT || s->kind == RS_EXIT_THREAD) &&
			    s->p != t && r->procs[s->p].leader == l)
				s->kind = RS_NONE;
		}
	}
	if (l != t && !r->procs[l].exited) {
		mark_exited(r, l);
		r->procs[l].reaped = true;
	}
	for (k = r->procs[l].next_thread; k >= 0; k = r->procs[k].next_thread) {
		if (k != t && !r->procs[k].failed) {
			mark_exited(r, k);
			r->procs[k].reaped = true;
		}
	}
	pt = &r->procs[t];
	if (t != l) {
		/*
		 * t takes over the leader's pid and its children. Its nr[]
		 * stays what its clone returned: the fork statement says that.
		 */
		struct rproc *pl = &r->procs[l];

		pt->parent = pl->parent;
		pt->creator = pl->creator;
		pt->subreaper = pl->subreaper;
		pt->fork_stmt = pl->fork_stmt;
		pt->exit_signal = pl->exit_signal;
		pt->sigchld = pl->sigchld;
		pt->nsigchld = pl->nsigchld;
		pt->cap_sigchld = pl->cap_sigchld;
		pl->sigchld = NULL;
		pl->nsigchld = pl->cap_sigchld = 0;
		pt->first_child = pl->first_child;
		pt->last_child = pl->last_child;
		pt->zombies = pl->zombies;
		pl->first_child = pl->last_child = -1;
		pl->zombies = 0;
		pt->live_threads = pl->live_threads;
		pt->next_thread = -1;	/* every other thread is gone */
		/* in its parent's list, t stands where l stood: l names no child now */
		pt->next_sibling = -1;
		if (pt->parent >= 0)
			add_child(r, pt->parent, t);
		for (k = pt->first_child; k >= 0; k = r->procs[k].next_sibling) {
			if (r->procs[k].parent == l)
				r->procs[k].parent = t;
			if (r->procs[k].creator == l)
				r->procs[k].creator = t;
		}
		pt->leader = t;
		pl->leader = t;
		lv = r->ns[pt->ns].level;
		if (imap_put(&r->by_tid, (uint64_t)(unsigned int)ev->exec_pid, t) ||
		    (r->procs[l].nr[lv] > 0 &&
		     imap_put(&r->by_nr, nr_key(pt->ns, r->procs[l].nr[lv]), t)))
			return -ENOMEM;
		if (l == r->init)
			r->init = t;	/* t is pid 1 now: its exit ends the namespace */
	}
	pt->exec_mark = -1;
	i = emit(r, RS_EXEC, t, -1, -1);
	if (i < 0)
		return i;
	r->stmts[i].note = strdup(ev->filename);
	if (!r->procs[t].exe)
		r->procs[t].exe = strdup(ev->filename);
	return 0;
}

/*
 * The group of leader l notifies its parent: this is when it became a
 * zombie (exit_notify), later than its sched_process_exit by the whole
 * teardown of the task. A parent's wait sees zombies in this order, so the
 * exit statement moves here.
 */
static int move_exit_here(struct recording *r, int l)
{
	int from = r->procs[l].exit_stmt, i;
	struct rstmt moved;

	if (from < 0 || from == r->nstmts - 1 || r->procs[l].exit_moved)
		return 0;
	moved = r->stmts[from];
	if (moved.kind != RS_EXIT && moved.kind != RS_KILL)
		return 0;
	i = emit(r, RS_NONE, -1, -1, -1);
	if (i < 0)
		return i;
	r->stmts[i] = moved;
	r->stmts[from].kind = RS_NONE;
	r->procs[l].exit_stmt = i;
	r->procs[l].exit_moved = true;
	return 0;
}

static int on_signal_generate(struct recording *r, int x, const struct rec_event *ev)
{
	int l = r->procs[x].leader, t;

	if (ev->sig == SIGCHLD && ev->code >= 1 && ev->code <= 3) {
		/*
		 * do_notify_parent from the group's last thread. A dying parent
		 * also notifies the new reaper of each zombie child it hands
		 * over: that one goes to another process than l's parent.
		 */
		t = proc_of(r, ev->target);
		if (t >= 0 && r->procs[t].leader != r->procs[l].parent)
			return 0;
		if (r->procs[l].group_dead || !group_has_live_thread(r, l)) {
			if (!r->procs[l].notified && !r->procs[l].reaped) {
				r->procs[l].notified = true;
				if (is_zombie(&r->procs[l]) && r->procs[l].parent >= 0)
					r->procs[r->procs[l].parent].zombies++;
			}
			return move_exit_here(r, l);
		}
		return 0;
	}
	if ((ev->code != SI_USER_CODE && ev->code != SI_TKILL_CODE) ||
	    !fatal_by_default(ev->sig) || ev->result != 0)
		return 0;	/* not sent by kill(), not fatal, or not delivered */
	t = proc_of(r, ev->target);
	if (t < 0)
		return 0;
	t = r->procs[t].leader;
	r->procs[t].kill_sender = x;
	r->procs[t].kill_sig = ev->sig;
	r->procs[t].kill_fatal = false;
	return 0;
}

static void on_signal_deliver(struct recording *r, int x, const struct rec_event *ev)
{
	int l = r->procs[x].leader;

	/*
	 * A fatal signal with the default action is turned into a group
	 * exit as it is sent (complete_signal): what is delivered is SIGKILL.
	 */
	if (r->procs[l].kill_sig > 0 && ev->handler == 0 &&
	    (ev->sig == r->procs[l].kill_sig || ev->sig == SIGKILL))
		r->procs[l].kill_fatal = true;
}

static int set_result(struct recording *r, int i, long long ret)
{
	if (i < 0)
		return i;
	r->stmts[i].err = ret < 0 ? (int)-ret : 0;
	return 0;
}

/* Has leader g another child than c that is a zombie (here, in the trace)? */
static bool other_zombie_child(const struct recording *r, int g, int c)
{
	bool counted = r->procs[c].parent == g && is_zombie(&r->procs[c]);

	return r->procs[g].zombies > (counted ? 1 : 0);
}

static int on_wait_return(struct recording *r, int x, const struct rec_event *ev)
{
	struct rproc *px = &r->procs[x];
	int c = -1, i;
	bool any = false;

	if (ev->sys == RSYS_WAIT4) {
		if (ev->ret <= 0)
			return 0;
		c = proc_by_nr(r, px->ns, (int)ev->ret);
		any = px->wait_upid == -1;
	} else {
		if (ev->ret != 0 || !(px->waitid_options & WEXITED_OPT) ||
		    (px->waitid_options & WNOWAIT_OPT))
			return 0;
		if (px->waitid_which == P_PID_WHICH) {
			c = proc_by_nr(r, px->ns, px->waitid_upid);
		} else if (px->waitid_which == P_ALL_WHICH &&
			   !(px->waitid_options & WNOHANG_OPT)) {
			int k, n = 0;

			for (k = r->procs[px->leader].first_child; k >= 0;
			     k = r->procs[k].next_sibling) {
				if (r->procs[k].parent == px->leader &&
				    r->procs[k].group_dead && !r->procs[k].reaped) {
					c = k;
					n++;
				}
			}
			if (n != 1)
				return emit_note(r, x, "waitid(P_ALL) reaped one of %d zombies: which one is not visible", n);
			any = true;
		} else {
			return emit_note(r, x, "waitid(which=%d): what it reaped is not visible",
					 px->waitid_which);
		}
	}
	if (c < 0 || !r->procs[c].group_dead || r->procs[c].reaped)
		return 0;	/* a stopped or continued child, not a reap */
	if (any && other_zombie_child(r, px->leader, c)) {
		/*
		 * Another child became a zombie between the reap and the return
		 * of wait: at this point `wait P any` could find either, so the
		 * statement names the one the kernel reaped.
		 */
		any = false;
		r->st.named_waits++;
	}
	mark_reaped(r, c);
	r->procs[c].waited = true;
	i = emit(r, any ? RS_WAIT_ANY : RS_WAIT, x, c, -1);
	return i < 0 ? i : 0;
}

static int on_setpgid_return(struct recording *r, int x, long long ret)
{
	struct rproc *px = &r->procs[x];
	int pid = px->setpgid_pid, pgid = px->setpgid_pgid, c, g;

	if (pid == 0) {
		c = -1;
		g = pgid == 0 ? px->leader : proc_by_nr(r, px->ns, pgid);
	} else {
		c = proc_by_nr(r, px->ns, pid);
		g = pgid == 0 ? c : proc_by_nr(r, px->ns, pgid);
	}
	if (g < 0 || (pid != 0 && c < 0))
		return emit_note(r, x, "setpgid(%d, %d) -> %lld: a number the trace does not know",
				 pid, pgid, ret);
	if (pid == 0)
		return set_result(r, emit(r, RS_SETPGID, x, g, -1), ret);
	return set_result(r, emit(r, RS_SETPGID3, x, c, g), ret);
}

static int on_sys_enter(struct recording *r, int x, const struct rec_event *ev)
{
	struct rproc *px = &r->procs[x];
	int i;

	switch (ev->sys) {
	case RSYS_CLONE:
		px->clone_args = ev->args[0];
		px->clone_args_valid = true;
		break;
	case RSYS_EXECVE:
	case RSYS_EXECVEAT:
		r->procs[px->leader].exec_mark = r->nstmts;
		break;
	case RSYS_WAIT4:
		px->wait_upid = (int)ev->args[0];
		break;
	case RSYS_WAITID:
		px->waitid_which = (int)ev->args[0];
		px->waitid_upid = (int)ev->args[1];
		px->waitid_options = (int)ev->args[3];
		break;
	case RSYS_SETPGID:
		px->setpgid_pid = (int)ev->args[0];
		px->setpgid_pgid = (int)ev->args[1];
		break;
	case RSYS_UNSHARE:
		px->unshare_flags = ev->args[0];
		break;
	case RSYS_PRCTL:
		px->prctl_option = (int)ev->args[0];
		px->prctl_arg = ev->args[1];
		break;
	case RSYS_SETNS:
		if (ev->args[1] == 0 || (ev->args[1] & CLONE_NEWPID_FLAG))
			return emit_note(r, x, "setns(fd %d): the namespace it names is not visible; not replayed",
					 (int)ev->args[0]);
		break;
	case RSYS_RT_SIGACTION:
		if ((int)ev->args[0] != SIGCHLD || ev->args[1] == 0)
			break;
		i = emit(r, RS_SIGCHLD, px->leader, -1, -1);
		if (i < 0)
			return i;
		r->stmts[i].value = -1;
		if (grow((void **)&r->procs[px->leader].sigchld, &r->procs[px->leader].cap_sigchld,
			 r->procs[px->leader].nsigchld + 1, sizeof(int)))
			return -ENOMEM;
		r->procs[px->leader].sigchld[r->procs[px->leader].nsigchld++] = i;
		break;
	default:
		break;
	}
	return 0;
}

static int on_sys_exit(struct recording *r, int x, const struct rec_event *ev)
{
	struct rproc *px = &r->procs[x];
	int i, ns;

	if (is_fork_sys(ev->sys))
		return on_fork_return(r, x, ev);
	switch (ev->sys) {
	case RSYS_WAIT4:
	case RSYS_WAITID:
		return on_wait_return(r, x, ev);
	case RSYS_SETSID:
		return set_result(r, emit(r, RS_SETSID, x, -1, -1), ev->ret);
	case RSYS_SETPGID:
		return on_setpgid_return(r, x, ev->ret);
	case RSYS_UNSHARE:
		if (!(px->unshare_flags & CLONE_NEWPID_FLAG))
			return 0;
		i = emit(r, RS_UNSHARE, x, -1, -1);
		if (set_result(r, i, ev->ret))
			return -ENOMEM;
		if (ev->ret == 0) {
			ns = new_ns(r, r->ns[r->procs[x].ns].level + 1);
			if (ns < 0)
				return ns;
			r->procs[x].child_ns = ns;
		}
		return 0;
	case RSYS_PRCTL:
		if (px->prctl_option != PR_SET_CHILD_SUBREAPER_OPT || ev->ret != 0)
			return 0;
		if (px->prctl_arg == 0)
			return emit_note(r, x, "prctl(PR_SET_CHILD_SUBREAPER, 0): not replayed");
		r->procs[px->leader].subreaper = true;
		i = emit(r, RS_SUBREAPER, x, -1, -1);
		return i < 0 ? i : 0;
	default:
		return 0;
	}
}

int recording_feed(struct recording *r, const struct rec_event *ev)
{
	int x;

	if (r->done)
		return 0;
	if (ev->type == EV_EXEC)
		return on_exec(r, ev);
	x = proc_of(r, ev->tid);
	if (x < 0)
		return 0;
	/* an exiting task still notifies its parent after its exit event */
	if (r->procs[x].exited && ev->type != EV_SIG_GENERATE)
		return 0;
	switch (ev->type) {
	case EV_NEWTASK:
		return on_newtask(r, x, ev);
	case EV_EXIT:
		return on_task_exit(r, x, ev);
	case EV_SIG_GENERATE:
		return on_signal_generate(r, x, ev);
	case EV_SIG_DELIVER:
		on_signal_deliver(r, x, ev);
		return 0;
	case EV_SYS_ENTER:
		return on_sys_enter(r, x, ev);
	case EV_SYS_EXIT:
		return on_sys_exit(r, x, ev);
	default:
		return 0;
	}
}

int recording_feed_line(struct recording *r, const char *line)
{
	struct rec_event ev;
	int rc = rec_event_parse(line, &ev);

	if (rc < 0) {
		r->st.unparsed++;
		return 0;
	}
	if (rc == 0)
		return 0;
	return recording_feed(r, &ev);
}

/* ---- resolving SIGCHLD dispositions ---- */

/*
 * The RS_SIGCHLD statement in force for leader g at statement t: its own
 * last one before t, else the one in force in its creator when it was
 * forked (the disposition is inherited). -1: the initial SIG_DFL.
 */
static int sigchld_in_force(const struct recording *r, int g, int t)
{
	int depth = 0, lo, hi, mid;

	while (g >= 0 && depth++ < 100000) {
		const struct rproc *pg = &r->procs[g];

		/* the last of g's settings before t: they are in statement order */
		lo = 0;
		hi = pg->nsigchld;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (pg->sigchld[mid] < t)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0)
			return pg->sigchld[lo - 1];
		t = pg->fork_stmt;
		g = pg->creator;
	}
	return -1;
}

static void resolve_sigchld(struct recording *r)
{
	int c, g, s, ignored;

	for (c = 1; c < r->nprocs; c++) {
		struct rproc *pc = &r->procs[c];

		if (pc->leader != c || !pc->group_dead || pc->failed || pc->exit_stmt < 0 ||
		    pc->exit_signal != SIGCHLD)
			continue;	/* only a SIGCHLD child is reaped by SIG_IGN */
		g = pc->exit_parent;
		if (g < 0)
			continue;
		ignored = !(pc->notified || pc->waited);
		s = sigchld_in_force(r, g, pc->exit_stmt);
		if (s < 0) {
			if (ignored)
				r->st.unknown++;	/* reaped by the kernel, not seen why */
			continue;
		}
		if (r->stmts[s].value < 0)
			r->stmts[s].value = ignored;
		else if (r->stmts[s].value != ignored)
			r->st.unknown++;
	}
}

/* ---- writing ---- */

static bool label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static int choose_labels(struct recording *r)
{
	struct imap used = { 0 };
	char base[48], buf[LABEL_MAX_LEN + 48];
	const char *name, *slash;
	uint64_t h;
	int i, n, k, own, rc = 0;

	for (i = 0; i < r->nprocs; i++) {
		struct rproc *p = &r->procs[i];

		if (i == 0) {
			p->label = strdup("init");
			if (!p->label)
				return -ENOMEM;
			h = 0;
			for (name = p->label; *name; name++)
				h = h * 131 + (unsigned char)*name;
			if (imap_put(&used, h, 0))
				return -ENOMEM;
			continue;
		}
		name = p->exe ? p->exe : p->comm;
		slash = strrchr(name, '/');
		if (slash && slash[1])
			name = slash + 1;
		n = 0;
		if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
		      name[0] == '_'))
			base[n++] = 'p';
		for (; *name && n < 40; name++)
			base[n++] = label_char(*name) ? *name : '_';
		base[n] = '\0';
		own = p->nr[p->nlevels > 0 ? p->nlevels - 1 : 0];
		for (k = 1;; k++) {
			char num[16] = "", dup[16] = "";

			if (k > 1)
				snprintf(dup, sizeof(dup), ".%d", k);
			if (p->failed)
				snprintf(num, sizeof(num), "failed");
			else if (own > 0)
				snprintf(num, sizeof(num), "%d", own);
			else
				snprintf(num, sizeof(num), "t%d", p->tid);
			/* at most 40 + 1 + 11 + 11 bytes: always a valid label */
			snprintf(buf, sizeof(buf), "%s-%s%s", base, num, dup);
			h = 0;
			for (name = buf; *name; name++)
				h = h * 131 + (unsigned char)*name;
			/* a collision of hashes only costs a needless suffix */
			if (imap_get(&used, h) < 0)
				break;
		}
		if (imap_put(&used, h, i) || !(p->label = strdup(buf))) {
			rc = -ENOMEM;
			break;
		}
	}
	free(used.keys);
	free(used.vals);
	return rc;
}

static const char *sig_name(int sig)
{
	switch (sig) {
	case SIGKILL: return "KILL";
	case SIGTERM: return "TERM";
	case SIGINT: return "INT";
	case SIGHUP: return "HUP";
	case SIGQUIT: return "QUIT";
	case SIGUSR1: return "USR1";
	case SIGUSR2: return "USR2";
	case SIGALRM: return "ALRM";
	}
	return "KILL";
}

static void put_result(FILE *out, int err)
{
	const char *e;

	if (!err) {
		fputs(" => ok", out);
		return;
	}
	e = errno_name(err);
	if (e)
		fprintf(out, " => %s", e);
}

static void put_nspid(FILE *out, const struct rproc *p)
{
	int i;

	fputs(" => ", out);
	for (i = 0; i < p->nlevels; i++) {
		if (i)
			fputc('/', out);
		if (p->nr[i] > 0)
			fprintf(out, "%d", p->nr[i]);
		else
			fputc('*', out);
	}
}

/* What the child ran, for the comment beside its fork. */
static const char *child_command(const struct rproc *c)
{
	return c->exe ? c->exe : c->comm;
}

static void write_stmt(const struct recording *r, const struct rstmt *s, FILE *out)
{
	const char *P = s->p >= 0 ? r->procs[s->p].label : "?";
	const char *Q = s->q >= 0 ? r->procs[s->q].label : "?";
	const char *G = s->r >= 0 ? r->procs[s->r].label : "?";

	switch (s->kind) {
	case RS_NONE:
		return;
	case RS_FORK:
		if (!s->flags) {
			fprintf(out, "fork %s %s", P, Q);
		} else {
			fprintf(out, "clone %s %s%s%s%s", P, Q,
				(s->flags & STMT_NEWPID) ? " newpid" : "",
				(s->flags & STMT_THREAD) ? " thread" : "",
				(s->flags & STMT_PARENT) ? " parent" : "");
		}
		if (s->err)
			put_result(out, s->err);
		else
			put_nspid(out, &r->procs[s->q]);
		fprintf(out, "\t# %s\n", s->err ? "failed" : child_command(&r->procs[s->q]));
		return;
	case RS_EXIT:
		fprintf(out, "exit %s\n", P);
		return;
	case RS_EXIT_THREAD:
		fprintf(out, "exit %s thread\n", P);
		return;
	case RS_EXEC:
		fprintf(out, "exec %s\t# %s\n", P, s->note ? s->note : "");
		return;
	case RS_WAIT_ANY:
		fprintf(out, "wait %s any => %s\n", P, Q);
		return;
	case RS_WAIT:
		fprintf(out, "wait %s %s => ok\n", P, Q);
		return;
	case RS_SIGCHLD:
		if (s->value < 0)
			fprintf(out, "# sigchld %s: rt_sigaction(SIGCHLD) here; no child died under it, so its disposition is not known\n", P);
		else
			fprintf(out, "sigchld %s %s\n", P, s->value ? "ignore" : "default");
		return;
	case RS_SETSID:
		fprintf(out, "setsid %s", P);
		put_result(out, s->err);
		fputc('\n', out);
		return;
	case RS_SETPGID:
		fprintf(out, "setpgid %s %s", P, Q);
		put_result(out, s->err);
		fputc('\n', out);
		return;
	case RS_SETPGID3:
		fprintf(out, "setpgid %s %s %s", P, Q, G);
		put_result(out, s->err);
		fputc('\n', out);
		return;
	case RS_KILL:
		fprintf(out, "kill %s %s %s\t# it died of it here\n", P, Q, sig_name(s->value));
		return;
	case RS_UNSHARE:
		fprintf(out, "unshare %s newpid", P);
		put_result(out, s->err);
		fputc('\n', out);
		return;
	case RS_SUBREAPER:
		fprintf(out, "subreaper %s\n", P);
		return;
	case RS_PID_MAX:
		fprintf(out, "pid_max %s %d => ok\n", P, s->value);
		return;
	case RS_NOTE:
		fprintf(out, "# %s: %s\n", P, s->note ? s->note : "");
		return;
	}
}

/* ---- forks that raced on two CPUs ---- */

#define RACE_WINDOW	16	/* statements between two racing forks, at most */

/* The child a successful fork statement made, and its number in its namespace. */
static int fork_number(const struct recording *r, const struct rstmt *s, int *ns)
{
	const struct rproc *c;

	if (s->kind != RS_FORK || s->err || s->q < 0)
		return -1;
	c = &r->procs[s->q];
	*ns = c->ns;
	return c->nr[r->ns[c->ns].level];
}

/* How far the allocation cursor moves from last to reach nr (no wrap: near). */
static long cursor_distance(int last, int nr)
{
	return nr > last ? (long)nr - last : (long)nr + INT32_MAX - last;
}

/*
 * The number a statement may free in namespace ns, or -1: a wait frees
 * its child's, an exit or exec a thread's (or an auto-reaped child's), a
 * kill its target's when that is reaped at once.
 */
static int number_freed(const struct recording *r, const struct rstmt *s, int ns)
{
	const struct rproc *c;
	int who;

	switch (s->kind) {
	case RS_WAIT:
	case RS_WAIT_ANY:
	case RS_KILL:
		who = s->q;
		break;
	case RS_EXIT:
	case RS_EXIT_THREAD:
	case RS_EXEC:
		who = s->p;
		break;
	default:
		return -1;
	}
	if (who < 0)
		return -1;
	c = &r->procs[who];
	if (c->ns != ns)
		return c->nlevels > r->ns[ns].level ? c->nr[r->ns[ns].level] : -1;
	return c->nr[r->ns[ns].level];
}

/*
 * task_newtask fires some way after alloc_pid (after the whole of
 * copy_process), so two forks on two CPUs can report in the other order
 * than they took their numbers. The numbers say which came first: from
 * the namespace's last allocation the cursor reaches the earlier one
 * first. A later fork into the same namespace by another thread, within a
 * few statements and with no number freed between, whose number the
 * cursor reaches first, took its number first: it moves up before the
 * other.
 */
static void reorder_racing_forks(struct recording *r)
{
	int *last = calloc((size_t)r->nns, sizeof(*last));
	int i, j, k, ns, ns2, a, b;
	struct rstmt tmp;

	if (!last)
		return;	/* the order as reported, then */
	for (i = 0; i < r->nstmts; i++) {
		a = fork_number(r, &r->stmts[i], &ns);
		if (a <= 0)
			continue;
		for (j = i + 1; j < r->nstmts && j <= i + RACE_WINDOW; j++) {
			int freed = number_freed(r, &r->stmts[j], ns);

			/*
			 * A number freed between, where the cursor passes on its way
			 * to a, could be why a later fork got a nearer one: no swap.
			 */
			if (freed != -1 && (freed <= 0 || last[ns] <= 0 ||
					    cursor_distance(last[ns], freed) <= cursor_distance(last[ns], a)))
				break;
			b = fork_number(r, &r->stmts[j], &ns2);
			if (b <= 0 || ns2 != ns)
				continue;
			if (r->stmts[j].p != r->stmts[i].p && last[ns] > 0 &&
			    cursor_distance(last[ns], b) < cursor_distance(last[ns], a)) {
				/* j took its number first: it goes where i was */
				tmp = r->stmts[j];
				for (k = j; k > i; k--)
					r->stmts[k] = r->stmts[k - 1];
				r->stmts[i] = tmp;
				r->st.reordered_forks++;
				a = b;
			}
			break;	/* only the next fork into this namespace */
		}
		last[ns] = a;
	}
	/* fork_stmt indexes are only used before this point */
	free(last);
}

int recording_write(struct recording *r, FILE *out, const char *note)
{
	int i, rc;

	resolve_sigchld(r);
	reorder_racing_forks(r);
	rc = choose_labels(r);
	if (rc)
		return rc;
	fprintf(out, "# recorded by pidsim record: %s\n", r->command);
	if (note)
		fprintf(out, "# %s\n", note);
	fputs("pidsim 1.1\n", out);
	for (i = 0; i < r->nstmts; i++)
		write_stmt(r, &r->stmts[i], out);
	if (fflush(out) || ferror(out))
		return -EIO;
	return 0;
}

void recording_free(struct recording *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < r->nprocs; i++) {
		free(r->procs[i].exe);
		free(r->procs[i].label);
		free(r->procs[i].sigchld);
	}
	for (i = 0; i < r->nstmts; i++)
		free(r->stmts[i].note);
	free(r->procs);
	free(r->stmts);
	free(r->ns);
	free(r->by_tid.keys);
	free(r->by_tid.vals);
	free(r->by_nr.keys);
	free(r->by_nr.vals);
	free(r->command);
	free(r);
}
