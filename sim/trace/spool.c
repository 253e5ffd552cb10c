/*
 * spool.c - statements kept between the passes (spool.h).
 *
 * A record is a fixed header (struct rec), then the variable parts in this
 * order: argv as offsets into buf, the expectation's numbers, set_tid, the
 * expect pairs, the used bytes of buf; padded to four bytes.
 *
 * Records stay in the buffer while it holds them all, as it does for most
 * traces; the first record that does not fit creates the file and the
 * buffer becomes its write buffer, flushed before a record could not fit,
 * so that a record is never split on the write side. Reading refills
 * before a record it does not hold.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fdio.h"
#include "lib/tmpfile.h"
#include "sim/trace/spool.h"

#define SPOOL_BUF	(4 * 1024 * 1024)
#define NO_TEXT		UINT16_MAX

struct rec {
	uint32_t size;		/* of the whole record, padding included */
	uint32_t line, column;
	int32_t label[3];
	uint32_t flags;
	int32_t value, sig, version;
	int32_t x_kind, x_err, x_label;
	uint16_t buf_len;
	uint16_t text_off;	/* expect_text - buf, or NO_TEXT */
	uint8_t op, argc, set_tid_size, npairs, x_n, has_expectation;
};

/* A pair: key, label, value, state, the count of numbers; then the numbers. */
#define PAIR_HEAD	5

#define REC_MAX	(sizeof(struct rec) + STMT_ARGS_MAX * sizeof(uint16_t) +	\
		 NSPID_MAX * sizeof(int32_t) + SET_TID_MAX * sizeof(int32_t) +	\
		 EXPECT_PAIRS_MAX * (PAIR_HEAD + NSPID_MAX) * sizeof(int32_t) +	\
		 sizeof(((struct stmt *)0)->buf) + 4)

void stmt_spool_init(struct stmt_spool *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

int stmt_spool_open(struct stmt_spool *sp)
{
	stmt_spool_init(sp);
	sp->buf = malloc(SPOOL_BUF);
	return sp->buf ? 0 : -ENOMEM;
}

/* What the buffer holds, to the file, which the first call creates. */
static int write_out(struct stmt_spool *sp)
{
	int rc;

	if (sp->fd < 0) {
		sp->fd = tmpfile_unlinked("pidsim-stmts");
		if (sp->fd < 0) {
			rc = sp->fd;
			sp->fd = -1;
			return rc;
		}
	}
	rc = write_all(sp->fd, sp->buf, sp->end);
	if (!rc)
		sp->end = 0;
	return rc;
}

/*
 * A statement's bytes of buf, usually a dozen, a word at a time: memcpy()
 * of a size known only at run time became `rep movsq`, whose start-up cost
 * was four tenths of stmt_spool_get().
 */
static inline void copy_bytes(char *dst, const char *src, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, src + i, 8);
		memcpy(dst + i, &w, 8);
	}
	for (; i < n; i++)
		dst[i] = src[i];
}

static inline char *put(char *p, const void *v, size_t n)
{
	memcpy(p, v, n);
	return p + n;
}

static inline char *put_i32(char *p, int v)
{
	int32_t x = v;

	return put(p, &x, sizeof(x));
}

int stmt_spool_put(struct stmt_spool *sp, const struct stmt *st, size_t buf_used)
{
	struct rec *r;
	char *start, *p;
	int i, k, rc;

	if (st->argc < 0 || st->argc > STMT_ARGS_MAX ||
	    st->set_tid_size < 0 || st->set_tid_size > SET_TID_MAX ||
	    st->npairs < 0 || st->npairs > EXPECT_PAIRS_MAX ||
	    st->expect.nspid.n < 0 || st->expect.nspid.n > NSPID_MAX ||
	    buf_used > sizeof(st->buf))
		return -EINVAL;
	if (SPOOL_BUF - sp->end < REC_MAX) {
		rc = write_out(sp);
		if (rc)
			return rc;
	}
	/*
	 * The header is written in place (records start at multiples of
	 * four, its alignment): put together on the stack and copied, its
	 * narrow stores stalled the wide loads of the copy.
	 */
	start = sp->buf + sp->end;
	r = (struct rec *)(void *)start;
	r->line = st->line;
	r->column = st->column;
	for (i = 0; i < 3; i++)
		r->label[i] = st->label[i];
	r->flags = st->flags;
	r->value = st->value;
	r->sig = st->sig;
	r->version = st->version;
	r->x_kind = (int32_t)st->expect.kind;
	r->x_err = st->expect.err;
	r->x_label = st->expect.label;
	r->buf_len = (uint16_t)buf_used;
	r->text_off = st->expect_text ? (uint16_t)(st->expect_text - st->buf) : NO_TEXT;
	r->op = (uint8_t)st->op;
	r->argc = (uint8_t)st->argc;
	r->set_tid_size = (uint8_t)st->set_tid_size;
	r->npairs = (uint8_t)st->npairs;
	r->x_n = (uint8_t)st->expect.nspid.n;
	r->has_expectation = st->has_expectation;

	p = start + sizeof(*r);
	for (i = 0; i < st->argc; i++) {
		uint16_t off = (uint16_t)(st->argv[i] - st->buf);

		p = put(p, &off, sizeof(off));
	}
	for (i = 0; i < st->expect.nspid.n; i++)
		p = put_i32(p, st->expect.nspid.nr[i]);
	for (i = 0; i < st->set_tid_size; i++)
		p = put_i32(p, st->set_tid[i]);
	for (i = 0; i < st->npairs; i++) {
		const struct expect_pair *pair = &st->pairs[i];
		int n = pair->nspid.n < 0 ? 0 :
			pair->nspid.n > NSPID_MAX ? NSPID_MAX : pair->nspid.n;

		p = put_i32(p, (int)pair->key);
		p = put_i32(p, pair->label);
		p = put_i32(p, pair->value);
		p = put_i32(p, (int)pair->state);
		p = put_i32(p, n);
		for (k = 0; k < n; k++)
			p = put_i32(p, pair->nspid.nr[k]);
	}
	copy_bytes(p, st->buf, buf_used);
	p += buf_used;
	while ((p - start) % 4)
		*p++ = 0;
	r->size = (uint32_t)(p - start);
	sp->end += r->size;
	sp->bytes += r->size;
	return 0;
}

