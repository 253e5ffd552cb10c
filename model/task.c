/*
 * task.c - allocation and lifetime of tasks and their shared
 * signal_struct, and the small queries the pid code asks of them.
 */
#include <stdlib.h>

#include "model/machine.h"
#include "model/pid_namespace.h"
#include "model/slab.h"
#include "model/task.h"

/* Tasks and signal_structs come from their own caches (slab.h). */
static struct kmem_cache task_struct_cachep =
	KMEM_CACHE_INIT(sizeof(struct task_struct));
static struct kmem_cache signal_cachep =
	KMEM_CACHE_INIT(sizeof(struct signal_struct));

struct task_struct *alloc_task(struct machine *m, struct task_struct *leader)
{
	struct task_struct *t;
	int type;

	t = kmem_cache_zalloc(&task_struct_cachep);
	if (!t)
		return NULL;
	if (leader) {
		t->signal = leader->signal;
		t->signal->usage++;
		t->group_leader = leader;
	} else {
		t->signal = kmem_cache_zalloc(&signal_cachep);
		if (!t->signal) {
			kmem_cache_free(&task_struct_cachep, t);
			return NULL;
		}
		t->signal->usage = 1;
		INIT_LIST_HEAD(&t->signal->thread_head);
		t->group_leader = t;
	}
	t->usage = 1;
	for (type = 0; type < PIDTYPE_MAX; type++)
		INIT_RING_NODE(&t->pid_links[type]);
	INIT_LIST_HEAD(&t->thread_node);
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->work);
	INIT_LIST_HEAD(&t->node);
	t->machine = m;
	t->owner = NULL;
	return t;
}

static void put_signal_struct(struct signal_struct *sig)
{
	int type;

	if (--sig->usage > 0)
		return;
	for (type = PIDTYPE_TGID; type < PIDTYPE_MAX; type++)
		put_pid(sig->pids[type]);
	kmem_cache_free(&signal_cachep, sig);
}

void put_task_struct(struct task_struct *t)
{
	struct pid_namespace *ns;

	if (--t->usage > 0)
		return;
	/*
	 * The kernel keeps a stale child_reaper pointer; the model forgets it
	 * (has_child_reaper keeps what the checks need) before the pid and
	 * with it possibly the namespace go.
	 */
	ns = task_active_pid_ns(t);
	if (ns && ns->child_reaper == t)
		ns->child_reaper = NULL;
	put_pid_ns(t->pid_ns_for_children);
	put_pid(t->thread_pid);
	put_signal_struct(t->signal);
	kmem_cache_free(&task_struct_cachep, t);
}

int task_pid_nr_ns(const struct task_struct *task, enum pid_type type,
		   const struct pid_namespace *ns)
{
	return task ? pid_nr_ns(task_pid_type(task, type), ns) : 0;
}

/*
 * Only PF_EXITING counts: a thread with SIGKILL pending that has not run
 * yet is still alive, and may become its namespace's reaper.
 */
struct task_struct *find_alive_thread(struct task_struct *p)
{
	struct task_struct *t;

	list_for_each_entry(t, &p->signal->thread_head, thread_node)
		if (!(t->flags & PF_EXITING))
			return t;
	return NULL;
}

/*
 * Depth-first over the children of every thread, without a stack: going
 * up follows real_parent, which is the thread whose children list holds
 * the child, and resumes after that child in its sibling list.
 */
void walk_process_tree(struct task_struct *top,
		       int (*visitor)(struct task_struct *p, void *data),
		       void *data)
{
	struct task_struct *leader, *parent, *child;
	struct list_head *tnode, *cnode;
	int res;

	leader = top = top->group_leader;
down:
	for (tnode = leader->signal->thread_head.next;
	     tnode != &leader->signal->thread_head; tnode = tnode->next) {
		parent = list_entry(tnode, struct task_struct, thread_node);
		for (cnode = parent->children.next; cnode != &parent->children;
		     cnode = cnode->next) {
			child = list_entry(cnode, struct task_struct, sibling);
			res = visitor(child, data);
			if (res) {
				if (res < 0)
					return;
				leader = child;
				goto down;
			}
up:
			;
		}
	}
	if (leader != top) {
		child = leader;
		parent = child->real_parent;
		leader = parent->group_leader;
		tnode = &parent->thread_node;
		cnode = &child->sibling;
		goto up;
	}
}
