/*
 * live_settle.c - waiting for the kernel to finish what a statement
 * started (live_settle.h).
 *
 * Exit, kill and wait may leave the kernel working after the system call
 * has returned (SIGKILL not yet acted on, a namespace init tearing its
 * namespace down, zombies being reaped for an init that ignores SIGCHLD).
 * Before the next statement every process that may be affected is read
 * until none is in transit: a task is in transit when it has SIGKILL
 * pending (private or shared), is exiting but not yet a zombie, or is being
 * released; the one stable exiting state is a namespace init asleep where
 * it waits for its namespace to empty, in whichever sleep state the kernel
 * gives it (live_exit_wait_settled()). Which processes may be affected is
 * found by following the engine's links, never by scanning every label
 * (live_settle()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/live/live_agents.h"
#include "sim/engine/live/live_chan.h"
#include "sim/engine/live/live_proc.h"
#include "sim/engine/live/live_settle.h"

#define PF_EXITING_FLAG		0x00000004UL
#define SIGKILL_BIT		(1ULL << (SIGKILL - 1))

/* Watch every living label of namespace n and of the namespaces below it. */
static void live_watch_ns_tree(struct live_engine *le, int n)
{
	struct live_nstab *t = &le->nst;

	for (int l = t->ns[n].members; l >= 0; l = le->lab[l].nsnext)
		live_watch(le, l);
	for (int c = t->ns[n].child; c >= 0; c = t->ns[c].sibling)
		live_watch_ns_tree(le, c);
}

void live_watch_group(struct live_engine *le, int l)
{
	int leader = le->lab[l].leader;

	for (int i = leader; i >= 0; i = le->lab[i].gnext)
		live_watch(le, i);
	/* A namespace init takes its namespace down with it. */
	if (live_is_init(le, leader))
		live_watch_ns_tree(le, le->lab[leader].ns);
}

/*
 * Where is the kernel with label l? Sets *st, and *stable unless the task
 * is still in transit (see the top of this file).
 */
static int live_classify(struct live_engine *le, int l, enum proc_state *st,
			 bool *stable)
{
	struct live_label *lab = &le->lab[l];
	char path[64], buf[2048];
	struct live_stat ps;
	unsigned long long shd = 0;
	ssize_t n;
	int ret;

	*stable = true;
	*st = PS_REAPED;
	if (lab->pidfd >= 0) {
		ret = live_pidfd_released(lab->pidfd);
		if (ret)
			return ret < 0 ? ret : 0;
	} else if (live_by_nr(le, lab->nspid.nr[0]) != l) {
		return 0;	/* a later task has its number: released */
	}
	/* Its number is still its own: /proc shows it or nothing. */
	snprintf(path, sizeof(path), "%d/stat", lab->nspid.nr[0]);
	n = live_read_at(le->root.procfd, path, buf, sizeof(buf));
	if (n == -ENOENT || n == -ESRCH)
		return 0;	/* released between the two looks */
	if (n < 0)
		return (int)n;
	ret = live_parse_stat(buf, &ps);
	if (ret)
		return ret;
	if (ps.state == 'Z') {
		*st = PS_ZOMBIE;
		return 0;
	}
	if (ps.state == 'X') {
		*st = PS_ZOMBIE;
		*stable = false;
		return 0;
	}
	if (ps.flags & PF_EXITING_FLAG) {
		char wchan[64];

		*st = PS_EXITING;
		snprintf(path, sizeof(path), "%d/wchan", lab->nspid.nr[0]);
		n = live_read_at(le->root.procfd, path, wchan, sizeof(wchan));
		/*
		 * A dying init waits until something outside it moves (the
		 * watched children say whether it will).
		 */
		*stable = n > 0 && live_exit_wait_settled(ps.state, wchan);
		return 0;
	}
	*st = PS_RUNNING;
	if (ps.pending & SIGKILL_BIT) {
		*stable = false;
		return 0;
	}
	snprintf(path, sizeof(path), "%d/status", lab->nspid.nr[0]);
	n = live_read_at(le->root.procfd, path, buf, sizeof(buf));
	if (n == -ENOENT || n == -ESRCH) {
		*stable = false;
		return 0;
	}
	if (n < 0)
		return (int)n;
	if (!live_parse_hex(buf, "ShdPnd", &shd) && (shd & SIGKILL_BIT))
		*stable = false;
	return 0;
}

