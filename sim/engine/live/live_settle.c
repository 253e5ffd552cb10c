/*
 * live_settle.c - waiting for the kernel to finish what a statement
 * started (live_settle.h).
 *
 * Exit, kill and wait may leave the kernel working after the
 * system call has returned (SIGKILL not yet acted on, a namespace init
 * tearing its namespace down, zombies being reaped for an init that ignores
 * SIGCHLD). Before the next statement every process that may be affected is
 * read until none is in transit: a task is in transit when it has SIGKILL
 * pending (private or shared), is exiting but not yet a zombie, or is being
 * released; the one stable exiting state is a namespace init sleeping in
 * zap_pid_ns_processes, waiting for its namespace to empty.
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

void live_watch_group(struct live_engine *le, int l)
{
	int leader = le->lab[l].leader;

	for (int i = 0; i < le->nlabels; i++)
		if (le->lab[i].created && le->lab[i].leader == leader)
			le->lab[i].watch = true;
	/* A namespace init takes its namespace down with it. */
	if (live_is_init(le, leader)) {
		int n = le->lab[leader].ns;

		for (int i = 0; i < le->nlabels; i++)
			if (le->lab[i].created &&
			    live_ns_below(&le->nst, le->lab[i].ns, n))
				le->lab[i].watch = true;
	}
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
	if (lab->pidfd < 0)
		return 0;
	ret = live_pidfd_released(lab->pidfd);
	if (ret)
		return ret < 0 ? ret : 0;
	/* Attached, so its number is still its own. */
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
		 * A dying init sleeps in zap_pid_ns_processes() until its
		 * namespace empties, or before that in do_wait() on a child
		 * that is itself such an init: both last until something
		 * outside moves (the watched children say whether it will).
		 */
		*stable = n > 0 && ps.state == 'S' &&
			  (!strcmp(wchan, "zap_pid_ns_processes") ||
			   !strcmp(wchan, "do_wait"));
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

/* Watch the zombies whose parent was l: l's death may have them reaped. */
static void live_watch_orphans(struct live_engine *le, int l)
{
	for (int i = 0; i < le->nlabels; i++)
		if (le->lab[i].state == PS_ZOMBIE && le->lab[i].zparent == l)
			le->lab[i].watch = true;
}

/*
 * Wait until every watched label has stopped moving. Exiting inits are
 * always watched (any release may complete them), and so is a zombie whose
 * parent dies (it may be reaped on the way); other zombies cannot move, so
 * that the work stays proportional to what the statement touched. Bounded
 * by the settle timeout: a tree that does not settle is an engine error.
 */
int live_settle(struct live_engine *le)
{
	double deadline = live_now_ms() + le->cfg.settle_timeout_ms;
	bool confirm = false;
	int ret = 0, last = -1;

	for (int i = 0; i < le->nlabels; i++)
		if (le->lab[i].created && le->lab[i].state == PS_EXITING)
			le->lab[i].watch = true;
	for (int i = 0; i < le->nlabels; i++)
		if (le->lab[i].watch && le->lab[i].state != PS_ZOMBIE)
			live_watch_orphans(le, i);
	for (int pass = 0;; pass++) {
		bool unstable = false, exiting = false;

		for (int i = 0; i < le->nlabels; i++) {
			struct live_label *lab = &le->lab[i];
			enum proc_state st, was = lab->state;
			bool stable;

			if (!lab->watch)
				continue;
			if (!lab->created || lab->state == PS_REAPED) {
				lab->watch = false;
				continue;
			}
			ret = live_classify(le, i, &st, &stable);
			if (ret)
				goto out;
			live_mark(le, i, st);
			if (st == PS_ZOMBIE && stable) {
				/* Reparented, maybe: remember by whom. */
				ret = live_parent(le, i, &lab->zparent);
				if (ret == -ENOENT || ret == -ESRCH) {
					stable = false;	/* being released */
					ret = 0;
				}
				if (ret)
					goto out;
			}
			if (was != st && (was == PS_RUNNING || was == PS_EXITING))
				live_watch_orphans(le, i);
			if (!stable) {
				unstable = true;
				last = i;
			}
			if (st == PS_EXITING)
				exiting = true;
		}
		if (!unstable) {
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
	for (int i = 0; i < le->nlabels; i++)
		le->lab[i].watch = false;
	return ret;
}
