/*
 * spool.h - the statements of a trace, as pass 1 produced them, kept for
 * pass 2 to read back instead of parsing the input a second time: in
 * memory while they fit in one buffer (4 MiB, some 90 000 statements),
 * else in a private temporary file.
 *
 * A record holds one statement, ranges already expanded: its fields, the
 * used parts of its arrays, and the bytes of buf that argv and expect_text
 * point into (as offsets). The file is the process's own (tmpfile.h) and
 * is read back in the order written, so the layout is native and private.
 *
 * Invariants: memory is one fixed buffer whatever the number of
 * statements; past it the disk grows, by a few tens of bytes a statement;
 * a record is written and read whole, and stmt_spool_get() gives back
 * exactly the fields stmt_spool_put() was given (the tails of arrays past
 * their counts are not kept).
 */
#ifndef PIDSIM_TRACE_SPOOL_H
#define PIDSIM_TRACE_SPOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/trace/stmt.h"

struct stmt_spool {
	int fd;			/* -1 while every record is in buf */
	char *buf;
	size_t pos, end;	/* writing: end bytes pending; reading: unread pos..end */
	bool reading;
	bool eof;
	unsigned long long bytes;	/* written so far */
};

/* A new, empty spool, for writing. 0, or -ENOMEM. */
int stmt_spool_open(struct stmt_spool *sp);

/*
 * Append st, whose argv and expect_text point into its own buf, of which
 * buf_used bytes are in use. 0, or -errno: the file cannot be created (no
 * writable $TMPDIR) or written (a full disk: -ENOSPC).
 */
int stmt_spool_put(struct stmt_spool *sp, const struct stmt *st, size_t buf_used);

/* Flush what was written and read it from the first record. 0 or -errno. */
int stmt_spool_rewind(struct stmt_spool *sp);

/*
 * The next statement into st, its file set to file: 1, 0 after the last,
 * -errno (-EIO for a record cut short: the spool was changed under us).
 */
int stmt_spool_get(struct stmt_spool *sp, struct stmt *st, const char *file);

/* Close it; may be called again, and on a spool never opened after
 * stmt_spool_init(). */
void stmt_spool_close(struct stmt_spool *sp);

/* A closed spool, safe to close. */
void stmt_spool_init(struct stmt_spool *sp);

#endif /* PIDSIM_TRACE_SPOOL_H */
