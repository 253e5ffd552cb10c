/*
 * pid.c - struct pid: allocation of one number per level, release,
 * lookup and the task attachments that keep numbers taken
 * (kernel/pid.c; docs/kernel-rules.md, from "The allocation cursor" to
 * "The legacy scan", "Who holds a number", "Ids seen across namespaces").
 *
 * Two allocators share the pidmap bitmap: the IDR cursor policy of 4.15+
 * (idr_alloc_cyclic with lo = 1 or RESERVED_PIDS) and the legacy
 * alloc_pidmap() scan of 2.6.24-4.14. The profile says which one runs.
 *
 * The lookup table is one uthash table per namespace, keyed on the number
 * alone, as the kernel's per-namespace IDR since 4.15 (idr_find(&ns->idr,
 * nr)); the legacy kernels' single pid_hash on (ns, nr) answered the same
 * (docs/kernel-rules.md, "The legacy scan"). Only the cost differs, never
 * an answer: no trace can see the table's shape.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/err.h"
#include "model/explain.h"
#include "model/machine.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/slab.h"
#include "model/task.h"
#include "model/pid_limits.h"

static void pid_hash_oom(void)
{
	fputs("pidsim: out of memory growing the pid hash\n", stderr);
	abort();
}

/*
 * The shape of the table, measured by pidbench (docs/bench.md):
 *
 * - The hash is the number itself. Numbers come from a cursor that walks
 *   upwards, so the live numbers of a namespace are mostly a dense run;
 *   with power-of-two buckets the identity puts a run of N numbers into N
 *   distinct buckets, and a hit walks one entry. A hash that mixes fully
 *   only spreads them at random (two entries per hit at best) and costs
 *   its multiplications on every lookup.
 * - uthash doubles a table only when one chain reaches the threshold; with
 *   the default of 10 an even spread climbs to a load of about 8 before
 *   that happens. At 2 the table doubles at the first collision, so with
 *   the identity hash a run of numbers never shares a bucket.
 * - The threshold alone is unbounded: numbers that differ by a multiple of
 *   the bucket count always collide, and a slowly sliding window of a few
 *   hundred pids over a pid_max of 4 M doubled the table up to 4 M buckets
 *   (64 MiB). So growth stops at PID_HASH_GROW_CAP buckets per entry; past
 *   it chains simply get longer, which at that load means two or three.
 * - uthash never shrinks either: after millions of pids had been alive at
 *   once, every later lookup and every alloc+free touched a cold bucket
 *   of a huge array. When the table has more than PID_HASH_SHRINK_AT
 *   buckets per entry it is rebuilt at PID_HASH_SHRINK_TO per entry; the
 *   factor between the two keeps a table that breathes from rebuilding on
 *   every exit, and the cost of a rebuild is paid for by the deletions
 *   that led to it.
 * - A per-namespace table keeps the key one int: the namespace is the
 *   table, and no namespace pays for the entries of another.
 *
 * Identity hashing makes equal hash values mean equal numbers, so the key
 * comparison behind a matching hash value is always true.
 */
_Static_assert(PID_HASH_SHRINK_AT >= 2 * PID_HASH_GROW_CAP,
	       "a table just grown must not be over the shrink bound");
_Static_assert(PID_HASH_SHRINK_TO <= PID_HASH_SHRINK_AT / 2,
	       "a table just shrunk must be well under the shrink bound");

#undef HASH_BKT_CAPACITY_THRESH
#define HASH_BKT_CAPACITY_THRESH	PID_HASH_THRESH
#undef HASH_FUNCTION
#define HASH_FUNCTION(keyptr, keylen, hashv) \
	((hashv) = (unsigned int)*(const int *)(keyptr))
#undef HASH_KEYCMP
#define HASH_KEYCMP(a, b, n)	0
#undef uthash_fatal
#define uthash_fatal(msg) pid_hash_oom()

struct pid *find_pid_ns(int nr, struct pid_namespace *ns)
{
	struct upid *upid;

	HASH_FIND(hh, ns->pid_hash, &nr, sizeof(nr), upid);
	if (!upid)
		return NULL;
	return container_of(upid - ns->level, struct pid, numbers[0]);
}

