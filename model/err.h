/*
 * err.h - error values carried in pointers, as the kernel's <linux/err.h>:
 * a function returning an object returns either the object or
 * ERR_PTR(-errno). The top 4095 addresses are never valid objects.
 */
#ifndef PIDSIM_ERR_H
#define PIDSIM_ERR_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_ERRNO	4095

static inline void *ERR_PTR(long error)
{
	return (void *)(intptr_t)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)(intptr_t)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (uintptr_t)ptr >= (uintptr_t)-MAX_ERRNO;
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

#endif /* PIDSIM_ERR_H */
