/*
 * live_stuck.c - namespace inits the kernel could never take down
 * (live_stuck.h).
 *
 * A namespace init whose process group is led by another process of its
 * own namespace (or below) can never finish exiting: zap_pid_ns_processes
 * waits for that group's pid, which only the init's own release would
 * free. Then no process of its namespace, nor of any namespace above it up
 * to the trace root, could ever be ended. The engine refuses statements
 * that would leave such an init with no way out, and before a teardown
 * moves every init out of such a group.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim/engine/live/live_agents.h"
#include "sim/engine/live/live_proc.h"
#include "sim/engine/live/live_stuck.h"

/*
 * Is namespace init i in a process group led from its own namespace (or
 * below)? Such an init, once exiting, waits in zap_pid_ns_processes for its
 * own group's pid, which only its release would free: it can never finish
 * unless someone moves it out of the group (live_ctl.c).
 */
static int live_in_own_group(struct live_engine *le, int i, bool *hazard,
			     int *session)
{
	struct live_stat ps;
	int g, ret;

	*hazard = false;
	ret = live_stat_of(le, i, &ps);
	if (ret)
		return ret == -ENOENT ? 0 : ret;
	*session = ps.session;
	/* 0: a group from outside the trace root, which holds no number here */
	if (!ps.pgrp || ps.pgrp == le->lab[i].nspid.nr[0])
		return 0;
	/* The group's pid is its leader's, the last label with that number. */
	g = live_by_nr(le, ps.pgrp);
	if (g >= 0)
		*hazard = live_ns_below(&le->nst, le->lab[g].ns, le->lab[i].ns);
	return 0;
}

/*
 * Would init i, exiting, still be movable out of its group at teardown?
 * Only its parent can do it: a running agent that survives the statement
 * (not doomed) and shares i's session.
 */
static bool live_movable(struct live_engine *le, int i, int session)
{
	struct live_stat ps;
	int parent;

	if (live_parent(le, i, &parent) || parent == LABEL_NONE)
		return false;
	if (le->lab[parent].state != PS_RUNNING || le->lab[parent].doomed)
		return false;
	return !live_stat_of(le, parent, &ps) && ps.session == session;
}

/*
 * Refuse a statement that would leave an init exiting for good with no way
 * to move it: no process of its namespace, nor of any namespace above it up
 * to the trace root, could then ever be taken down, and safety comes first.
 * Labels marked doomed are those the statement kills; parent_of, when
 * >= 0, is an actor about to leave its session (setsid). The root's init
 * is always movable, by the launcher.
 */
int live_check_stuck(struct live_engine *le, const struct stmt *st,
		     int parent_of)
{
	char nb[16];

	for (int k = 0; k < le->ninits; k++) {
		int i = le->inits[k];
		struct live_label *lab = &le->lab[i];
		bool dies, hazard;
		int session, parent, ret;

		if (i == LABEL_INIT)
			continue;
		dies = lab->doomed && lab->state == PS_RUNNING;
		if (!dies && lab->state != PS_EXITING)
			continue;
		ret = live_in_own_group(le, i, &hazard, &session);
		if (ret)
			return ret;
		if (!hazard)
			continue;
		if (live_movable(le, i, session) &&
		    !(parent_of >= 0 && !live_parent(le, i, &parent) &&
		      le->lab[parent].leader == le->lab[parent_of].leader))
			continue;
		fprintf(stderr, "pidsim: live: %s:%u: not run: namespace init %s would "
			"stay exiting for good (it is in a process group led from its "
			"own namespace, and no parent could move it out), and then no "
			"process of its namespace could ever be ended\n",
			st->file ? st->file : "-", st->line,
			live_name(le, i, nb, sizeof(nb)));
		return -EDEADLK;
	}
	return 0;
}

/* Mark doomed, and queue, every living label of namespace n's tree. */
static int live_doom_ns_tree(struct live_engine *le, int n, int **q, int *nq,
			     int *cap)
{
	struct live_nstab *t = &le->nst;

	for (int l = t->ns[n].members; l >= 0; l = le->lab[l].nsnext) {
		if (le->lab[l].doomed)
			continue;
		if (live_vec_push(q, nq, cap, l))
			return -ENOMEM;
		le->lab[l].doomed = true;
	}
	for (int c = t->ns[n].child; c >= 0; c = t->ns[c].sibling)
		if (live_doom_ns_tree(le, c, q, nq, cap))
			return -ENOMEM;
	return 0;
}

/* Drop the reaped from the list of inits: it holds the living ones. */
static void live_inits_compact(struct live_engine *le)
{
	int k = 0;

	for (int i = 0; i < le->ninits; i++)
		if (le->lab[le->inits[i]].state != PS_REAPED)
			le->inits[k++] = le->inits[i];
	le->ninits = k;
}

/* live_check_stuck() for an exit or kill that ends l's group. */
int live_check_doom(struct live_engine *le, const struct stmt *st, int l,
		    bool thread_only)
{
	int leader = le->lab[l].leader, *q = NULL, nq = 0, cap = 0, ret = 0;
	bool any = false;

	/* Cheap first: no init besides the root's that could get stuck. */
	live_inits_compact(le);
	for (int k = 0; k < le->ninits && !any; k++)
		any = le->inits[k] != LABEL_INIT &&
		      le->lab[le->inits[k]].state != PS_ZOMBIE;
	if (!any)
		return 0;
	if (thread_only) {
		ret = live_vec_push(&q, &nq, &cap, l);
		le->lab[l].doomed = !ret;
	} else {
		for (int i = leader; i >= 0 && !ret; i = le->lab[i].gnext) {
			ret = live_vec_push(&q, &nq, &cap, i);
			le->lab[i].doomed = !ret;
		}
		if (!ret && live_is_init(le, leader))
			ret = live_doom_ns_tree(le, le->lab[leader].ns, &q, &nq, &cap);
	}
	if (!ret)
		ret = live_check_stuck(le, st, -1);
	for (int i = 0; i < nq; i++)
		le->lab[q[i]].doomed = false;
	free(q);
	return ret;
}

/*
 * Before the root is killed, no namespace init may stay in a process group
 * led from its own namespace (see live_ctl.c): it could never finish
 * exiting, and neither could any namespace above it. A running init moves
 * to a group of its own; an exiting one is moved by its parent, which may
 * do so because agents never exec. The root's init is the launcher's
 * business (live_root_kill()).
 */
void live_unstick(struct live_engine *le)
{
	live_inits_compact(le);
	for (int k = 0; k < le->ninits; k++) {
		int i = le->inits[k];
		struct live_label *lab = &le->lab[i];
		struct agent_cmd cmd = { .op = AOP_SETPGID };
		struct agent_reply rep;
		int parent;

		if (lab->state == PS_RUNNING) {
			/* setpgid(0, 0); a session leader says EPERM: fine */
			live_call(le, i, &cmd, -1, &rep, false, NULL);
			continue;
		}
		if (lab->state != PS_EXITING || i == LABEL_INIT ||
		    live_parent(le, i, &parent) || parent == LABEL_NONE ||
		    le->lab[parent].state != PS_RUNNING)
			continue;
		cmd.arg = cmd.arg2 = live_pid_in(le, i, le->lab[parent].ns);
		if (cmd.arg)
			live_call(le, parent, &cmd, -1, &rep, false, NULL);
	}
}
