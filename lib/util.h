/*
 * util.h - the few macros every layer uses.
 */
#ifndef PIDSIM_LIB_UTIL_H
#define PIDSIM_LIB_UTIL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* PIDSIM_LIB_UTIL_H */