int stmt_spool_rewind(struct stmt_spool *sp)
{
	int rc;

	if (sp->fd < 0) {
		/* every record is in the buffer, and stays there */
		sp->reading = true;
		sp->eof = true;
		sp->pos = 0;
		return 0;
	}
	if (!sp->reading) {
		rc = write_out(sp);
		if (rc)
			return rc;
	}
	if (lseek(sp->fd, 0, SEEK_SET) < 0)
		return -errno;
	sp->reading = true;
	sp->eof = false;
	sp->pos = sp->end = 0;
	return 0;
}

/* At least want unread bytes in the buffer, unless the file ends first. */
static int refill(struct stmt_spool *sp, size_t want)
{
	size_t have = sp->end - sp->pos;

	if (sp->fd < 0)
		return 0;	/* all in the buffer, which a rewind reads again */
	if (sp->pos) {
		memmove(sp->buf, sp->buf + sp->pos, have);
		sp->pos = 0;
		sp->end = have;
	}
	while (sp->end < want && !sp->eof) {
		ssize_t n = read(sp->fd, sp->buf + sp->end, SPOOL_BUF - sp->end);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			sp->eof = true;
		sp->end += (size_t)n;
	}
	return 0;
}

static inline const char *get(const char *p, void *v, size_t n)
{
	memcpy(v, p, n);
	return p + n;
}

static inline const char *get_i32(const char *p, int *v)
{
	int32_t x;

	p = get(p, &x, sizeof(x));
	*v = x;
	return p;
}

int stmt_spool_get(struct stmt_spool *sp, struct stmt *st, const char *file)
{
	const struct rec *r;
	const char *p, *end;
	uint32_t size;
	int i, k, rc;

	if (sp->end - sp->pos < sizeof(*r)) {
		rc = refill(sp, sizeof(*r));
		if (rc)
			return rc;
		if (sp->end == sp->pos)
			return 0;
		if (sp->end - sp->pos < sizeof(*r))
			return -EIO;
	}
	memcpy(&size, sp->buf + sp->pos, sizeof(size));
	if (size < sizeof(*r) || size > REC_MAX || size % 4)
		return -EIO;
	if (sp->end - sp->pos < size) {
		rc = refill(sp, size);
		if (rc)
			return rc;
		if (sp->end - sp->pos < size)
			return -EIO;
	}
	/* read in place: records start at multiples of four, its alignment */
	r = (const struct rec *)(const void *)(sp->buf + sp->pos);
	if (r->argc > STMT_ARGS_MAX || r->set_tid_size > SET_TID_MAX ||
	    r->npairs > EXPECT_PAIRS_MAX || r->x_n > NSPID_MAX ||
	    r->buf_len > sizeof(st->buf) ||
	    (r->text_off != NO_TEXT && r->text_off >= r->buf_len))
		return -EIO;
	p = sp->buf + sp->pos + sizeof(*r);
	end = sp->buf + sp->pos + size;

	st->file = file;
	st->line = r->line;
	st->column = r->column;
	st->op = (enum stmt_op)r->op;
	for (i = 0; i < 3; i++)
		st->label[i] = r->label[i];
	st->flags = r->flags;
	st->value = r->value;
	st->sig = r->sig;
	st->version = r->version;
	st->has_expectation = r->has_expectation;
	st->expect.kind = (enum outcome)r->x_kind;
	st->expect.err = r->x_err;
	st->expect.label = r->x_label;
	st->argc = r->argc;
	for (i = 0; i < r->argc; i++) {
		uint16_t off;

		p = get(p, &off, sizeof(off));
		if (off >= r->buf_len)
			return -EIO;
		st->argv[i] = st->buf + off;
	}
	st->expect.nspid.n = r->x_n;
	for (i = 0; i < r->x_n; i++)
		p = get_i32(p, &st->expect.nspid.nr[i]);
	st->set_tid_size = r->set_tid_size;
	for (i = 0; i < r->set_tid_size; i++)
		p = get_i32(p, &st->set_tid[i]);
	st->npairs = r->npairs;
	for (i = 0; i < r->npairs; i++) {
		struct expect_pair *pair = &st->pairs[i];
		int v, n;

		if (end - p < (long)(PAIR_HEAD * sizeof(int32_t)))
			return -EIO;
		p = get_i32(p, &v);
		pair->key = (enum expect_key)v;
		p = get_i32(p, &pair->label);
		p = get_i32(p, &pair->value);
		p = get_i32(p, &v);
		pair->state = (enum proc_state)v;
		p = get_i32(p, &n);
		if (n < 0 || n > NSPID_MAX || end - p < (long)(n * sizeof(int32_t)))
			return -EIO;
		pair->nspid.n = n;
		for (k = 0; k < n; k++)
			p = get_i32(p, &pair->nspid.nr[k]);
	}
	if (end - p < (long)r->buf_len)
		return -EIO;
	copy_bytes(st->buf, p, r->buf_len);
	st->expect_text = r->text_off == NO_TEXT ? NULL : st->buf + r->text_off;
	sp->pos += size;
	return 1;
}

void stmt_spool_close(struct stmt_spool *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->buf);
	stmt_spool_init(sp);
}
