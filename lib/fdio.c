/*
 * fdio.c - writing every byte to a file descriptor (fdio.h).
 */
#include <errno.h>
#include <unistd.h>

#include "lib/fdio.h"

int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}
