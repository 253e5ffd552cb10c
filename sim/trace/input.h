/*
 * input.h - the input layer of the trace reader: a trace file or standard
 * input, read as lines of bounded length, and read again from the start.
 *
 * A regular file is read twice in place. Anything else (a pipe, a FIFO, a
 * terminal, a character device) cannot be read twice, so the first pass
 * keeps a copy in an unlinked temporary file (the spool) that the second
 * pass reads instead.
 *
 * Invariants:
 *  - at most max + 1 bytes of a line are ever consumed before the caller
 *    sees it: a longer line comes back cut (with *cut set) at once, so an
 *    input without newlines (/dev/zero, a pipe that never sends one) costs
 *    one buffer, never unbounded time, memory or spool;
 *  - the spool holds exactly the bytes the first pass consumed.
 */
#ifndef PIDSIM_TRACE_INPUT_H
#define PIDSIM_TRACE_INPUT_H

#include <stdbool.h>
#include <stddef.h>

struct trace_input {
	int in_fd;		/* the input, or -1 once closed */
	bool own_in;		/* in_fd is ours to close (not stdin) */
	int spool_fd;		/* copy of a non-seekable input, or -1 */
	int fd;			/* what the reader reads: in_fd or spool_fd */
	bool spooling;		/* first pass: copy what is read to the spool */
	char *rbuf;		/* cap bytes, allocated by the first read */
	size_t cap, rpos, rend;
	bool reof;
	char *cut;		/* the part of a line too long, given back */
};

/*
 * Open path ("-": standard input) for a first pass. 0 or -errno
 * (-EISDIR for a directory). On failure *in is still safe to close.
 */
int trace_input_open(struct trace_input *in, const char *path);

/*
 * The next line, without its LF, NUL-terminated, in *line: the reader's
 * own buffer, which the caller may change in place up to the NUL and which
 * stays valid until the next call (lines are not copied: a replay reads
 * millions). *len is the number of bytes kept: at most max + 1, with *cut
 * set when the line is longer than that (nothing more of it has been
 * consumed). max must be the same on every call. Returns 1, 0 at the end
 * of the input, or -errno (-ENOMEM).
 */
int trace_input_read_line(struct trace_input *in, char **line, size_t max,
			  size_t *len, bool *cut);

/*
 * Start again from the first byte, for the second pass: from the spool
 * when there is one (the first pass must have read the input to its end).
 * 0 or -errno.
 */
int trace_input_rewind(struct trace_input *in);

/* Close what is open; *in may be closed again. */
void trace_input_close(struct trace_input *in);

#endif /* PIDSIM_TRACE_INPUT_H */
