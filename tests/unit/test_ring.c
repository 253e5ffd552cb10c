/*
 * test_ring.c - rings (model/list.h), the one-pointer-head lists behind
 * a struct pid's task lists, and the order of a pid's tasks that traces
 * can see: attach order for pid_task() (setpgid, setsid and their
 * reasons), newest first for kill -G, and a task that takes another's
 * place (exec) at that one's position.
 */
#include "tests/unit/harness.h"
#include "model/list.h"

struct item {
	int id;
	struct ring_node link;
};

/* The ids of h from first to last into ids (at most max); the count.
 * Also checks that walking backwards from the last meets the same. */
static int ring_ids(const struct ring_head *h, int *ids, int max)
{
	const struct ring_node *n = h->first;
	int count = 0, back;

	if (!n)
		return 0;
	do {
		if (count < max)
			ids[count] = ring_entry(n, struct item, link)->id;
		count++;
		CU_ASSERT_PTR_EQUAL(n->next->prev, n);
		n = n->next;
	} while (n != h->first && count <= max);
	back = count;
	n = ring_last(h);
	do {
		back--;
		if (back >= 0 && back < max)
			CU_ASSERT_EQUAL(ring_entry(n, struct item, link)->id, ids[back]);
		n = n->prev;
	} while (back > 0);
	return count;
}

static void test_ring_ops(void)
{
	struct ring_head h = { NULL };
	struct item it[5];
	int ids[8], i;

	for (i = 0; i < 5; i++) {
		it[i].id = i;
		INIT_RING_NODE(&it[i].link);
	}
	CU_ASSERT_TRUE(ring_empty(&h));
	CU_ASSERT_PTR_NULL(ring_last(&h));
	CU_ASSERT_TRUE(ring_unlinked(&it[0].link));

	ring_add_tail(&it[0].link, &h);		/* alone: points at itself */
	CU_ASSERT_FALSE(ring_unlinked(&it[0].link));
	CU_ASSERT_PTR_EQUAL(ring_last(&h), &it[0].link);
	for (i = 1; i < 4; i++)
		ring_add_tail(&it[i].link, &h);
	CU_ASSERT_EQUAL(ring_ids(&h, ids, 8), 4);
	CU_ASSERT(ids[0] == 0 && ids[1] == 1 && ids[2] == 2 && ids[3] == 3);

	ring_del_init(&it[0].link, &h);		/* the first: head moves on */
	CU_ASSERT_TRUE(ring_unlinked(&it[0].link));
	ring_del_init(&it[0].link, &h);		/* twice: harmless */
	ring_del_init(&it[2].link, &h);		/* a middle one */
	CU_ASSERT_EQUAL(ring_ids(&h, ids, 8), 2);
	CU_ASSERT(ids[0] == 1 && ids[1] == 3);

	ring_replace_init(&it[1].link, &it[4].link, &h);	/* the first */
	CU_ASSERT_TRUE(ring_unlinked(&it[1].link));
	CU_ASSERT_EQUAL(ring_ids(&h, ids, 8), 2);
	CU_ASSERT(ids[0] == 4 && ids[1] == 3);

	ring_del_init(&it[3].link, &h);		/* the last */
	CU_ASSERT_EQUAL(ring_ids(&h, ids, 8), 1);
	ring_replace_init(&it[4].link, &it[0].link, &h);	/* alone */
	CU_ASSERT_PTR_EQUAL(h.first, &it[0].link);
	CU_ASSERT_PTR_EQUAL(it[0].link.next, &it[0].link);
	CU_ASSERT_PTR_EQUAL(it[0].link.prev, &it[0].link);
	ring_del_init(&it[0].link, &h);
	CU_ASSERT_TRUE(ring_empty(&h));
}