/* Rebuild tbl with 2^log2 buckets; entries keep their hash values. */
static void pid_hash_resize(UT_hash_table *tbl, unsigned int log2)
{
	unsigned int n = 1U << log2, b;
	UT_hash_bucket *nb = calloc(n, sizeof(*nb));

	if (!nb)
		return;		/* a shrink is an optimisation: keep the old */
	for (b = 0; b < tbl->num_buckets; b++) {
		UT_hash_handle *hh = tbl->buckets[b].hh_head, *next;

		for (; hh; hh = next) {
			UT_hash_bucket *to = &nb[hh->hashv & (n - 1)];

			next = hh->hh_next;
			hh->hh_prev = NULL;
			hh->hh_next = to->hh_head;
			if (to->hh_head)
				to->hh_head->hh_prev = hh;
			to->hh_head = hh;
			to->count++;
		}
	}
	free(tbl->buckets);
	tbl->buckets = nb;
	tbl->num_buckets = n;
	tbl->log2_num_buckets = log2;
	tbl->ineff_expands = 0;
	tbl->noexpand = 0;
}

static void pid_hash_add(struct pid_namespace *ns, struct upid *upid)
{
	if (ns->pid_hash) {
		UT_hash_table *tbl = ns->pid_hash->hh.tbl;

		/* the growth cap; it also overrides uthash's own give-up */
		tbl->noexpand = tbl->num_buckets >=
				PID_HASH_GROW_CAP * (tbl->num_items + 1);
	}
	HASH_ADD(hh, ns->pid_hash, key.nr, sizeof(upid->key.nr), upid);
}

static void pid_hash_del(struct pid_namespace *ns, struct upid *upid)
{
	UT_hash_table *tbl;
	unsigned int log2;

	HASH_DEL(ns->pid_hash, upid);
	if (!ns->pid_hash)
		return;		/* the last entry took the table with it */
	tbl = ns->pid_hash->hh.tbl;
	if (tbl->num_buckets <= HASH_INITIAL_NUM_BUCKETS ||
	    tbl->num_buckets / PID_HASH_SHRINK_AT <= tbl->num_items)
		return;
	for (log2 = tbl->log2_num_buckets; log2 > HASH_INITIAL_NUM_BUCKETS_LOG2 &&
	     (1U << (log2 - 1)) >= PID_HASH_SHRINK_TO * tbl->num_items; log2--)
		;
	pid_hash_resize(tbl, log2);
}

void pid_hash_shape(const struct pid_namespace *ns, struct pid_hash_shape *out)
{
	const UT_hash_table *tbl = ns->pid_hash ? ns->pid_hash->hh.tbl : NULL;
	unsigned int b;

	memset(out, 0, sizeof(*out));
	if (!tbl)
		return;
	out->items = tbl->num_items;
	out->buckets = tbl->num_buckets;
	for (b = 0; b < tbl->num_buckets; b++)
		out->sum_sq += (double)tbl->buckets[b].count * tbl->buckets[b].count;
}

int pid_nr_ns(const struct pid *pid, const struct pid_namespace *ns)
{
	if (pid && ns && ns->level <= pid->level &&
	    pid->numbers[ns->level].key.ns == ns)
		return pid->numbers[ns->level].key.nr;
	return 0;
}

struct pid_namespace *ns_of_pid(const struct pid *pid)
{
	return pid ? pid->numbers[pid->level].key.ns : NULL;
}

struct task_struct *pid_task(const struct pid *pid, enum pid_type type)
{
	if (!pid || ring_empty(&pid->tasks[type]))
		return NULL;
	return ring_entry(pid->tasks[type].first, struct task_struct,
			  pid_links[type]);
}

/*
 * Memory of struct pids: one object cache (slab.h) per size, that is per
 * level (level + 1 upids). A fork after a reap, the commonest pair, takes
 * warm memory from the cache; the cache gives empty blocks back, so it
 * holds a burst of exits, never a whole run. Nothing observable changes:
 * a reused struct pid is initialised as a new one is.
 */
static struct kmem_cache pid_cachep[MAX_PID_NS_LEVEL + 1];

static inline size_t pid_size(unsigned int level)
{
	return sizeof(struct pid) + (level + 1) * sizeof(struct upid);
}

