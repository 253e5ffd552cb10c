/*
 * fuzz_parser.c - libFuzzer harness of the trace parser (sim/trace.c).
 *
 * The input bytes are a trace file. The harness opens it with trace_open()
 * (error messages go to /dev/null, but are formatted all the same) and, when
 * it is accepted, streams every statement with trace_next() and checks:
 *
 *  - pass 2 never fails on an input that pass 1 accepted (-ESTALE would mean
 *    the two passes disagree), and yields trace_statement_count() statements;
 *  - every statement is well formed: label ids inside the label table, the
 *    creating label of a fork or clone never seen before, counts inside
 *    their bounds, argv inside the statement's own buffer;
 *  - expansion is faithful: the expanded statements, written back as text
 *    ("OP ARGS => R", one a line), parse again to the same statements.
 *
 * Any violation aborts with a message (a crash to libFuzzer): a parser bug.
 * The input lives in a memfd named by its /proc/self/fd path, because
 * trace_open() takes a path and reads the file twice.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memfd_create */
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sim/trace/stmt.h"
#include "tests/fuzz/range_filter.h"
#include "sim/trace/trace.h"

#define STREAM_MAX	50000	/* statements streamed from one input */
#define ROUNDTRIP_MAX	2000	/* statements written back and re-parsed */

struct files {
	int in_fd, rt_fd;		/* the input; the written-back trace */
	char in_path[64], rt_path[64];
	FILE *devnull;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz_parser: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static int memfd(const char *name, char *path, size_t len)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		fail("memfd_create: %s", strerror(errno));
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

static struct files *files(void)
{
	static struct files f;