/* The members of pgrp, first attached first, into t (at most max). */
static int pgrp_members(const struct pid *pgrp, struct task_struct **t, int max)
{
	const struct ring_node *n = pgrp->tasks[PIDTYPE_PGID].first;
	int count = 0;

	if (!n)
		return 0;
	do {
		if (count < max)
			t[count] = ring_entry(n, struct task_struct,
					      pid_links[PIDTYPE_PGID]);
		count++;
		n = n->next;
	} while (n != pgrp->tasks[PIDTYPE_PGID].first);
	return count;
}

/*
 * A process group lists its members in the order they joined; pid_task()
 * answers the first still in it. A thread that execs takes its leader's
 * place, at the leader's position.
 */
static void test_pgrp_order(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *a = xfork(m->init);			/* 2 */
	struct task_struct *b, *c, *e, *t, *g[6];
	struct pid *pgrp;

	CU_ASSERT_EQUAL(sys_setpgid(a, 0, 0), 0);
	b = xfork(a);						/* 3 */
	c = xfork(a);						/* 4 */
	e = xfork(a);						/* 5 */
	CU_ASSERT_FATAL(clone_task(b, CLONE_THREAD, NULL, 0, &t) == 6);
	pgrp = task_pgrp(a);
	CU_ASSERT_EQUAL(pgrp_members(pgrp, g, 6), 4);	/* no thread in it */
	CU_ASSERT(g[0] == a && g[1] == b && g[2] == c && g[3] == e);
	CU_ASSERT_PTR_EQUAL(pid_task(pgrp, PIDTYPE_PGID), a);

	CU_ASSERT_EQUAL(sys_execve(t), 0);	/* t becomes the leader, 3 */
	CHECK(m);
	CU_ASSERT_EQUAL(vnr(t), 3);
	CU_ASSERT_EQUAL(pgrp_members(pgrp, g, 6), 4);
	CU_ASSERT(g[0] == a && g[1] == t && g[2] == c && g[3] == e);
	CU_ASSERT_PTR_EQUAL(pid_task(task_tgid(t), PIDTYPE_TGID), t);

	/* members leave from the middle, then from the front */
	exit_and_reap(c);
	CU_ASSERT_EQUAL(pgrp_members(pgrp, g, 6), 3);
	CU_ASSERT(g[0] == a && g[1] == t && g[2] == e);
	trace_exit(a);
	CU_ASSERT_EQUAL(sys_wait4(m->init, 2, NULL), 2);
	CHECK(m);
	/* a's number stays taken by its group, which t now heads */
	CU_ASSERT_TRUE(taken(m->root, 2));
	CU_ASSERT_EQUAL(pgrp_members(pgrp, g, 6), 2);
	CU_ASSERT(g[0] == t && g[1] == e);
	CU_ASSERT_PTR_EQUAL(pid_task(pgrp, PIDTYPE_PGID), t);
	free_machine(m);
}

/*
 * kill -G signals the newest member first: c, the child, dies before
 * its parent p, which ignores SIGCHLD, so c is released at once. Oldest
 * first, c would have been reparented to init and left a zombie.
 */
static void test_kill_pgrp_newest_first(void)
{
	struct machine *m = mk_machine(NULL, 0);
	struct task_struct *p = xfork(m->init);			/* 2 */
	struct task_struct *c;

	CU_ASSERT_EQUAL(sys_setpgid(p, 0, 0), 0);
	CU_ASSERT_EQUAL(sys_sigaction_sigchld(p, true), 0);
	c = xfork(p);						/* 3 */
	CU_ASSERT_EQUAL(sys_kill(m->init, -2, SIGKILL), 0);
	CHECK(m);
	CU_ASSERT_STRING_EQUAL(state_of(c), "reaped");
	CU_ASSERT_STRING_EQUAL(state_of(p), "zombie");
	CU_ASSERT_FALSE(taken(m->root, 3));
	free_machine(m);
}

int main(void)
{
	static const struct test_case cases[] = {
		{ "ring add, delete, replace", test_ring_ops },
		{ "process group order, exec in place", test_pgrp_order },
		{ "kill -G newest first", test_kill_pgrp_newest_first },
		{ NULL, NULL },
	};

	return run_suite("ring", cases);
}
