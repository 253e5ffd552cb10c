/*
 * tmpfile.c - a private temporary file (tmpfile.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* mkostemp */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/tmpfile.h"

int tmpfile_unlinked(const char *prefix)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if (snprintf(path, sizeof(path), "%s/%s-XXXXXX", dir, prefix) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	unlink(path);
	return fd;
}