/* The memory of a struct pid nobody refers to any more. */
static void pid_mem_free(struct pid *pid)
{
	unsigned int level = pid->level;

	if (level > MAX_PID_NS_LEVEL) {
		free(pid);
		return;
	}
	kmem_cache_free(&pid_cachep[level], pid);
}

/*
 * Memory for a struct pid of this level, or NULL. Not zeroed: alloc_pid()
 * writes every level's number before anything reads it, and a upid's hash
 * handle is written whole when it is published.
 */
static struct pid *pid_mem_alloc(unsigned int level)
{
	if (level > MAX_PID_NS_LEVEL)
		return malloc(pid_size(level));
	if (!pid_cachep[level].size)
		pid_cachep[level].size = pid_size(level);
	return kmem_cache_alloc(&pid_cachep[level]);
}

static inline struct pid *new_pid(unsigned int level)
{
	struct pid *pid;
	int type;

	pid = pid_mem_alloc(level);
	if (!pid)
		return NULL;
	pid->count = 1;
	pid->level = level;
	pid->published = false;
	for (type = 0; type < PIDTYPE_MAX; type++)
		pid->tasks[type].first = NULL;
	return pid;
}

struct pid *alloc_outside_pid(void)
{
	struct pid *pid = new_pid(0);

	/* no number anywhere in the trace: pid_nr_ns() is 0 everywhere */
	if (pid) {
		pid->numbers[0].key.ns = NULL;
		pid->numbers[0].key.nr = 0;
	}
	return pid;
}

/* The last reference is gone: the memory, then the namespace's reference. */
static void pid_release(struct pid *pid)
{
	struct pid_namespace *ns = ns_of_pid(pid);

	pid_mem_free(pid);
	if (ns)
		put_pid_ns(ns);
}

void put_pid(struct pid *pid)
{
	if (pid && --pid->count == 0)
		pid_release(pid);
}

/*
 * idr_alloc_cyclic on the pidmap (docs/kernel-rules.md, "The allocation
 * cursor"): search [cursor, end)
 * from max(cursor, start), then once more from start if the first pass
 * started above it. The cursor moves only on success.
 */
static int idr_alloc_cyclic(struct pid_namespace *ns, int start, int end)
{
	unsigned int id = ns->cursor;
	int max = end > 0 ? end - 1 : INT32_MAX;
	int nr = -1, ret;

	if ((int)id < start)
		id = (unsigned int)start;
	if ((int)id <= max)
		nr = pidmap_next_zero(&ns->pidmap, id, (unsigned int)max + 1);
	if (nr < 0 && id > (unsigned int)start)
		nr = pidmap_next_zero(&ns->pidmap, (unsigned int)start,
				      (unsigned int)max + 1);
	if (nr < 0)
		return -ENOSPC;
	ret = pidmap_test_and_set(&ns->pidmap, (unsigned int)nr);
	if (ret < 0)
		return ret;
	ns->cursor = (unsigned int)nr + 1;
	return nr;
}

/*
 * The legacy scan (docs/kernel-rules.md, "The legacy scan"): from
 * last_pid + 1 through the pages
 * that hold numbers below pid_max, then from RESERVED_PIDS in page 0; at
 * most one page more than pid_max spans. last_pid is cursor - 1. The
 * "last == RESERVED_PIDS" exit is the kernel's D2 quirk: 300 itself is
 * never tried in that case.
 */
static int alloc_pidmap(struct pid_namespace *ns, int pid_max)
{
	int last = (int)ns->cursor - 1;
	int pid = last + 1;
	unsigned int offset, page, last_page;
	int i, max_scan, ret;

	if (pid >= pid_max)
		pid = RESERVED_PIDS;
	offset = (unsigned int)pid & BITS_PER_PAGE_MASK;
	page = (unsigned int)pid / BITS_PER_PAGE;
	last_page = (unsigned int)(pid_max - 1) / BITS_PER_PAGE;
	max_scan = (pid_max + BITS_PER_PAGE - 1) / BITS_PER_PAGE - !offset;

	for (i = 0; i <= max_scan; i++) {
		struct pidmap *map = &ns->pidmap.map[page];

		if (map->nr_free) {
			for (;;) {
				if (!pidmap_test(&ns->pidmap, (unsigned int)pid)) {
					ret = pidmap_test_and_set(&ns->pidmap,
								  (unsigned int)pid);
					if (ret < 0)
						return ret;
					ns->cursor = (unsigned int)pid + 1;
					return pid;
				}
				offset = pidmap_page_next_zero(map, offset);
				if (offset >= BITS_PER_PAGE)
					break;
				pid = (int)(page * BITS_PER_PAGE + offset);
				if (pid >= pid_max)
					break;
			}
		}
		if (page < last_page) {
			page++;
			offset = 0;
		} else {
			page = 0;
			offset = RESERVED_PIDS;
			if (last == RESERVED_PIDS)
				break;
		}
		pid = (int)(page * BITS_PER_PAGE + offset);
	}
	return -ENOSPC;
}

