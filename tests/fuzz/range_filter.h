/*
 * range_filter.h - keep the trace harnesses fast: an input whose ranges
 * would expand to more than RANGE_SPAN_MAX statements in all, yet not so
 * many that the parser refuses them at once (TRACE_RANGE_MAX), spends its
 * time creating labels, not finding bugs: libFuzzer's corpus filled with
 * such inputs and fell to a few runs a second. Those inputs are skipped;
 * big traces are the business of tests/parse (parse.stream_10m).
 */
#ifndef PIDSIM_RANGE_FILTER_H
#define PIDSIM_RANGE_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/trace/trace.h"

#define RANGE_SPAN_MAX	20000

/* Do the `{A..B}` in data add up to a costly but acceptable expansion? */
static inline bool costly_ranges(const uint8_t *data, size_t size)
{
	unsigned long long total = 0;
	size_t i = 0;

	while (i < size) {
		long long a = 0, b = 0;
		bool neg_a = false, neg_b = false;
		size_t j;

		if (data[i++] != '{')
			continue;
		j = i;
		if (j < size && data[j] == '-')
			neg_a = true, j++;
		while (j < size && data[j] >= '0' && data[j] <= '9' && a < (1LL << 40))
			a = a * 10 + (data[j++] - '0');
		if (j + 1 >= size || data[j] != '.' || data[j + 1] != '.')
			continue;
		j += 2;
		if (j < size && data[j] == '-')
			neg_b = true, j++;
		while (j < size && data[j] >= '0' && data[j] <= '9' && b < (1LL << 40))
			b = b * 10 + (data[j++] - '0');
		if (neg_a)
			a = -a;
		if (neg_b)
			b = -b;
		if (b >= a && b - a < TRACE_RANGE_MAX)
			total += (unsigned long long)(b - a + 1);
	}
	return total > RANGE_SPAN_MAX;
}

#endif /* PIDSIM_RANGE_FILTER_H */
