/*
 * test_slab.c - the object caches of model/slab.c: the geometry of a
 * block (16384 bytes, a 40-byte header, objects at their size rounded to
 * a pointer), which block an object comes from, the reuse of freed
 * objects and empty blocks, and when a batch of 256 blocks goes back;
 * and the sizes of the objects a live process holds.
 *
 * Under AddressSanitizer a cache is plain malloc() (slab.h); only the
 * tests that hold for any allocator run there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/harness.h"
#include "model/slab.h"

/* Objects are usable over their whole size and distinct; zalloc zeroes
 * memory that a freed object left dirty. Any allocator. */
static void test_alloc_zalloc(void)
{
	static struct kmem_cache c = KMEM_CACHE_INIT(24);
	unsigned char *a = kmem_cache_alloc(&c), *b = kmem_cache_alloc(&c), *z;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_PTR_NOT_EQUAL(a, b);
	memset(a, 0xa5, 24);
	memset(b, 0x5a, 24);
	CU_ASSERT_EQUAL(a[23], 0xa5);	/* b did not overlap a */
	kmem_cache_free(&c, a);
	z = kmem_cache_zalloc(&c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z);
	for (i = 0; i < 24; i++)
		CU_ASSERT_EQUAL(z[i], 0);
	kmem_cache_free(&c, z);
	kmem_cache_free(&c, b);
	kmem_cache_free(&c, NULL);	/* ignored */
}

#ifndef SLAB_MALLOC

/* The block an object lies in. */
static uintptr_t block_of(const void *obj)
{
	return (uintptr_t)obj & ~(uintptr_t)(SLAB_SIZE - 1);
}

/* Objects of a block: (16384 - 40) / stride of them. */
static void test_geometry(void)
{
	static struct kmem_cache tiny = KMEM_CACHE_INIT(1);
	static struct kmem_cache odd = KMEM_CACHE_INIT(13);
	static struct kmem_cache task = KMEM_CACHE_INIT(216);
	static struct kmem_cache whole = KMEM_CACHE_INIT(16344);
	static struct kmem_cache huge = KMEM_CACHE_INIT(16345);
	void *o;

	o = kmem_cache_alloc(&tiny);
	CU_ASSERT_EQUAL(tiny.stride, 8);	/* room for the free link */
	CU_ASSERT_EQUAL(tiny.objs_per_slab, 2043);
	kmem_cache_free(&tiny, o);

	o = kmem_cache_alloc(&odd);
	CU_ASSERT_EQUAL(odd.stride, 16);
	CU_ASSERT_EQUAL(odd.objs_per_slab, 1021);
	kmem_cache_free(&odd, o);

	o = kmem_cache_alloc(&task);
	CU_ASSERT_EQUAL(task.stride, 216);
	CU_ASSERT_EQUAL(task.objs_per_slab, 75);
	/* the first object follows the header */
	CU_ASSERT_EQUAL((uintptr_t)o - block_of(o), 40);
	kmem_cache_free(&task, o);

	o = kmem_cache_alloc(&whole);
	CU_ASSERT_PTR_NOT_NULL(o);
	CU_ASSERT_EQUAL(whole.objs_per_slab, 1);
	kmem_cache_free(&whole, o);

	CU_ASSERT_PTR_NULL(kmem_cache_alloc(&huge));	/* no block holds it */
}

/*
 * A block hands out its objects in address order, stride apart; once
 * full it leaves the partial list and the next object comes from a new
 * block; a free puts the block back on the partial list, and the freed
 * object is the next one handed out.
 */