static void publish_pid(struct pid *pid)
{
	struct pid_namespace *ns = ns_of_pid(pid);
	struct machine *m = ns->machine;
	int i;

	/* deepest level first, as the kernel's idr_replace loop */
	for (i = (int)pid->level; i >= 0; i--) {
		struct upid *upid = &pid->numbers[i];

		pid_hash_add(upid->key.ns, upid);
		upid->key.ns->pid_allocated++;
	}
	get_pid_ns(ns);		/* a pid keeps its own namespace alive */
	pid->published = true;
	m->nr_pids++;
}

struct pid *alloc_pid(struct pid_namespace *ns, const int *set_tid,
		      size_t set_tid_size)
{
	struct machine *m = ns->machine;
	const struct kernel_profile *prof = m->profile;
	struct pid_namespace *tmp;
	struct pid *pid;
	int i, nr, retval;

	if (set_tid_size > ns->level + m->base_level + 1) {
		EXPLAIN(m, "alloc_pid: set_tid has %zu entries, but the new task has only %u levels (%u below the trace root, %u above it) -> EINVAL",
			set_tid_size, ns->level + m->base_level + 1, ns->level + 1,
			m->base_level);
		return ERR_PTR(-EINVAL);
	}
	if (prof->alloc_pid_7) {
		/* 7.0: every entry's range before any level allocates */
		tmp = ns;
		for (i = 0; i < (int)set_tid_size && tmp; i++, tmp = tmp->parent)
			if (set_tid[i] < 1 || set_tid[i] >= pid_ns_pid_max(tmp)) {
				EXPLAIN(m, "alloc_pid: set_tid[%d] = %d is outside [1, %d) -> EINVAL, checked before any level allocates",
					i, set_tid[i], pid_ns_pid_max(tmp));
				return ERR_PTR(-EINVAL);
			}
		/* 7.0: a namespace with no process yet starts from 1 */
		if (ns->pid_allocated == PIDNS_ADDING)
			ns->cursor = 0;
	}

	pid = new_pid(ns->level);
	if (!pid)
		return ERR_PTR(-ENOMEM);

	tmp = ns;
	for (i = (int)ns->level; i >= 0; i--) {
		int pid_max = pid_ns_pid_max(tmp);
		int tid = 0;

		if (set_tid_size) {
			tid = set_tid[ns->level - (unsigned int)i];
			retval = -EINVAL;
			if (tid < 1 || tid >= pid_max)
				goto out_free;
			/* a number other than 1 needs an init to exist
			 * (7.0 checks every number, below) */
			if (tid != 1 && !tmp->has_child_reaper && !prof->alloc_pid_7)
				goto out_free;
			/* CAP_SYS_ADMIN / CAP_CHECKPOINT_RESTORE: the trace runs as root */
			set_tid_size--;
		}

		if (tid) {
			nr = pidmap_test_and_set(&tmp->pidmap, (unsigned int)tid);
			if (nr == 1)
				nr = -EEXIST;
			else if (nr == 0)
				nr = tid;
		} else if (prof->allocator == PIDALLOC_LEGACY) {
			nr = alloc_pidmap(tmp, pid_max);
		} else {
			/* init needs 1; after the first wrap, start at 300 */
			int pid_min = tmp->cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;

			nr = idr_alloc_cyclic(tmp, pid_min, pid_max);
		}
		if (nr < 0) {
			retval = nr == -ENOSPC ? -prof->exhaustion_errno : nr;
			goto out_free;
		}
		pid->numbers[i].key.ns = tmp;
		pid->numbers[i].key.nr = nr;
		if (prof->alloc_pid_7 && nr != 1 && !tmp->has_child_reaper) {
			/* 7.0: a level without init takes 1 or nothing */
			EXPLAIN(m, "alloc_pid: level %u has no child reaper, so its number must be 1, not %d -> EINVAL",
				tmp->level, nr);
			pidmap_clear(&tmp->pidmap, (unsigned int)nr);
			retval = -EINVAL;
			goto out_free;
		}
		tmp = tmp->parent;
	}

	/*
	 * Every level is reserved; a namespace whose init died (or whose
	 * first process failed late) still refuses, with ENOMEM, after the
	 * cursors moved.
	 */
	retval = -ENOMEM;
	if (!(ns->pid_allocated & PIDNS_ADDING))
		goto out_free;

	EXPLAIN_CALL(m, explain_alloc_pid, ns, pid, -1, 0);
	publish_pid(pid);
	return pid;

out_free:
	/* i: the level that failed, -1 when every level took its number */
	EXPLAIN_CALL(m, explain_alloc_pid, ns, pid, i, retval);
	while (++i <= (int)ns->level)
		pidmap_clear(&pid->numbers[i].key.ns->pidmap,
			     (unsigned int)pid->numbers[i].key.nr);
	/* a namespace that never had a process gets 1 on the next attempt */
	if (prof->first_fail_resets_cursor && ns->pid_allocated == PIDNS_ADDING)
		ns->cursor = 0;
	pid_mem_free(pid);
	return ERR_PTR(retval);
}

