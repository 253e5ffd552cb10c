/*
 * pidmap.c - the per-namespace bitmap of taken numbers, with two summary
 * levels so that the search for a free number skips full words and full
 * pages. See pidmap.h for the invariants.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/pidmap.h"

#define WORD_FULL	PIDMAP_WORD_FULL

/* The summary of a page lives right after its bitmap words. */
static inline uint64_t *page_summary(const struct pidmap *map)
{
	return map->page + PIDMAP_WORDS;
}

static inline unsigned int ctz64(uint64_t x)
{
	return (unsigned int)__builtin_ctzll(x);
}

/* Lowest clear bit >= from in a summary of nbits bits, or nbits. */
static unsigned int summary_next_clear(const uint64_t *sum, unsigned int nbits,
				       unsigned int from)
{
	unsigned int w;
	uint64_t word;

	if (from >= nbits)
		return nbits;
	w = from / 64;
	word = sum[w] | (((uint64_t)1 << (from % 64)) - 1);
	for (;;) {
		if (word != WORD_FULL) {
			unsigned int bit = w * 64 + ctz64(~word);

			return bit < nbits ? bit : nbits;
		}
		if (++w >= (nbits + 63) / 64)
			return nbits;
		word = sum[w];
	}
}

void pidmap_init(struct pidmap_set *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < PIDMAP_ENTRIES; i++)
		s->map[i].nr_free = BITS_PER_PAGE;
}

void pidmap_destroy(struct pidmap_set *s)
{
	unsigned int i;

	for (i = 0; i < PIDMAP_ENTRIES; i++) {
		if (!s->map[i].page)
			continue;
		free(s->map[i].page);
		s->map[i].page = NULL;
	}
}

int pidmap_page_alloc(struct pidmap *map)
{
	map->page = calloc(PIDMAP_WORDS + PIDMAP_SUMMARY, sizeof(uint64_t));
	return map->page ? 0 : -ENOMEM;
}

unsigned int pidmap_page_next_zero(const struct pidmap *map, unsigned int off)
{
	unsigned int w;
	uint64_t word;

	if (off >= BITS_PER_PAGE)
		return BITS_PER_PAGE;
	if (!map->page)
		return off;
	if (map->nr_free == 0)
		return BITS_PER_PAGE;
	w = off / 64;
	word = map->page[w] | ((((uint64_t)1) << (off % 64)) - 1);
	if (word != WORD_FULL)
		return w * 64 + ctz64(~word);
	w = summary_next_clear(page_summary(map), PIDMAP_WORDS, w + 1);
	if (w >= PIDMAP_WORDS)
		return BITS_PER_PAGE;
	return w * 64 + ctz64(~map->page[w]);
}

int pidmap_next_zero_slow(const struct pidmap_set *s, unsigned int from,
			  unsigned int end)
{
	unsigned int p, off, nr;

	if (end > PID_MAX_LIMIT)
		end = PID_MAX_LIMIT;
	while (from < end) {
		p = summary_next_clear(s->page_full, PIDMAP_ENTRIES,
				       from / BITS_PER_PAGE);
		if (p >= PIDMAP_ENTRIES)
			return -1;
		if (p != from / BITS_PER_PAGE)
			from = p * BITS_PER_PAGE;
		if (from >= end)
			return -1;
		off = pidmap_page_next_zero(&s->map[p], from & BITS_PER_PAGE_MASK);
		if (off < BITS_PER_PAGE) {
			nr = p * BITS_PER_PAGE + off;
			return nr < end ? (int)nr : -1;
		}
		from = (p + 1) * BITS_PER_PAGE;
	}
	return -1;
}

int pidmap_next_zero_flat(const struct pidmap_set *s, unsigned int from,
			  unsigned int end)
{
	unsigned int nr;

	if (end > PID_MAX_LIMIT)
		end = PID_MAX_LIMIT;
	for (nr = from; nr < end; ) {
		const struct pidmap *map = &s->map[nr / BITS_PER_PAGE];
		unsigned int off = nr & BITS_PER_PAGE_MASK;
		uint64_t word;

		if (!map->page)
			return (int)nr;
		word = map->page[off / 64] | ((((uint64_t)1) << (off % 64)) - 1);
		if (word != WORD_FULL) {
			nr = nr - off % 64 + ctz64(~word);
			return nr < end ? (int)nr : -1;
		}
		nr += 64 - off % 64;
	}
	return -1;
}

int pidmap_next_set(const struct pidmap_set *s, unsigned int from,
		    unsigned int end)
{
	unsigned int p, w;

	if (end > PID_MAX_LIMIT)
		end = PID_MAX_LIMIT;
	if (from >= end)
		return -1;
	/*
	 * Page by page, skipping empty ones, then a tight loop over the
	 * page's words: a dying namespace's init asks for every number of a
	 * page that is mostly empty, and the loop runs to its end.
	 */
	for (p = from / BITS_PER_PAGE; p <= (end - 1) / BITS_PER_PAGE; p++) {
		const struct pidmap *map = &s->map[p];
		uint64_t word;

		if (!map->page || map->nr_free == BITS_PER_PAGE)
			continue;
		w = 0;
		word = map->page[0];
		if (p == from / BITS_PER_PAGE) {
			w = (from & BITS_PER_PAGE_MASK) / 64;
			word = map->page[w] & ~((((uint64_t)1) << (from % 64)) - 1);
		}
		while (!word && ++w < PIDMAP_WORDS)
			word = map->page[w];
		if (word) {
			unsigned int nr = p * BITS_PER_PAGE + w * 64 + ctz64(word);

			return nr < end ? (int)nr : -1;
		}
	}
	return -1;
}

unsigned long pidmap_weight(const struct pidmap_set *s)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < PIDMAP_ENTRIES; i++)
		n += BITS_PER_PAGE - s->map[i].nr_free;
	return n;
}

int pidmap_check(const struct pidmap_set *s, char *msg, unsigned long len)
{
	unsigned int p, w;

	for (p = 0; p < PIDMAP_ENTRIES; p++) {
		const struct pidmap *map = &s->map[p];
		unsigned int bits = 0;
		bool page_full = (s->page_full[p / 64] >> (p % 64)) & 1;

		if (!map->page) {
			if (map->nr_free != BITS_PER_PAGE || page_full) {
				snprintf(msg, len, "pidmap page %u: no memory but nr_free %u",
					 p, map->nr_free);
				return -EUCLEAN;
			}
			continue;
		}
		for (w = 0; w < PIDMAP_WORDS; w++) {
			bool full = (page_summary(map)[w / 64] >> (w % 64)) & 1;

			bits += (unsigned int)__builtin_popcountll(map->page[w]);
			if (full != (map->page[w] == WORD_FULL)) {
				snprintf(msg, len, "pidmap page %u word %u: summary says %s",
					 p, w, full ? "full" : "not full");
				return -EUCLEAN;
			}
		}
		if (map->nr_free != BITS_PER_PAGE - bits) {
			snprintf(msg, len, "pidmap page %u: nr_free %u, %u bits set",
				 p, map->nr_free, bits);
			return -EUCLEAN;
		}
		if (page_full != (map->nr_free == 0)) {
			snprintf(msg, len, "pidmap page %u: page summary wrong", p);
			return -EUCLEAN;
		}
	}
	return 0;
}
