/*
 * numparse.h - numbers from the command line.
 *
 * A number is decimal digits and nothing else: no sign, no space, no
 * suffix, no hexadecimal, so "-1" is never read as a huge unsigned value
 * and "10x" is never read as 10.
 */
#ifndef PIDSIM_LIB_NUMPARSE_H
#define PIDSIM_LIB_NUMPARSE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * parse_u64 - store the decimal number s in *v when it lies in [lo, hi].
 * Returns false, leaving *v unspecified, for anything else (empty, a sign,
 * trailing characters, out of range or overflow).
 */
bool parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *v);

/* parse_u64() for an unsigned int in [lo, hi]. */
bool parse_uint(const char *s, unsigned int lo, unsigned int hi, unsigned int *v);

#endif /* PIDSIM_LIB_NUMPARSE_H */
