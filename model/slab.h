/*
 * slab.h - object caches for the model's fixed-size objects (the kernel's
 * kmem_cache, mm/slab.h): tasks, signal_structs and struct pids.
 *
 * Why: a live process holds a task_struct, a signal_struct and a struct
 * pid; from malloc() each pays a chunk header and rounding to 16 bytes.
 * A cache carves objects out of SLAB_SIZE blocks (one malloc chunk each)
 * at their own size rounded to a pointer, so the per-object overhead is a
 * block header shared by tens of objects.
 *
 * Invariants: every object of a block belongs to that block's cache; a
 * block is on its cache's partial list exactly when it has a free object
 * and a live one; an empty block is on the spare list; a batch of blocks
 * (slab.c) with no block in use is freed unless it is the cache's last.
 *
 * Under AddressSanitizer (PIDSIM_SANITIZE) every object is its own
 * malloc()/free() so use-after-free and leaks stay reported per object.
 */
#ifndef PIDSIM_SLAB_H
#define PIDSIM_SLAB_H

#include <stddef.h>

/* Under AddressSanitizer the caches are plain malloc() (above). */
#if defined(__SANITIZE_ADDRESS__)
#define SLAB_MALLOC	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_MALLOC	1
#endif
#endif

/* Bytes of a block, which is aligned to its size. */
#define SLAB_SIZE	16384UL

struct slab;
struct slab_batch;

struct kmem_cache {
	size_t size;			/* object size as asked */
	size_t stride;			/* size rounded up to a pointer */
	unsigned int objs_per_slab;	/* 0 until the first allocation */
	struct slab *partial;		/* blocks with free and live objects */
	struct slab *spare;		/* empty blocks */
	struct slab_batch *carving;	/* batch new blocks come from */
	unsigned int nr_batches;
};

/* A cache for objects of the given size (static initialiser). */
#define KMEM_CACHE_INIT(sz)	{ .size = (sz) }

/* An object of c->size bytes, not zeroed, or NULL without memory. */
void *kmem_cache_alloc(struct kmem_cache *c);

/* An object of c->size zeroed bytes, or NULL without memory. */
void *kmem_cache_zalloc(struct kmem_cache *c);

/* Give back an object kmem_cache_alloc(c) returned; NULL is ignored. */
void kmem_cache_free(struct kmem_cache *c, void *obj);

#endif /* PIDSIM_SLAB_H */
