/*
 * numparse.c - numbers from the command line (numparse.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "lib/numparse.h"

bool parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n < lo || n > hi)
		return false;
	*v = n;
	return true;
}

bool parse_uint(const char *s, unsigned int lo, unsigned int hi, unsigned int *v)
{
	uint64_t n;

	if (!parse_u64(s, lo, hi, &n))
		return false;
	*v = (unsigned int)n;
	return true;
}
