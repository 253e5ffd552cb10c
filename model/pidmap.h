/*
 * pidmap.h - which numbers of one namespace are taken: a bitmap of
 * PID_MAX_LIMIT bits cut into pages of BITS_PER_PAGE bits, each page with
 * its free count and allocated on first use, as the legacy kernel pidmap
 * (kernel/pid.c before 4.15). Both allocators of the model (the legacy
 * scan and the IDR cursor policy) run on it.
 *
 * Two summaries make "lowest free number at or after N" cost a few word
 * operations instead of a scan of up to 65536 words: per page, one bit per
 * bitmap word that is full; per set, one bit per page that is full. They
 * change only the cost, never the answer: pidmap_next_zero_flat() gives the
 * same answers by a plain scan, and the tests check that they agree.
 *
 * Invariants: nr_free is BITS_PER_PAGE minus the bits set in the page; a
 * page without memory has every bit clear; a summary bit is set exactly
 * when its word or page has no clear bit.
 */
#ifndef PIDSIM_PIDMAP_H
#define PIDSIM_PIDMAP_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/pid_limits.h"

#define BITS_PER_PAGE		32768	/* PAGE_SIZE * 8 */
#define BITS_PER_PAGE_MASK	(BITS_PER_PAGE - 1)
#define PIDMAP_WORDS		(BITS_PER_PAGE / 64)
#define PIDMAP_ENTRIES		(PID_MAX_LIMIT / BITS_PER_PAGE)

/*
 * A page's memory holds its PIDMAP_WORDS bitmap words followed by
 * PIDMAP_SUMMARY words of summary (bit w: page word w is ~0), so that an
 * idle namespace costs a few kilobytes, not a summary per possible page.
 */
#define PIDMAP_SUMMARY		(PIDMAP_WORDS / 64)

struct pidmap {
	unsigned int nr_free;
	uint64_t *page;				/* NULL: every bit clear */
};

struct pidmap_set {
	uint64_t page_full[PIDMAP_ENTRIES / 64];	/* bit p: map[p] is full */
	struct pidmap map[PIDMAP_ENTRIES];
};

/* Every number free, no page allocated. Never fails. */
void pidmap_init(struct pidmap_set *s);

/* Free every page. The set must be re-initialised before reuse. */
void pidmap_destroy(struct pidmap_set *s);

/*
 * The operations of every alloc_pid() and free_pid() are inline below:
 * out of line they were about a quarter of an alloc+free cycle's
 * instructions, in calls and reloads. Only the rare paths (a page's first
 * allocation, a search past the first word) are calls.
 */
#define PIDMAP_WORD_FULL	(~(uint64_t)0)

/* Give map its memory (all bits clear); 0 or -ENOMEM. */
int pidmap_page_alloc(struct pidmap *map);

static inline void pidmap_set_summary(uint64_t *sum, unsigned int bit, bool full)
{
	if (full)
		sum[bit / 64] |= (uint64_t)1 << (bit % 64);
	else
		sum[bit / 64] &= ~((uint64_t)1 << (bit % 64));
}

/* Is nr (< PID_MAX_LIMIT) taken? */
static inline bool pidmap_test(const struct pidmap_set *s, unsigned int nr)
{
	const struct pidmap *map = &s->map[nr / BITS_PER_PAGE];
	unsigned int off = nr & BITS_PER_PAGE_MASK;

	if (!map->page)
		return false;
	return (map->page[off / 64] >> (off % 64)) & 1;
}

/*
 * Take nr (< PID_MAX_LIMIT). Returns 1 if it was already taken (nothing
 * changes), 0 if it is now taken, -ENOMEM if its page could not be
 * allocated.
 */
static inline int pidmap_test_and_set(struct pidmap_set *s, unsigned int nr)
{
	unsigned int p = nr / BITS_PER_PAGE;
	struct pidmap *map = &s->map[p];
	unsigned int off = nr & BITS_PER_PAGE_MASK;
	uint64_t bit = (uint64_t)1 << (off % 64);
	uint64_t *word;

	if (!map->page && pidmap_page_alloc(map))
		return -ENOMEM;
	word = &map->page[off / 64];
	if (*word & bit)
		return 1;
	*word |= bit;
	if (*word == PIDMAP_WORD_FULL)
		pidmap_set_summary(map->page + PIDMAP_WORDS, off / 64, true);
	if (--map->nr_free == 0)
		pidmap_set_summary(s->page_full, p, true);
	return 0;
}

/* Release nr; releasing a free number is a no-op. */
static inline void pidmap_clear(struct pidmap_set *s, unsigned int nr)
{
	unsigned int p = nr / BITS_PER_PAGE;
	struct pidmap *map = &s->map[p];
	unsigned int off = nr & BITS_PER_PAGE_MASK;
	uint64_t bit = (uint64_t)1 << (off % 64);
	uint64_t *word;

	if (!map->page)
		return;
	word = &map->page[off / 64];
	if (!(*word & bit))
		return;
	if (*word == PIDMAP_WORD_FULL)
		pidmap_set_summary(map->page + PIDMAP_WORDS, off / 64, false);
	*word &= ~bit;
	if (map->nr_free++ == 0)
		pidmap_set_summary(s->page_full, p, false);
}

/* The search below past the first word, through the summaries. */
int pidmap_next_zero_slow(const struct pidmap_set *s, unsigned int from,
			  unsigned int end);

/*
 * Lowest free number in [from, end), or -1. end <= PID_MAX_LIMIT. The
 * common answer, a free bit in the word holding from, needs no summary.
 */
static inline int pidmap_next_zero(const struct pidmap_set *s, unsigned int from,
				   unsigned int end)
{
	if (from < end && end <= PID_MAX_LIMIT) {
		const struct pidmap *map = &s->map[from / BITS_PER_PAGE];
		unsigned int off = from & BITS_PER_PAGE_MASK;
		uint64_t word;

		if (!map->page)
			return (int)from;
		word = map->page[off / 64] | (((uint64_t)1 << (off % 64)) - 1);
		if (word != PIDMAP_WORD_FULL) {
			unsigned int nr = from - off % 64 +
					  (unsigned int)__builtin_ctzll(~word);

			if (nr < end)
				return (int)nr;
		}
	}
	return pidmap_next_zero_slow(s, from, end);
}

/* The same answer by a plain word-by-word scan (the benchmarks' baseline). */
int pidmap_next_zero_flat(const struct pidmap_set *s, unsigned int from,
			  unsigned int end);

/* Lowest taken number in [from, end), or -1. */
int pidmap_next_set(const struct pidmap_set *s, unsigned int from,
		    unsigned int end);

/* Within one page: lowest free offset >= off, or BITS_PER_PAGE. */
unsigned int pidmap_page_next_zero(const struct pidmap *map, unsigned int off);

/* Numbers taken in the whole set (sum over pages). */
unsigned long pidmap_weight(const struct pidmap_set *s);

/*
 * Check the invariants above; returns 0, or -EUCLEAN with a description
 * of the first violation in msg.
 */
int pidmap_check(const struct pidmap_set *s, char *msg, unsigned long len);

#endif /* PIDSIM_PIDMAP_H */
