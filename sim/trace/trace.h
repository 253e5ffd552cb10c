/*
 * trace.h - reading trace files (docs/trace-language.md).
 *
 * A trace is read twice: trace_open() validates the whole file and builds
 * the label table, so that a malformed trace is refused before anything
 * runs; trace_next() then streams the statements again, expanding ranges
 * lazily. Memory grows with the number of distinct labels, never with the
 * number of statements. Standard input ("-") is spooled to a temporary
 * file on the first pass.
 */
#ifndef PIDSIM_TRACE_H
#define PIDSIM_TRACE_H

#include <stdio.h>

#include "sim/trace/stmt.h"

/*
 * Limits of one trace. Each is refused with a FILE:LINE:COLUMN error that
 * names it, never silently truncated.
 */
#define TRACE_LABELS_MAX	(1 << 20)	/* distinct labels, init included */
#define TRACE_RANGE_MAX		(1 << 20)	/* statements one range expands to */

struct trace;

/*
 * Open and validate path ("-" for standard input). On a malformed trace,
 * print "FILE:LINE:COLUMN: what is wrong" (and the line with a caret) to
 * err and return NULL; on an I/O error print "FILE: reason" and return NULL.
 */
struct trace *trace_open(const char *path, FILE *err);

/* Labels: ids 0 .. trace_label_count()-1; id 0 is "init". */
int trace_label_count(const struct trace *t);
const char *trace_label_name(const struct trace *t, int id);
const char *const *trace_label_names(const struct trace *t);
const char *trace_path(const struct trace *t);

/* Number of statements after range expansion (known after trace_open). */
unsigned long long trace_statement_count(const struct trace *t);

/* Go back to the first statement. Returns 0 or -errno. */
int trace_rewind(struct trace *t);

/*
 * Fill *st with the next statement: 1, 0 at the end, -errno on I/O error.
 * -ESTALE means the file no longer reads as it did in trace_open() (it was
 * changed meanwhile); the statements already returned were valid.
 * Every field of *st that the statement uses is written; st may be reused
 * from call to call and is never kept by the trace.
 */
int trace_next(struct trace *t, struct stmt *st);

void trace_close(struct trace *t);

#endif /* PIDSIM_TRACE_H */
