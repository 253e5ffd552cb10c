/*
 * util.h - the few macros every layer uses.
 */
#ifndef PIDSIM_LIB_UTIL_H
#define PIDSIM_LIB_UTIL_H

#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Write v in decimal with the unlocked stdio calls: the output of a run
 * writes millions of numbers, and printf's parsing costs more than this.
 */
static inline void put_uint_unlocked(FILE *out, unsigned long long v)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_unlocked(tmp[--n], out);
}

#endif /* PIDSIM_LIB_UTIL_H */
