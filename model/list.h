/*
 * list.h - circular doubly linked lists, embedded in the objects they link,
 * as in the kernel's <linux/list.h>. The model keeps the kernel's shapes
 * (children/sibling, thread lists, a pid's task lists) so a reader can put
 * model and kernel side by side; this is our own small implementation.
 *
 * An empty list is a head pointing at itself. Removing with list_del_init()
 * leaves the node empty, so removing twice is harmless. Rings, below, are
 * the same lists with a one-pointer head.
 */
#ifndef PIDSIM_LIST_H
#define PIDSIM_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_head {
	struct list_head *next, *prev;
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define LIST_HEAD_INIT(name) { &(name), &(name) }

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

/* True when h holds exactly one node. */
static inline bool list_is_singular(const struct list_head *h)
{
	return !list_empty(h) && h->next == h->prev;
}

static inline void __list_add(struct list_head *n, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void list_add(struct list_head *n, struct list_head *h)
{
	__list_add(n, h, h->next);
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	__list_add(n, h->prev, h);
}

static inline void list_del_init(struct list_head *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	INIT_LIST_HEAD(n);
}

/* Move every node of list to the tail of h; list becomes empty. */
static inline void list_splice_tail_init(struct list_head *list,
					 struct list_head *h)
{
	if (list_empty(list))
		return;
	list->next->prev = h->prev;
	h->prev->next = list->next;
	list->prev->next = h;
	h->prev = list->prev;
	INIT_LIST_HEAD(list);
}

/*
 * Rings: lists whose head is a single pointer, as the kernel's hlist_head
 * is, for heads that are many and mostly empty or short (a struct pid has
 * four). The kernel's hlist is NULL-terminated and adds at the head; a
 * ring keeps list_head's shape among its nodes (a circle, no sentinel), so
 * it still adds at the tail and reaches both ends in O(1): the head points
 * at the first node, the first node's prev is the last.
 *
 * An unlinked node has next == NULL (a node alone in its ring points at
 * itself, so a self-pointer cannot mean "unlinked"). Removing a node needs
 * its head, in case it is the first.
 */
struct ring_node {
	struct ring_node *next, *prev;
};

struct ring_head {
	struct ring_node *first;
};

static inline void INIT_RING_NODE(struct ring_node *n)
{
	n->next = NULL;
	n->prev = NULL;
}

static inline bool ring_unlinked(const struct ring_node *n)
{
	return !n->next;
}

static inline bool ring_empty(const struct ring_head *h)
{
	return !h->first;
}

/* The newest node added at the tail, or NULL. */
static inline struct ring_node *ring_last(const struct ring_head *h)
{
	return h->first ? h->first->prev : NULL;
}

static inline void ring_add_tail(struct ring_node *n, struct ring_head *h)
{
	struct ring_node *first = h->first;

	if (!first) {
		n->next = n;
		n->prev = n;
		h->first = n;
		return;
	}
	n->next = first;
	n->prev = first->prev;
	first->prev->next = n;
	first->prev = n;
}

/* Unlink n from h; an unlinked n is left alone, so removing twice is
 * harmless, as with list_del_init(). */
static inline void ring_del_init(struct ring_node *n, struct ring_head *h)
{
	if (ring_unlinked(n))
		return;
	if (n->next == n) {
		h->first = NULL;
	} else {
		n->next->prev = n->prev;
		n->prev->next = n->next;
		if (h->first == n)
			h->first = n->next;
	}
	INIT_RING_NODE(n);
}

/* new takes old's place in h (same position); old ends unlinked. */
static inline void ring_replace_init(struct ring_node *old,
				     struct ring_node *new,
				     struct ring_head *h)
{
	if (old->next == old) {
		new->next = new;
		new->prev = new;
	} else {
		new->next = old->next;
		new->prev = old->prev;
		new->next->prev = new;
		new->prev->next = new;
	}
	if (h->first == old)
		h->first = new;
	INIT_RING_NODE(old);
}

#define ring_entry(ptr, type, member) container_of(ptr, type, member)

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)

#define list_for_each_entry(pos, h, member)				\
	for (pos = list_entry((h)->next, __typeof__(*pos), member);	\
	     &pos->member != (h);					\
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))

#define list_for_each_entry_safe(pos, n, h, member)			\
	for (pos = list_entry((h)->next, __typeof__(*pos), member),	\
	     n = list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != (h);					\
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

#endif /* PIDSIM_LIST_H */