	if (!f.devnull) {
		f.in_fd = memfd("fuzz-parser-in", f.in_path, sizeof(f.in_path));
		f.rt_fd = memfd("fuzz-parser-rt", f.rt_path, sizeof(f.rt_path));
		f.devnull = fopen("/dev/null", "w");
		if (!f.devnull)
			fail("/dev/null: %s", strerror(errno));
	}
	return &f;
}

static void put(int fd, const void *data, size_t size)
{
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		fail("writing a memfd: %s", strerror(errno));
}

static bool in_buf(const struct stmt *st, const char *p)
{
	return p >= st->buf && p < st->buf + sizeof(st->buf) &&
	       memchr(p, '\0', (size_t)(st->buf + sizeof(st->buf) - p));
}

static void check_label(const struct trace *t, int id, bool none_ok,
			const char *what)
{
	if (id == LABEL_NONE && none_ok)
		return;
	if (id < 0 || id >= trace_label_count(t) || !trace_label_name(t, id))
		fail("%s: label id %d outside the table of %d", what, id,
		     trace_label_count(t));
}

/* One statement on its own; *created is the highest label id seen so far. */
static void check_stmt(const struct trace *t, const struct stmt *st, int *created)
{
	bool creates = st->op == OP_FORK || st->op == OP_CLONE;
	int i;

	if (st->op < 0 || st->op >= OP__COUNT)
		fail("op %d", (int)st->op);
	check_label(t, st->label[0], false, "actor");
	check_label(t, st->label[1], true, "second label");
	if (creates) {
		/* labels are numbered in order of creation */
		if (st->label[1] != *created + 1)
			fail("line %u creates label %d after %d", st->line,
			     st->label[1], *created);
		*created = st->label[1];
	} else if (st->label[0] > *created || st->label[1] > *created) {
		fail("line %u uses a label before its creation", st->line);
	}
	if (st->set_tid_size < 0 || st->set_tid_size > SET_TID_MAX ||
	    !!(st->flags & STMT_SET_TID) != (st->set_tid_size > 0))
		fail("line %u: set_tid_size %d flags %#x", st->line,
		     st->set_tid_size, st->flags);
	check_label(t, st->label[2], true, "setpgid's child");
	if (st->has_expectation && st->expect.kind == OC_LABEL)
		check_label(t, st->expect.label, false, "label result");
	if (st->npairs < 0 || st->npairs > EXPECT_PAIRS_MAX ||
	    (st->op == OP_EXPECT || st->op == OP_SHOW) != (st->npairs > 0))
		fail("line %u: %d pairs", st->line, st->npairs);
	for (i = 0; i < st->npairs; i++) {
		const struct expect_pair *p = &st->pairs[i];

		if (p->key == EK_PARENT || p->key == EK_PID_AT)
			check_label(t, p->label, p->key == EK_PARENT, "pair");
		/* show's keys carry no value */
		if (p->key == EK_NSPID && st->op == OP_EXPECT &&
		    (p->nspid.n < 1 || p->nspid.n > NSPID_MAX))
			fail("line %u: nspid of %d levels", st->line, p->nspid.n);
	}
	if (st->argc < 1 || st->argc > STMT_ARGS_MAX)
		fail("line %u: argc %d", st->line, st->argc);
	for (i = 0; i < st->argc; i++)
		if (!in_buf(st, st->argv[i]) || !*st->argv[i])
			fail("line %u: argv[%d] outside the buffer or empty", st->line, i);
	if (st->has_expectation != (st->expect_text != NULL) ||
	    (st->expect_text && !in_buf(st, st->expect_text)))
		fail("line %u: expectation text", st->line);
	if (st->has_expectation && st->op == OP_EXPECT)
		fail("line %u: an expect with `=> R`", st->line);
}

/* Append st as one line of text to *text (grown as needed). */
static void write_back(char **text, size_t *len, size_t *cap,
		       const struct stmt *st)
{
	size_t need = strlen(stmt_op_name(st->op)) + 8 + sizeof(st->buf) +
		      (size_t)st->argc;
	int i;

	if (*len + need > *cap) {
		*cap = (*len + need) * 2;
		*text = realloc(*text, *cap);
		if (!*text)
			fail("out of memory");
	}
	*len += (size_t)sprintf(*text + *len, "%s", stmt_op_name(st->op));
	for (i = 0; i < st->argc; i++)
		*len += (size_t)sprintf(*text + *len, " %s", st->argv[i]);
	if (st->expect_text)
		*len += (size_t)sprintf(*text + *len, " => %s", st->expect_text);
	(*text)[(*len)++] = '\n';
}

static const char *name_of(const struct trace *t, int id)
{
	return id == LABEL_NONE ? "-" : trace_label_name(t, id);
}

/* Are a (from t) and b (from u) the same statement, labels by name? */
static void same_stmt(const struct trace *t, const struct stmt *a,
		      const struct trace *u, const struct stmt *b,
		      unsigned long long k)
{
	int i;

	if (a->op != b->op || a->flags != b->flags || a->value != b->value ||
	    a->set_tid_size != b->set_tid_size || a->npairs != b->npairs ||
	    a->has_expectation != b->has_expectation || a->argc != b->argc)
		fail("statement %llu (line %u) differs once written back", k, a->line);
	for (i = 0; i < 2; i++)
		if (strcmp(name_of(t, a->label[i]), name_of(u, b->label[i])))
			fail("statement %llu: label %s became %s", k,
			     name_of(t, a->label[i]), name_of(u, b->label[i]));
	if (memcmp(a->set_tid, b->set_tid, (size_t)a->set_tid_size * sizeof(int)))
		fail("statement %llu: set_tid differs", k);
	for (i = 0; i < a->argc; i++)
		if (strcmp(a->argv[i], b->argv[i]))
			fail("statement %llu: argument '%s' became '%s'", k,
			     a->argv[i], b->argv[i]);
	for (i = 0; i < a->npairs; i++) {
		const struct expect_pair *p = &a->pairs[i], *q = &b->pairs[i];

		if (p->key != q->key || p->value != q->value ||
		    (p->key == EK_STATE && p->state != q->state) ||
		    (p->key == EK_NSPID &&
		     (p->nspid.n != q->nspid.n ||
		      memcmp(p->nspid.nr, q->nspid.nr,
			     (size_t)p->nspid.n * sizeof(int)))) ||
		    ((p->key == EK_PARENT || p->key == EK_PID_AT) &&
		     strcmp(name_of(t, p->label), name_of(u, q->label))))
			fail("statement %llu: pair %d differs", k, i);
	}
	if (a->has_expectation &&
	    (a->expect.kind != b->expect.kind || a->expect.err != b->expect.err ||
	     (a->expect.kind == OC_NSPID &&
	      (a->expect.nspid.n != b->expect.nspid.n ||
	       memcmp(a->expect.nspid.nr, b->expect.nspid.nr,
		      (size_t)a->expect.nspid.n * sizeof(int))))))
		fail("statement %llu: expectation differs", k);
}

static void roundtrip(struct files *f, struct trace *t, const char *text,
		      size_t len, unsigned long long count)
{
	struct stmt *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	unsigned long long k;
	struct trace *u;
	int ra, rb;

	if (!a || !b)
		fail("out of memory");
	put(f->rt_fd, text, len);
	u = trace_open(f->rt_path, stderr);
	if (!u)
		fail("the expanded statements, written back, are refused");
	if (trace_statement_count(u) != count)
		fail("%llu statements written back, %llu read", count,
		     trace_statement_count(u));
	if (trace_rewind(t))
		fail("trace_rewind");
	for (k = 0;; k++) {
		ra = trace_next(t, a);
		rb = trace_next(u, b);
		if (ra != rb)
			fail("statement %llu: trace_next %d, written back %d", k, ra, rb);
		if (ra <= 0)
			break;
		same_stmt(t, a, u, b, k);
	}
	trace_close(u);
	free(a);
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct files *f = files();
	unsigned long long k = 0, count;
	char *text = NULL;
	size_t len = 0, cap = 0;
	struct stmt *st;
	struct trace *t;
	int rc, created = LABEL_INIT;

	if (costly_ranges(data, size))
		return 0;
	put(f->in_fd, data, size);
	t = trace_open(f->in_path, f->devnull);
	if (!t)
		return 0;
	st = malloc(sizeof(*st));
	if (!st)
		fail("out of memory");
	count = trace_statement_count(t);
	if (trace_label_count(t) < 1 || strcmp(trace_label_name(t, 0), "init"))
		fail("label 0 is not init");
	while (k < STREAM_MAX && (rc = trace_next(t, st)) != 0) {
		if (rc < 0)
			fail("trace_next: %s after %llu statements", strerror(-rc), k);
		check_stmt(t, st, &created);
		if (count <= ROUNDTRIP_MAX)
			write_back(&text, &len, &cap, st);
		k++;
	}
	if (k < STREAM_MAX && k != count)
		fail("%llu statements streamed, trace_statement_count says %llu",
		     k, count);
	if (k < STREAM_MAX && created != trace_label_count(t) - 1)
		fail("%d labels created, the table has %d", created + 1,
		     trace_label_count(t));
	if (count <= ROUNDTRIP_MAX)
		roundtrip(f, t, text ? text : "", len, count);
	free(text);
	free(st);
	trace_close(t);
	return 0;
}