void free_pid(struct pid *pid)
{
	struct machine *m;
	int i;

	if (!pid->published) {	/* an outside pid: nothing to release */
		put_pid(pid);
		return;
	}
	m = ns_of_pid(pid)->machine;
	EXPLAIN_CALL(m, explain_free_pid, pid);
	for (i = 0; i <= (int)pid->level; i++) {
		struct upid *upid = &pid->numbers[i];
		struct pid_namespace *ns = upid->key.ns;

		/*
		 * At 2 or 1 the kernel wakes a child reaper that may wait in
		 * zap_pid_ns_processes(); machine_settle() re-checks every
		 * waiting init instead.
		 */
		ns->freed_settle = m->settles;
		if (--ns->pid_allocated == PIDNS_ADDING && !m->profile->alloc_pid_7) {
			/* the first process failed late: no process ever again */
			ns->pid_allocated = 0;
			EXPLAIN_CALL(m, explain_ns_dead, ns, EXPLAIN_NS_FIRST_FAILED,
				     NULL);
		}
		pid_hash_del(ns, upid);
		pidmap_clear(&ns->pidmap, (unsigned int)upid->key.nr);
	}
	pid->published = false;
	m->nr_pids--;
	put_pid(pid);
}

void attach_pid(struct task_struct *task, enum pid_type type)
{
	struct pid *pid = task_pid_type(task, type);

	ring_add_tail(&task->pid_links[type], &pid->tasks[type]);
}

/*
 * Unlink task from its pid of this type and point it at new (NULL: keep
 * pointing at the old one, which only observers of a released task read).
 * The last task of any type frees the pid's numbers.
 */
static void __change_pid(struct task_struct *task, enum pid_type type,
			 struct pid *new)
{
	struct pid **pid_ptr = type == PIDTYPE_PID ? &task->thread_pid
						   : &task->signal->pids[type];
	struct pid *pid = *pid_ptr;
	int tmp;

	ring_del_init(&task->pid_links[type], &pid->tasks[type]);
	if (new)
		*pid_ptr = get_pid(new);

	for (tmp = PIDTYPE_MAX; --tmp >= 0; )
		if (pid_has_task(pid, (enum pid_type)tmp))
			goto out;
	free_pid(pid);
out:
	if (new)
		put_pid(pid);
}

void detach_pid(struct task_struct *task, enum pid_type type)
{
	__change_pid(task, type, NULL);
}

void change_pid(struct task_struct *task, enum pid_type type, struct pid *pid)
{
	__change_pid(task, type, pid);
	attach_pid(task, type);
}