static void test_block_fill_and_reuse(void)
{
	static struct kmem_cache c = KMEM_CACHE_INIT(1000);	/* 16 a block */
	char *obj[17];
	int i;

	for (i = 0; i < 16; i++) {
		obj[i] = kmem_cache_alloc(&c);
		CU_ASSERT_PTR_NOT_NULL_FATAL(obj[i]);
		CU_ASSERT_EQUAL(block_of(obj[i]), block_of(obj[0]));
		if (i)
			CU_ASSERT_EQUAL(obj[i] - obj[i - 1], 1000);
	}
	CU_ASSERT_EQUAL(c.objs_per_slab, 16);
	CU_ASSERT_PTR_NULL(c.partial);		/* the block is full */
	obj[16] = kmem_cache_alloc(&c);
	CU_ASSERT_NOT_EQUAL(block_of(obj[16]), block_of(obj[0]));
	CU_ASSERT_EQUAL((uintptr_t)c.partial, block_of(obj[16]));

	kmem_cache_free(&c, obj[5]);		/* the full block has room */
	CU_ASSERT_EQUAL((uintptr_t)c.partial, block_of(obj[0]));
	CU_ASSERT_PTR_EQUAL(kmem_cache_alloc(&c), obj[5]);
	/* full again: the partial list is the other block alone */
	CU_ASSERT_EQUAL((uintptr_t)c.partial, block_of(obj[16]));

	/* last freed, first reused */
	kmem_cache_free(&c, obj[2]);
	kmem_cache_free(&c, obj[9]);
	CU_ASSERT_PTR_EQUAL(kmem_cache_alloc(&c), obj[9]);
	CU_ASSERT_PTR_EQUAL(kmem_cache_alloc(&c), obj[2]);

	/* an emptied block is a spare, and the next new block is that one */
	kmem_cache_free(&c, obj[16]);
	CU_ASSERT_PTR_NULL(c.partial);
	CU_ASSERT_EQUAL((uintptr_t)c.spare, block_of(obj[16]));
	CU_ASSERT_PTR_EQUAL(kmem_cache_alloc(&c), obj[16]);
	CU_ASSERT_PTR_NULL(c.spare);

	for (i = 0; i < 17; i++)
		kmem_cache_free(&c, obj[i]);
	CU_ASSERT_PTR_NULL(c.partial);
	CU_ASSERT_EQUAL(c.nr_batches, 1);
}

/*
 * 256 blocks a batch: 256 * 15 objects of 1024 bytes fill one, the next
 * object opens a second; the second goes back as soon as none of its
 * blocks is used, the last batch of a cache never does.
 */
static void test_batches(void)
{
	static struct kmem_cache c = KMEM_CACHE_INIT(1024);	/* 15 a block */
	enum { PER_BATCH = 256 * 15 };
	void **obj = calloc(PER_BATCH + 1, sizeof(*obj));
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
	for (i = 0; i < PER_BATCH; i++) {
		obj[i] = kmem_cache_alloc(&c);
		CU_ASSERT_PTR_NOT_NULL_FATAL(obj[i]);
	}
	CU_ASSERT_EQUAL(c.objs_per_slab, 15);
	CU_ASSERT_EQUAL(c.nr_batches, 1);
	obj[PER_BATCH] = kmem_cache_alloc(&c);
	CU_ASSERT_EQUAL(c.nr_batches, 2);

	kmem_cache_free(&c, obj[PER_BATCH]);	/* the second batch is unused */
	CU_ASSERT_EQUAL(c.nr_batches, 1);
	CU_ASSERT_PTR_NULL(c.spare);		/* its block went with it */
	CU_ASSERT_PTR_NULL(c.carving);

	for (i = 0; i < PER_BATCH; i++)
		kmem_cache_free(&c, obj[i]);
	CU_ASSERT_EQUAL(c.nr_batches, 1);	/* the cache's last: kept */
	CU_ASSERT_PTR_NULL(c.partial);
	CU_ASSERT_PTR_NOT_NULL(c.spare);

	/* the kept batch serves again, from its spares */
	obj[0] = kmem_cache_alloc(&c);
	CU_ASSERT_PTR_NOT_NULL(obj[0]);
	CU_ASSERT_EQUAL(c.nr_batches, 1);
	kmem_cache_free(&c, obj[0]);
	free(obj);
}

#endif /* !SLAB_MALLOC */

/*
 * What a live process is made of (model/task.h, "Memory"), on LP64: the
 * figures behind pidbench's bytes per process. A field that grows one
 * of them shows here first.
 */
static void test_object_sizes(void)
{
	if (sizeof(void *) != 8)
		return;
	CU_ASSERT_EQUAL(sizeof(struct task_struct), 216);
	CU_ASSERT_EQUAL(sizeof(struct signal_struct), 64);
	CU_ASSERT_EQUAL(sizeof(struct pid), 40);
	CU_ASSERT_EQUAL(sizeof(struct upid), 72);
}

int main(void)
{
	static const struct test_case cases[] = {
		{ "alloc, zalloc, free", test_alloc_zalloc },
		{ "a process's objects", test_object_sizes },
#ifndef SLAB_MALLOC
		{ "block geometry", test_geometry },
		{ "a block fills, frees and is reused", test_block_fill_and_reuse },
		{ "batches of 256 blocks come and go", test_batches },
#endif
		{ NULL, NULL },
	};

	return run_suite("slab", cases);
}
