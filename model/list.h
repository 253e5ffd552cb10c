/*
 * list.h - circular doubly linked lists, embedded in the objects they link,
 * as in the kernel's <linux/list.h>. The model keeps the kernel's shapes
 * (children/sibling, thread lists, a pid's task lists) so a reader can put
 * model and kernel side by side; this is our own small implementation.
 *
 * An empty list is a head pointing at itself. Removing with list_del_init()
 * leaves the node empty, so removing twice is harmless.
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
