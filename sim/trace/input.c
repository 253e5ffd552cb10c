/*
 * input.c - the trace reader's input layer (input.h): buffered reads,
 * line splitting under a length bound, and the spool of a non-seekable
 * input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fdio.h"
#include "lib/tmpfile.h"
#include "sim/trace/input.h"

#define READ_CHUNK	65536

/*
 * Read more after what rbuf holds: 1, 0 at end of input, -errno. The
 * unconsumed bytes move to the front first, so that a line is always
 * whole in the buffer. While spooling, what was read is copied to the
 * spool first.
 */
static int fill(struct trace_input *in)
{
	size_t keep = in->rend - in->rpos;
	ssize_t n;
	int rc;

	if (in->rpos) {
		memmove(in->rbuf, in->rbuf + in->rpos, keep);
		in->rpos = 0;
		in->rend = keep;
	}
	do
		n = read(in->fd, in->rbuf + keep, in->cap - 1 - keep);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0) {
		in->reof = true;
		return 0;
	}
	if (in->spooling) {
		rc = write_all(in->spool_fd, in->rbuf + keep, (size_t)n);
		if (rc)
			return rc;
	}
	in->rend = keep + (size_t)n;
	return 1;
}

int trace_input_read_line(struct trace_input *in, char **line, size_t max,
			  size_t *len, bool *cut)
{
	size_t scanned = 0;
	int rc;

	*cut = false;
	if (!in->cap) {
		/* a chunk, and room for a whole line of max + 1 bytes and a NUL */
		char *b = realloc(in->rbuf, READ_CHUNK + max + 2);

		if (!b)
			return -ENOMEM;
		in->rbuf = b;
		in->cap = READ_CHUNK + max + 2;
	}
	for (;;) {
		char *p = in->rbuf + in->rpos;
		size_t avail = in->rend - in->rpos;
		char *nl = memchr(p + scanned, '\n', avail - scanned);
		size_t take = nl ? (size_t)(nl - p) : avail;

		if (take > max + 1) {
			/*
			 * Too long: the first max + 1 bytes, copied so that the
			 * rest of the line stays unread; the caller refuses it.
			 */
			if (!in->cut) {
				in->cut = malloc(max + 2);
				if (!in->cut)
					return -ENOMEM;
			}
			memcpy(in->cut, p, max + 1);
			in->cut[max + 1] = '\0';
			in->rpos += max + 1;
			*line = in->cut;
			*len = max + 1;
			*cut = true;
			return 1;
		}
		if (nl || (in->reof && avail)) {
			/* the LF, or the byte past the end, becomes the NUL */
			p[take] = '\0';
			in->rpos += take + (nl ? 1 : 0);
			*line = p;
			*len = take;
			return 1;
		}
		if (in->reof)
			return 0;
		scanned = avail;
		rc = fill(in);
		if (rc < 0)
			return rc;
	}
}

static int make_spool(struct trace_input *in)
{
	int fd = tmpfile_unlinked("pidsim-spool");

	if (fd < 0)
		return fd;
	in->spool_fd = fd;
	in->spooling = true;
	return 0;
}

int trace_input_open(struct trace_input *in, const char *path)
{
	struct stat sb;

	memset(in, 0, sizeof(*in));
	in->in_fd = in->spool_fd = in->fd = -1;
	if (strcmp(path, "-") == 0) {
		in->in_fd = STDIN_FILENO;
		in->own_in = false;
	} else {
		in->in_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->in_fd < 0)
			return -errno;
		in->own_in = true;
	}
	in->fd = in->in_fd;
	if (fstat(in->in_fd, &sb) < 0)
		return -errno;
	if (S_ISDIR(sb.st_mode))
		return -EISDIR;
	/* a pipe, a FIFO or a terminal cannot be read twice: keep a copy */
	if (!S_ISREG(sb.st_mode))
		return make_spool(in);
	return 0;
}

int trace_input_rewind(struct trace_input *in)
{
	if (in->spool_fd >= 0 && in->fd != in->spool_fd) {
		/* the first pass read the input to its end: the spool is complete */
		if (in->own_in)
			close(in->in_fd);
		in->in_fd = -1;
		in->fd = in->spool_fd;
	}
	in->spooling = false;
	if (lseek(in->fd, 0, SEEK_SET) < 0)
		return -errno;
	in->rpos = 0;
	in->rend = 0;
	in->reof = false;
	return 0;
}

void trace_input_close(struct trace_input *in)
{
	if (in->own_in && in->in_fd >= 0)
		close(in->in_fd);
	if (in->spool_fd >= 0)
		close(in->spool_fd);
	free(in->rbuf);
	free(in->cut);
	in->in_fd = in->spool_fd = in->fd = -1;
	in->own_in = false;
	in->rbuf = NULL;
	in->cut = NULL;
	in->cap = 0;
}