/*
 * Watch what l's new state may move: the zombies it was parent of (l's
 * death reparents them, and an exiting init reaps them), and, when l is a
 * thread that has gone, its group leader (a zombie leader becomes
 * reapable, and an ignoring parent's kernel reaps it, when its last thread
 * goes).
 */
static void live_watch_moved(struct live_engine *le, int l, enum proc_state was)
{
	struct live_label *lab = &le->lab[l];

	if (was == PS_RUNNING || was == PS_EXITING || lab->state == PS_EXITING)
		live_watch_orphans(le, l);
	if (lab->thread && lab->state == PS_REAPED) {
		live_watch(le, lab->leader);
		/* the group's last thread: its zombie children are reparented
		 * (and reaped at once by a reaper that ignores SIGCHLD) */
		live_watch_orphans(le, lab->leader);
	}
}

/*
 * Wait until every watched label has stopped moving.
 *
 * What may move is found, never assumed: a zombie is reaped or reparented
 * only through another task, so whatever moves also watches the tasks it
 * can move (live_watch_moved()); every exiting label is read by every
 * settle, and so is each zombie whose parent is exiting (a dying init
 * reaps its children, and the kernel reaps them for it once it ignores
 * SIGCHLD). A pass that saw anything change is followed by another, and
 * the work is proportional to what moved, never to the trace's labels.
 * Bounded by the settle timeout: a tree that does not settle is an engine
 * error.
 */
int live_settle(struct live_engine *le)
{
	double deadline = live_now_ms() + le->cfg.settle_timeout_ms;
	bool confirm = false;
	int ret = 0, last = -1, k;

	/* The exiting labels, and what their exit may reap. */
	k = 0;
	for (int i = 0; i < le->nexit; i++) {
		int l = le->exitq[i];

		if (le->lab[l].state != PS_EXITING)
			continue;	/* moved on: drop it from the queue */
		le->exitq[k++] = l;
		live_watch(le, l);
		live_watch_orphans(le, l);
	}
	le->nexit = k;
	for (int i = 0; i < le->nwatch; i++) {
		int l = le->watchq[i];

		if (le->lab[l].state != PS_ZOMBIE)
			live_watch_orphans(le, l);
	}
	for (int pass = 0;; pass++) {
		bool unstable = false, exiting = false, changed = false;

		/* The queue may grow during the pass: those are read too. */
		for (int i = 0; i < le->nwatch; i++) {
			int l = le->watchq[i];
			struct live_label *lab = &le->lab[l];
			enum proc_state st, was = lab->state;
			bool stable;

			if (!lab->created || lab->state == PS_REAPED)
				continue;
			ret = live_classify(le, l, &st, &stable);
			if (ret)
				goto out;
			live_mark(le, l, st);
			if (st == PS_ZOMBIE && stable) {
				int parent;

				/* Reparented, maybe: remember by whom. */
				ret = live_parent(le, l, &parent);
				if (ret == -ENOENT || ret == -ESRCH) {
					stable = false;	/* being released */
					ret = 0;
				} else if (ret) {
					goto out;
				} else {
					live_set_zparent(le, l, parent);
					/* An exiting parent reaps, now or soon. */
					if (parent >= 0 &&
					    le->lab[parent].state == PS_EXITING)
						live_watch(le, parent);
				}
			}
			if (was != st) {
				changed = true;
				live_watch_moved(le, l, was);
			}
			if (!stable) {
				unstable = true;
				last = l;
			}
			if (st == PS_EXITING)
				exiting = true;
		}
		if (le->watch_lost) {
			ret = -ENOMEM;
			live_complain(le, -1, "settling", ret);
			goto out;
		}
		if (!unstable && !changed) {
			/*
			 * The last pid of a namespace is freed just after the
			 * task leaves /proc, and only then is its init woken:
			 * look once more, a little later, before believing an
			 * init still waits.
			 */
			if (!exiting || confirm)
				break;
			confirm = true;
			usleep(1000);
			continue;
		}
		confirm = false;
		if (!unstable)
			continue;	/* a change: look again at once */
		if (live_stopping()) {
			ret = live_stopped(le);
			goto out;
		}
		if (live_now_ms() > deadline) {
			ret = -ETIMEDOUT;
			live_complain(le, last, "the process tree did not settle at",
				      ret);
			goto out;
		}
		if (pass < 16)
			sched_yield();
		else
			usleep(pass < 64 ? 50 : 500);
	}
out:
	for (int i = 0; i < le->nwatch; i++)
		le->lab[le->watchq[i]].watch = false;
	le->nwatch = 0;
	le->watch_lost = false;
	return ret;
}
