/*
 * fdio.h - writing to a file descriptor without stdio: every byte, across
 * short writes and interrupted calls.
 */
#ifndef PIDSIM_LIB_FDIO_H
#define PIDSIM_LIB_FDIO_H

#include <stddef.h>

/* Write the n bytes at p to fd: 0, or -errno of the write that failed. */
int write_all(int fd, const void *p, size_t n);

#endif /* PIDSIM_LIB_FDIO_H */
