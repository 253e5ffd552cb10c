/*
 * slab.c - object caches carved out of aligned blocks (see slab.h).
 *
 * A block is SLAB_SIZE bytes aligned to SLAB_SIZE, so an object finds its
 * block by masking its address. The block opens with its header; objects
 * follow at c->stride apart. Free objects are chained through their first
 * word; objects never handed out yet are carved lazily from the end of
 * the used part (next_unused), so a fresh block costs no pass over it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/slab.h"

#ifdef SLAB_MALLOC

void *kmem_cache_alloc(struct kmem_cache *c)
{
	return malloc(c->size);
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	return calloc(1, c->size);
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	(void)c;
	free(obj);
}

#else /* !SLAB_MALLOC */

/*
 * Blocks come SLABS_PER_BATCH at a time from one malloc() (large enough
 * that glibc maps it on its own): aligning one block per malloc() would
 * leave a gap of up to SLAB_SIZE beside every block, half the memory.
 */
#define SLABS_PER_BATCH	256U

struct slab_batch {
	void *raw;			/* what malloc() returned */
	char *first;			/* first SLAB_SIZE-aligned block */
	unsigned int next_unused;	/* blocks never handed out yet */
	unsigned int live;		/* blocks not on c->spare */
};

struct slab {
	struct slab_batch *batch;
	struct slab *next, *prev;	/* c->partial or c->spare */
	void *freelist;			/* freed objects, through word 0 */
	unsigned int inuse;		/* objects handed out */
	unsigned int next_unused;	/* first never-used object */
};

static inline size_t slab_first_offset(void)
{
	return (sizeof(struct slab) + sizeof(void *) - 1) &
	       ~(sizeof(void *) - 1);
}

static inline struct slab *obj_to_slab(const void *obj)
{
	return (struct slab *)((uintptr_t)obj & ~(uintptr_t)(SLAB_SIZE - 1));
}

static void slab_list_add(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void slab_list_del(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static void partial_add(struct kmem_cache *c, struct slab *s)
{
	slab_list_add(&c->partial, s);
}

static void partial_del(struct kmem_cache *c, struct slab *s)
{
	slab_list_del(&c->partial, s);
}

/* An empty block for c: a spare, or one never used. NULL without memory. */
static struct slab *slab_get_empty(struct kmem_cache *c)
{
	struct slab_batch *b = c->carving;
	struct slab *s = c->spare;

	if (s) {
		slab_list_del(&c->spare, s);
		s->batch->live++;
		return s;
	}
	if (!b || b->next_unused == SLABS_PER_BATCH) {
		b = malloc(sizeof(*b));
		if (!b)
			return NULL;
		b->raw = malloc((SLABS_PER_BATCH + 1) * SLAB_SIZE);
		if (!b->raw) {
			free(b);
			return NULL;
		}
		b->first = (char *)(((uintptr_t)b->raw + SLAB_SIZE - 1) &
				    ~(uintptr_t)(SLAB_SIZE - 1));
		b->next_unused = 0;
		b->live = 0;
		c->carving = b;
		c->nr_batches++;
	}
	s = (struct slab *)(b->first + (size_t)b->next_unused++ * SLAB_SIZE);
	s->batch = b;
	s->next = s->prev = NULL;
	s->freelist = NULL;
	s->inuse = 0;
	s->next_unused = 0;
	b->live++;
	return s;
}

/*
 * s has just become empty: keep it as a spare, and give its batch back
 * when no block of it is in use (unless it is the cache's only batch,
 * so a cache on the edge does not map and unmap at every fork).
 */
static void slab_put_empty(struct kmem_cache *c, struct slab *s)
{
	struct slab_batch *b = s->batch;
	unsigned int i;

	slab_list_add(&c->spare, s);
	if (--b->live || c->nr_batches == 1)
		return;
	for (i = 0; i < b->next_unused; i++)
		slab_list_del(&c->spare,
			      (struct slab *)(b->first + (size_t)i * SLAB_SIZE));
	if (c->carving == b)
		c->carving = NULL;
	c->nr_batches--;
	free(b->raw);
	free(b);
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	struct slab *s;
	void *obj;

	if (!c->objs_per_slab) {
		c->stride = (c->size + sizeof(void *) - 1) &
			    ~(sizeof(void *) - 1);
		if (c->stride < sizeof(void *))
			c->stride = sizeof(void *);
		if (c->stride > SLAB_SIZE - slab_first_offset())
			return NULL;
		c->objs_per_slab = (unsigned int)((SLAB_SIZE -
				   slab_first_offset()) / c->stride);
	}
	s = c->partial;
	if (!s) {
		s = slab_get_empty(c);
		if (!s)
			return NULL;
		partial_add(c, s);
	}
	if (s->freelist) {
		obj = s->freelist;
		memcpy(&s->freelist, obj, sizeof(void *));
	} else {
		obj = (char *)s + slab_first_offset() +
		      (size_t)s->next_unused++ * c->stride;
	}
	if (++s->inuse == c->objs_per_slab)
		partial_del(c, s);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	void *obj = kmem_cache_alloc(c);

	if (obj)
		memset(obj, 0, c->size);
	return obj;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct slab *s;

	if (!obj)
		return;
	s = obj_to_slab(obj);
	if (s->inuse == c->objs_per_slab)
		partial_add(c, s);	/* was full: has a free object now */
	memcpy(obj, &s->freelist, sizeof(void *));
	s->freelist = obj;
	if (--s->inuse)
		return;
	partial_del(c, s);
	slab_put_empty(c, s);
}

#endif /* SLAB_MALLOC */
