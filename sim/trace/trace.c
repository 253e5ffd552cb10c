/*
 * trace.c - the trace language front end (trace.h; docs/trace-language.md).
 *
 * Pass 1 (trace_open) reads the whole input once and checks, line by line:
 * the bytes (no NUL, valid UTF-8, at most TRACE_LINE_MAX bytes), the syntax,
 * and the labels in execution order (ranges expanded), building the label
 * table. The first error is printed as FILE:LINE:COLUMN and the trace is
 * refused, so nothing runs. As it goes, pass 1 writes every statement it
 * accepted, ranges expanded, to a spool (spool.h), and pass 2 (trace_next)
 * reads them back: parsing is most of a replay's cost, and is done once.
 * Where there is no spool (no writable $TMPDIR, a full disk, a trace past
 * SPOOL_MAX_BYTES), pass 2 reads the input again and re-parses one line at
 * a time into a template (struct tmpl) from which the statements of a
 * range are produced one per call.
 *
 * Invariants:
 *  - memory is the label table plus one line, one token array, one
 *    template and the spool's buffers: nothing grows with the number of
 *    lines or statements (the spool's disk does, and is bounded);
 *  - both ways of pass 2 yield exactly the statements pass 1 accepted: the
 *    spool holds them, and a re-parse uses the same code as pass 1, so
 *    that a re-parse failure can only mean the input changed under us and
 *    is reported as -ESTALE;
 *  - label ids are dense in order of creation, 0 being "init";
 *  - columns are 1-based and count characters (UTF-8 code points), a tab
 *    being one column; offsets inside this file are bytes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem, mkostemp */
#endif
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/trace/errnames.h"
#include "sim/trace/input.h"
#include "sim/trace/spool.h"
#include "sim/trace/trace.h"


#define MAX_TOKENS	(TRACE_LINE_MAX / 2 + 2)
#define NLREF_MAX	(4 + EXPECT_PAIRS_MAX)
#define QUOTE_MAX	48	/* bytes of a token quoted in a message */

/* Where a label reference lands in struct stmt. */
enum {
	SLOT_P,			/* label[0] */
	SLOT_T,			/* label[1] */
	SLOT_C,			/* label[2]: setpgid P C G's C */
	SLOT_R,			/* expect.label: wait P any => LABEL */
	SLOT_PAIR0,		/* pairs[slot - SLOT_PAIR0].label */
};

/*
 * A label, allocated from the arena (struct label_chunk) and found through
 * an open-addressing table of pointers keyed by a word-at-a-time hash of the
 * name: replay looks up several labels per statement, so this is hot.
 */
struct label_ent {
	uint64_t hash;
	unsigned int line;	/* the line that creates it; 0 for init */
	int id;
	size_t len;
	char name[];
};

/* Labels live until trace_close(), so they are bump-allocated in chunks. */
struct label_chunk {
	struct label_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

#define LABEL_CHUNK_BYTES	(64 * 1024)

/*
 * The labels looked up last, direct-mapped by hash: a trace uses a label
 * mostly soon after the statement that creates it, while the table and the
 * arena of a trace with hundreds of thousands of labels are far larger than
 * a core's cache, so a hit here saves the two cache misses of a probe.
 */
#define RECENT_BITS		12

struct recent_label {
	uint64_t hash;
	int id;
};

/* One label as written on the line, possibly holding a range {A..B}. */
struct lref {
	unsigned short off;	/* byte offset of the label in the line */
	unsigned short len;	/* its length as written */
	unsigned short pre;	/* range: bytes before '{' */
	unsigned short post;	/* range: bytes from off to just past '}' */
	unsigned char argi;	/* argument (argv index) holding it */
	unsigned char slot;	/* SLOT_* */
	bool creates;		/* the new child of a fork or clone */
	bool range;
	int a;			/* range: the first number */
};

/*
 * A parsed line. st holds everything that does not depend on the range
 * index; argv, buf and the labels with a range are filled in by emit().
 */
struct tmpl {
	unsigned int n;			/* statements the line stands for */
	bool has_range;
	unsigned int nargs;		/* capped at STMT_ARGS_MAX + 1 */
	unsigned short aoff[STMT_ARGS_MAX + 1];
	unsigned short alen[STMT_ARGS_MAX + 1];
	signed char arange[STMT_ARGS_MAX + 1];	/* lref with a range, or -1 */
	unsigned short roff, rlen;		/* R of `=> R`; rlen 0 without */
	unsigned short rtok, rntok;		/* show: tokens of its pairs */
	unsigned int nlref;
	struct lref lref[NLREF_MAX];
	struct stmt st;
};

struct trace {
	char *path;		/* as given */
	const char *shown;	/* in messages: "<stdin>" for "-" */
	FILE *err;
	int pass;		/* 1 validating, 2 streaming */
	bool reported;		/* pass 1 printed a FILE:LINE:COLUMN error */

	struct trace_input in;

	char *line;		/* the input layer's buffer (input.h) */
	size_t len;		/* bytes in line, line end (and CR) excluded */
	bool toolong;
	bool printable;		/* the line may be echoed in a message */
	unsigned int lineno;
	bool seen_stmt;		/* a statement (or `pidsim 1`) was seen */
	int version;		/* TRACE_VERSION_* declared, 0 when none */

	unsigned int ntok, nst;	/* tokens; of them, the statement's */
	unsigned short toff[MAX_TOKENS], tlen[MAX_TOKENS];
	char qbuf[2][QUOTE_MAX * 4 + 8];
	int qnext;

	uint64_t *slots;		/* open addressing (label_slot()) */
	size_t nslots;			/* a power of two, 0 before the first */
	struct label_chunk *chunks;	/* newest first */
	const char **names;
	int nlabels, cap;
	int next_new;		/* pass 2: the id the next created label has */
	struct recent_label recent[1 << RECENT_BITS];
	unsigned long long nstmts;

	struct tmpl tp;
	unsigned int next_i;	/* next expansion of tp; tp.n when done */

	/* pass 1's statements, which pass 2 reads back while spooled */
	bool spooled;
	struct stmt_spool spool;
	struct stmt *scratch;
};

/*
 * Past this many bytes of spool (some 6 million statements), pass 2 parses
 * the input again instead: the disk a spool takes stays bounded.
 */
#define SPOOL_MAX_BYTES	(256ULL << 20)

static const char *const usage_of_op[OP__COUNT] = {
	[OP_FORK]		= "fork P C",
	[OP_CLONE]		= "clone P C [newpid] [thread] [parent] [set_tid=N,...]",
	[OP_UNSHARE]		= "unshare P newpid",
	[OP_SETNS]		= "setns P T [children]",
	[OP_EXIT]		= "exit P [thread]",
	[OP_KILL]		= "kill P T|-G|all [SIG]",
	[OP_WAIT]		= "wait P C|any",
	[OP_SETSID]		= "setsid P",
	[OP_SETPGID]		= "setpgid P [C] G",
	[OP_SUBREAPER]		= "subreaper P",
	[OP_NS_LAST_PID]	= "ns_last_pid P N",
	[OP_PID_MAX]		= "pid_max P N",
	[OP_EXPECT]		= "expect P KEY=VALUE...",
	[OP_SIGCHLD]		= "sigchld P ignore|default",
	[OP_EXEC]		= "exec P",
	[OP_SHOW]		= "show P KEY...",
};

/*
 * What a byte is to the tokenizer and to labels, from one table rather
 * than <ctype.h>: every byte of a trace passes here twice (once per pass),
 * and the locale must not widen the set. A line ends in a NUL (read_line()),
 * which stops a token as a blank does.
 */
enum {
	BC_STOP		= 1,	/* ends a token: blank, '#', the line's NUL */
	BC_BLANK	= 2,	/* space or tab */
	BC_LSTART	= 4,	/* may start a label: A-Z a-z _ */
	BC_LCHAR	= 8,	/* may go on in one: those, 0-9 . - */
};

static const unsigned char byte_class[256] = {
	['\0'] = BC_STOP, ['#'] = BC_STOP,
	[' '] = BC_STOP | BC_BLANK, ['\t'] = BC_STOP | BC_BLANK,
	['A' ... 'Z'] = BC_LSTART | BC_LCHAR, ['a' ... 'z'] = BC_LSTART | BC_LCHAR,
	['_'] = BC_LSTART | BC_LCHAR,
	['0' ... '9'] = BC_LCHAR, ['.'] = BC_LCHAR, ['-'] = BC_LCHAR,
};

static inline bool is_label_start(unsigned char c)
{
	return byte_class[c] & BC_LSTART;
}

static inline bool is_label_char(unsigned char c)
{
	return byte_class[c] & BC_LCHAR;
}

/* Decimal of v into out (room for 11 bytes); returns the length. */
static size_t fmt_int(char *out, long long v)
{
	char tmp[24];
	size_t n = 0, i;
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	i = 0;
	if (v < 0)
		out[i++] = '-';
	while (n)
		out[i++] = tmp[--n];
	return i;
}

/* ---- messages ---------------------------------------------------------- */

/* 1-based column of byte off: the characters before it, plus one. */
static unsigned int col_of(const struct trace *t, size_t off)
{
	unsigned int col = 1;
	size_t i;

	for (i = 0; i < off && i < t->len + 1; i++)
		if (((unsigned char)t->line[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/*
 * A token for a message: in double quotes, escaped so that no byte of a
 * hostile trace reaches the terminal raw, cut after QUOTE_MAX bytes. Two
 * buffers alternate so that one message may quote two tokens.
 */
static const char *quote(struct trace *t, size_t off, size_t len)
{
	char *out = t->qbuf[t->qnext];
	const unsigned char *s = (const unsigned char *)t->line + off;
	size_t i, o = 0;

	t->qnext ^= 1;
	out[o++] = '"';
	for (i = 0; i < len && i < QUOTE_MAX; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)sprintf(out + o, "\\x%02x", c);
		} else {
			/* printable ASCII, or UTF-8 already validated */
			out[o++] = (char)c;
		}
	}
	if (i < len) {
		/* do not leave half a UTF-8 sequence before the dots */
		while (o > 1 && ((unsigned char)out[o - 1] & 0x80)) {
			bool lead = ((unsigned char)out[o - 1] & 0xC0) == 0xC0;

			o--;
			if (lead)
				break;
		}
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

/*
 * Report a malformed line: "FILE:LINE:COLUMN: message", then the line and a
 * caret under the column when the line can be shown safely. Silent in pass
 * 2, where an error only means the input changed. Returns -EINVAL.
 */
static int __attribute__((format(printf, 3, 4)))
perr(struct trace *t, size_t off, const char *fmt, ...)
{
	va_list ap;
	size_t i;

	if (t->pass != 1)
		return -EINVAL;
	t->reported = true;
	fprintf(t->err, "%s:%u:%u: ", t->shown, t->lineno, col_of(t, off));
	va_start(ap, fmt);
	vfprintf(t->err, fmt, ap);
	va_end(ap);
	fputc('\n', t->err);
	if (!t->printable)
		return -EINVAL;
	for (i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->line[i];

		fputc(c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?', t->err);
	}
	fputc('\n', t->err);
	for (i = 0; i < off && i < t->len; i++) {
		unsigned char c = (unsigned char)t->line[i];

		if (c == '\t')
			fputc('\t', t->err);
		else if ((c & 0xC0) != 0x80)
			fputc(' ', t->err);
	}
	fputs("^\n", t->err);
	return -EINVAL;
}

/* ---- reading ------------------------------------------------------------ */

/*
 * Read the next line into t->line: 1, 0 at the end, -errno. At most
 * TRACE_LINE_MAX + 1 bytes are read; a longer line sets toolong and is
 * refused without reading the rest of it (input.h). A CR before the LF and
 * a UTF-8 BOM at the start of the file are dropped.
 */
static int read_line(struct trace *t)
{
	bool cut;
	size_t len;
	int rc;

	rc = trace_input_read_line(&t->in, &t->line, TRACE_LINE_MAX, &len, &cut);
	if (rc <= 0)
		return rc;
	if (t->lineno == UINT_MAX)
		return -EFBIG;
	t->lineno++;
	if (t->lineno == 1 && len >= 3 && memcmp(t->line, "\xEF\xBB\xBF", 3) == 0) {
		memmove(t->line, t->line + 3, len - 3);
		len -= 3;
	}
	if (!cut && len && t->line[len - 1] == '\r')
		len--;
	t->toolong = cut || len > TRACE_LINE_MAX;
	t->len = len;
	t->line[len] = '\0';
	return 1;
}

/*
 * Offset of the first byte that is NUL or not valid UTF-8 (overlongs,
 * surrogates and code points past U+10FFFF included) among the first n
 * bytes, or -1. With partial, a sequence cut by n is not an error.
 */
static long bad_byte(const char *str, size_t n, bool partial, bool *nul)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, more;

	while (i < n) {
		unsigned char c;

		/* eight ASCII bytes without a NUL at a time: most traces are all ASCII */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) ||
			    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c == 0) {
			*nul = true;
			return (long)i;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			more = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			more = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			more = 3;
		else
			return (long)i;
		for (k = 1; k <= more; k++) {
			if (i + k >= n)
				return partial ? -1 : (long)i;
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
		}
		if ((c == 0xE0 && s[i + 1] < 0xA0) ||	/* overlong */
		    (c == 0xED && s[i + 1] >= 0xA0) ||	/* surrogate */
		    (c == 0xF0 && s[i + 1] < 0x90) ||	/* overlong */
		    (c == 0xF4 && s[i + 1] >= 0x90))	/* past U+10FFFF */
			return (long)i;
		i += more + 1;
	}
	return -1;
}

/* Pass 1: the bytes of the line, before any parsing. */
static int check_bytes(struct trace *t)
{
	size_t n = t->toolong ? TRACE_LINE_MAX : t->len;
	bool nul = false;
	long bad;

	t->printable = false;
	bad = bad_byte(t->line, n, t->toolong, &nul);
	if (bad >= 0 && nul)
		return perr(t, (size_t)bad, "NUL byte in the trace");
	if (bad >= 0)
		return perr(t, (size_t)bad, "invalid UTF-8 (byte 0x%02x)",
			    (unsigned char)t->line[bad]);
	if (t->toolong)
		return perr(t, TRACE_LINE_MAX, "line longer than %d bytes",
			    TRACE_LINE_MAX);
	t->printable = true;
	return 0;
}

/* ---- labels ------------------------------------------------------------- */

/*
 * The hash of a label name, eight bytes at a time (the tail zero-padded),
 * each word mixed by a multiply and a rotation; the length goes in last so
 * names that differ only by trailing NULs (impossible here) cannot collide.
 */
static uint64_t label_hash(const char *name, size_t len)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = 0, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, name + i, 8);
		h = (h ^ w) * k;
		h = (h << 31) | (h >> 33);
	}
	if (i < len) {
		/*
		 * The tail byte by byte into a register, little-endian as the
		 * words above: a memcpy() of a run-time size into w, then a
		 * load of w, stalled the load until the bytes were stored.
		 */
		size_t j;

		w = 0;
		for (j = 0; j < len - i; j++)
			w |= (uint64_t)(unsigned char)name[i + j] << (8 * j);
		h = (h ^ w) * k;
		h = (h << 31) | (h >> 33);
	}
	h = (h ^ len) * k;
	return h ^ (h >> 29);
}

/*
 * A label's name against len bytes: labels are a few bytes long, and a
 * loop here is cheaper than a call to memcmp.
 */
static inline bool same_name(const struct label_ent *ent, const char *name,
			     size_t len)
{
	size_t i;

	if (ent->len != len)
		return false;
	for (i = 0; i < len; i++)
		if (ent->name[i] != name[i])
			return false;
	return true;
}

static struct label_ent *label_of_id(const struct trace *t, int id)
{
	return (struct label_ent *)(void *)
	       (t->names[id] - offsetof(struct label_ent, name));
}

/*
 * A slot of the table is 0 when empty, else the label's id + 1 in its low
 * half and the high half of the label's hash in its high half, so that a
 * probe passes the other labels of its run without reading them: a probe
 * of a big table costs one cache miss, not one per label on the way.
 */
static uint64_t slot_value(const struct label_ent *ent)
{
	return (ent->hash & 0xffffffff00000000ULL) | (uint32_t)(ent->id + 1);
}

static struct label_ent *slot_label(const struct trace *t, size_t i)
{
	uint64_t v = t->slots[i];

	return v ? label_of_id(t, (int)(uint32_t)v - 1) : NULL;
}

/*
 * The slot holding the label of hash h named name, or else the empty slot
 * that ends its probe, where add_label() puts a new one. The table is never
 * empty: "init" is its first label.
 */
static size_t label_slot(const struct trace *t, const char *name, size_t len,
			 uint64_t h)
{
	size_t mask = t->nslots - 1, i;
	uint64_t v;

	for (i = (size_t)h & mask; (v = t->slots[i]); i = (i + 1) & mask) {
		const struct label_ent *ent;

		if ((v ^ h) >> 32)
			continue;
		ent = label_of_id(t, (int)(uint32_t)v - 1);
		if (ent->hash == h && same_name(ent, name, len))
			break;
	}
	return i;
}

static void remember_label(struct trace *t, const struct label_ent *ent)
{
	struct recent_label *r = &t->recent[ent->hash & ((1 << RECENT_BITS) - 1)];

	r->hash = ent->hash;
	r->id = ent->id;
}

static struct label_ent *find_label(struct trace *t, const char *name, size_t len)
{
	uint64_t h = label_hash(name, len);
	const struct recent_label *r = &t->recent[h & ((1 << RECENT_BITS) - 1)];
	struct label_ent *ent;

	if (r->hash == h && r->id < t->nlabels) {
		ent = label_of_id(t, r->id);
		if (ent->hash == h && same_name(ent, name, len))
			return ent;
	}
	ent = slot_label(t, label_slot(t, name, len, h));
	if (ent)
		remember_label(t, ent);
	return ent;
}

/*
 * Doubles the table (keeping it at most half full): 0 or -ENOMEM. The
 * labels go in by id, the order the arena holds them in.
 */
static int grow_slots(struct trace *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 256, mask = n - 1, i;
	uint64_t *slots = calloc(n, sizeof(*slots));
	int id;

	if (!slots)
		return -ENOMEM;
	for (id = 0; id < t->nlabels; id++) {
		const struct label_ent *ent = label_of_id(t, id);

		for (i = (size_t)ent->hash & mask; slots[i]; i = (i + 1) & mask)
			;
		slots[i] = slot_value(ent);
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
	return 0;
}

/* size bytes from the label arena, aligned for struct label_ent; or NULL. */
static void *label_alloc(struct trace *t, size_t size)
{
	struct label_chunk *c = t->chunks;
	const size_t align = sizeof(max_align_t);
	void *p;

	size = (size + align - 1) / align * align;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > LABEL_CHUNK_BYTES ? size : LABEL_CHUNK_BYTES;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->next = t->chunks;
		c->used = 0;
		c->cap = cap;
		t->chunks = c;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	return p;
}

/*
 * A new label of hash h, to go into the empty slot i that label_slot()
 * found for it: its id, or -ENOSPC past TRACE_LABELS_MAX, -ENOMEM.
 */
static int add_label(struct trace *t, const char *name, size_t len,
		     unsigned int line, uint64_t h, size_t i)
{
	struct label_ent *ent;

	if (t->nlabels >= TRACE_LABELS_MAX)
		return -ENOSPC;
	if (t->nlabels == t->cap) {
		int cap = t->cap ? t->cap * 2 : 64;
		const char **names = realloc(t->names, (size_t)cap * sizeof(*names));

		if (!names)
			return -ENOMEM;
		t->names = names;
		t->cap = cap;
	}
	if ((size_t)t->nlabels + 1 > t->nslots / 2) {
		if (grow_slots(t) < 0)
			return -ENOMEM;
		i = label_slot(t, name, len, h);
	}
	ent = label_alloc(t, sizeof(*ent) + len + 1);
	if (!ent)
		return -ENOMEM;
	memcpy(ent->name, name, len);
	ent->name[len] = '\0';
	ent->hash = h;
	ent->len = len;
	ent->id = t->nlabels;
	ent->line = line;
	t->slots[i] = slot_value(ent);
	remember_label(t, ent);
	t->names[t->nlabels] = ent->name;
	return t->nlabels++;
}

/* The i-th expansion of a label into out (>= LABEL_MAX_LEN + 1 bytes). */
static size_t expand_label(const char *line, const struct lref *l,
			   unsigned int i, char *out)
{
	size_t n, tail;

	if (!l->range) {
		memcpy(out, line + l->off, l->len);
		return l->len;
	}
	memcpy(out, line + l->off, l->pre);
	n = fmt_int(out + l->pre, (long long)l->a + i);
	tail = (size_t)(l->len - l->post);
	memcpy(out + l->pre + n, line + l->off + l->post, tail);
	return l->pre + n + tail;
}

static void set_slot(struct stmt *st, int slot, int id)
{
	if (slot == SLOT_P)
		st->label[0] = id;
	else if (slot == SLOT_T)
		st->label[1] = id;
	else if (slot == SLOT_C)
		st->label[2] = id;
	else if (slot == SLOT_R)
		st->expect.label = id;
	else
		st->pairs[slot - SLOT_PAIR0].label = id;
}

/* ---- syntax ------------------------------------------------------------- */

/*
 * The first byte is compared before strlen(word): the parser tries every
 * operation name on each line, and most differ there.
 */
static bool span_is(const struct trace *t, size_t off, size_t len, const char *word)
{
	const char *s = t->line + off;

	if (len && s[0] != word[0])
		return false;
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

static bool tok_is(const struct trace *t, unsigned int k, const char *word)
{
	return span_is(t, t->toff[k], t->tlen[k], word);
}

/* A '{' where no label may stand gets its own message. */
static int no_range(struct trace *t, size_t off, size_t len)
{
	const char *b = memchr(t->line + off, '{', len);

	if (b)
		return perr(t, (size_t)(b - t->line),
			    "a range {A..B} may only stand in a label");
	return 0;
}

/* A decimal int32, optionally negative. */
static int parse_int(struct trace *t, size_t off, size_t len, int *v)
{
	const char *s = t->line + off;
	long long acc = 0;
	size_t i = 0;
	bool neg;
	int rc;

	if (len == 0)
		return perr(t, off, "missing number");
	rc = no_range(t, off, len);
	if (rc)
		return rc;
	neg = s[0] == '-';
	if (neg)
		i++;
	if (i == len)
		return perr(t, off, "bad number %s", quote(t, off, len));
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return perr(t, off, "bad number %s", quote(t, off, len));
		if (acc <= (long long)INT_MAX + 1)
			acc = acc * 10 + (s[i] - '0');
	}
	if (neg ? acc > (long long)INT_MAX + 1 : acc > INT_MAX)
		return perr(t, off, "number %s does not fit in a signed 32-bit int",
			    quote(t, off, len));
	*v = (int)(neg ? -acc : acc);
	return 0;
}

/* "{A..B}" at line offset off, '}' at close; sets *a and *b. */
static int parse_range(struct trace *t, size_t off, size_t close, int *a, int *b)
{
	const char *in = t->line + off + 1;
	size_t inlen = close - off - 1;
	const char *dots = memmem(in, inlen, "..", 2);
	long long n;
	int rc;

	if (!dots)
		return perr(t, off, "bad range %s: the form is {A..B}",
			    quote(t, off, close + 1 - off));
	rc = parse_int(t, off + 1, (size_t)(dots - in), a);
	if (!rc)
		rc = parse_int(t, (size_t)(dots + 2 - t->line),
			       (size_t)(in + inlen - dots - 2), b);
	if (rc)
		return rc;
	if (*a > *b)
		return perr(t, off, "range {%d..%d} runs backwards: A must not exceed B",
			    *a, *b);
	n = (long long)*b - *a + 1;
	if (n > TRACE_RANGE_MAX)
		return perr(t, off, "range {%d..%d} stands for %lld statements, at most %d",
			    *a, *b, n, TRACE_RANGE_MAX);
	return 0;
}

/*
 * A label at [off, off+len) of the line, the whole of argument argi or a
 * part of it (parent=Q, pid@Q=N). Checks its syntax and range, records a
 * reference to resolve later.
 */
static int parse_label(struct trace *t, struct tmpl *tp, unsigned int argi,
		       size_t off, size_t len, int slot, bool creates)
{
	const char *s = t->line + off;
	struct lref *l = &tp->lref[tp->nlref];
	size_t i, open = len, close = len, longest;
	int a = 0, b = 0, rc;

	if (len == 0)
		return perr(t, off, "missing label");
	if (s[0] != '{' && !is_label_start((unsigned char)s[0]))
		return perr(t, off, "bad label %s: a label starts with a letter or _",
			    quote(t, off, len));
	for (i = 0; i < len; i++) {
		if (is_label_char((unsigned char)s[i]))
			continue;
		if (s[i] == '{') {
			if (open != len)
				return perr(t, off + i, "more than one range in a label");
			open = i;
			close = i + 1;
			while (close < len && s[close] != '}')
				close++;
			if (close == len)
				return perr(t, off + i, "unterminated range: '{' without '}'");
			rc = parse_range(t, off + i, off + close, &a, &b);
			if (rc)
				return rc;
			i = close;
			continue;
		}
		if (!is_label_char((unsigned char)s[i]))
			return perr(t, off + i,
				    "bad label %s: a label holds only A-Z a-z 0-9 _ . -",
				    quote(t, off, len));
	}
	if (open == 0) {
		char first[16];

		first[fmt_int(first, a)] = '\0';
		return perr(t, off, "a range cannot start a label: its expansion \"%s...\" does not start with a letter or _",
			    first);
	}
	if (open == len) {
		if (len > LABEL_MAX_LEN)
			return perr(t, off, "label %s is longer than %d characters",
				    quote(t, off, len), LABEL_MAX_LEN);
	} else {
		char da[16], db[16];
		size_t la = fmt_int(da, a), lb = fmt_int(db, b);

		longest = open + (la > lb ? la : lb) + (len - close - 1);
		if (longest > LABEL_MAX_LEN)
			return perr(t, off, "range in %s makes labels longer than %d characters",
				    quote(t, off, len), LABEL_MAX_LEN);
		if (tp->has_range && tp->n != (unsigned int)((long long)b - a + 1))
			return perr(t, off + open,
				    "ranges of different lengths in one statement (%u and %lld)",
				    tp->n, (long long)b - a + 1);
		tp->has_range = true;
		tp->n = (unsigned int)((long long)b - a + 1);
		tp->arange[argi] = (signed char)tp->nlref;
	}
	l->off = (unsigned short)off;
	l->len = (unsigned short)len;
	l->range = open != len;
	l->pre = (unsigned short)open;
	l->post = (unsigned short)(close + 1);
	l->a = a;
	l->argi = (unsigned char)argi;
	l->slot = (unsigned char)slot;
	l->creates = creates;
	tp->nlref++;
	return 0;
}

/* Argument k of the statement as a whole label. */
static int arg_label(struct trace *t, struct tmpl *tp, unsigned int k, int slot,
		     bool creates)
{
	return parse_label(t, tp, k, tp->aoff[k], tp->alen[k], slot, creates);
}

/* nspid value or `=> R` pattern: N/N/... root first, '*' for any number. */
static int parse_nspid(struct trace *t, size_t off, size_t len, struct nspid *out)
{
	size_t p = off, end = off + len;
	int rc;

	out->n = 0;
	for (;;) {
		const char *slash = memchr(t->line + p, '/', end - p);
		size_t q = slash ? (size_t)(slash - t->line) : end;

		if (out->n == NSPID_MAX)
			return perr(t, p, "a pid has at most %d levels", NSPID_MAX);
		if (span_is(t, p, q - p, "*")) {
			out->nr[out->n++] = NSPID_ANY;
		} else {
			rc = parse_int(t, p, q - p, &out->nr[out->n]);
			if (rc)
				return rc;
			out->n++;
		}
		if (q == end)
			return 0;
		p = q + 1;
	}
}

/*
 * The R of `=> R`. With allow_label (wait P any), R may also be a label,
 * which must name a process created earlier.
 */
static int parse_result(struct trace *t, struct tmpl *tp, size_t off,
			size_t len, struct expectation *x, bool allow_label)
{
	const char *s = t->line + off;
	char upper[32];
	size_t i;
	int rc, e;

	rc = no_range(t, off, len);
	if (rc)
		return rc;
	x->err = 0;
	x->label = LABEL_NONE;
	x->nspid.n = 0;
	if (span_is(t, off, len, "ok")) {
		x->kind = OC_OK;
		return 0;
	}
	if (span_is(t, off, len, "running")) {
		x->kind = OC_RUNNING;
		return 0;
	}
	if (span_is(t, off, len, "skipped")) {
		x->kind = OC_SKIPPED;
		return 0;
	}
	if (s[0] == '*' || s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) {
		x->kind = OC_NSPID;
		return parse_nspid(t, off, len, &x->nspid);
	}
	if (len >= 2 && len < sizeof(upper) && s[0] == 'E') {
		for (i = 0; i < len; i++)
			if (!(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] >= '0' && s[i] <= '9'))
				break;
		if (i == len) {
			e = errno_by_name(s, len);
			if (e) {
				x->kind = OC_ERRNO;
				x->err = e;
				return 0;
			}
			if (!allow_label)
				return perr(t, off, "unknown errno name %s",
					    quote(t, off, len));
		}
	}
	if (allow_label && is_label_start((unsigned char)s[0])) {
		x->kind = OC_LABEL;
		return parse_label(t, tp, 0, off, len, SLOT_R, false);
	}
	if (len < sizeof(upper)) {
		for (i = 0; i < len; i++)
			upper[i] = (char)toupper((unsigned char)s[i]);
		if (errno_by_name(upper, len))
			return perr(t, off, "errno names are upper case: %.*s",
				    (int)len, upper);
	}
	return perr(t, off, "bad result %s: expected ok, running, skipped, an errno name such as ENOMEM or a pid such as 7/1 or */1%s",
		    quote(t, off, len), allow_label ? ", or a label" : "");
}

/* Argument count of the current statement against [min, max]. */
static int argcount(struct trace *t, struct tmpl *tp, unsigned int min,
		    unsigned int max)
{
	unsigned int last = t->nst - 1;

	if (tp->nargs < min)
		return perr(t, (size_t)t->toff[last] + t->tlen[last],
			    "missing argument: usage is '%s'",
			    usage_of_op[tp->st.op]);
	if (tp->nargs > max)
		return perr(t, tp->aoff[max], "too many arguments: usage is '%s'",
			    usage_of_op[tp->st.op]);
	return 0;
}

static int parse_clone_flags(struct trace *t, struct tmpl *tp)
{
	struct stmt *st = &tp->st;
	unsigned int k, bit;
	int rc;

	for (k = 2; k < tp->nargs; k++) {
		size_t off = tp->aoff[k], len = tp->alen[k];

		if (span_is(t, off, len, "newpid")) {
			bit = STMT_NEWPID;
		} else if (span_is(t, off, len, "thread")) {
			bit = STMT_THREAD;
		} else if (span_is(t, off, len, "parent")) {
			bit = STMT_PARENT;
		} else if (len >= 8 && memcmp(t->line + off, "set_tid=", 8) == 0) {
			bit = STMT_SET_TID;
		} else {
			rc = no_range(t, off, len);
			if (rc)
				return rc;
			if (span_is(t, off, len, "set_tid"))
				return perr(t, off, "set_tid needs its numbers: set_tid=N,N,...");
			return perr(t, off, "unknown clone flag %s: the flags are newpid, thread, parent and set_tid=N,...",
				    quote(t, off, len));
		}
		if (st->flags & bit)
			return perr(t, off, "duplicate clone flag %s",
				    quote(t, off, bit == STMT_SET_TID ? 7 : len));
		st->flags |= bit;
		if (bit != STMT_SET_TID)
			continue;

		/* set_tid=N,N,...: innermost level first, kept as written */
		size_t p = off + 8, end = off + len;

		if (p == end)
			return perr(t, p, "set_tid needs 1 to %d numbers", SET_TID_MAX);
		for (;;) {
			const char *comma = memchr(t->line + p, ',', end - p);
			size_t q = comma ? (size_t)(comma - t->line) : end;

			if (st->set_tid_size == SET_TID_MAX)
				return perr(t, p, "set_tid has more than %d entries",
					    SET_TID_MAX);
			rc = parse_int(t, p, q - p, &st->set_tid[st->set_tid_size]);
			if (rc)
				return rc;
			st->set_tid_size++;
			if (q == end)
				break;
			p = q + 1;
		}
	}
	return 0;
}

/* The keys of expect and show that are a plain word (pid@Q aside). */
static const struct {
	const char *key;
	enum expect_key ek;
} expect_keys[] = {
	{ "nspid", EK_NSPID }, { "state", EK_STATE }, { "parent", EK_PARENT },
	{ "ppid", EK_PPID }, { "pgid", EK_PGID }, { "sid", EK_SID },
	{ "last_pid", EK_LAST_PID }, { "pid_max", EK_PID_MAX },
};

/* The key spelled at [off, off + len), or -1. */
static int expect_key_find(const struct trace *t, size_t off, size_t len)
{
	for (size_t j = 0; j < sizeof(expect_keys) / sizeof(expect_keys[0]); j++)
		if (span_is(t, off, len, expect_keys[j].key))
			return (int)expect_keys[j].ek;
	return -1;
}

static void pair_init(struct expect_pair *pair)
{
	pair->label = LABEL_NONE;
	pair->value = 0;
	pair->state = PS_RUNNING;
	pair->nspid.n = 0;
}

static int parse_expect_pairs(struct trace *t, struct tmpl *tp)
{
	struct stmt *st = &tp->st;
	unsigned int k;
	int rc, ek;

	for (k = 1; k < tp->nargs; k++) {
		size_t off = tp->aoff[k], len = tp->alen[k];
		const char *eq = memchr(t->line + off, '=', len);
		struct expect_pair *pair = &st->pairs[st->npairs];
		size_t klen, voff, vlen;

		if (st->npairs == EXPECT_PAIRS_MAX)
			return perr(t, off, "too many KEY=VALUE pairs: at most %d",
				    EXPECT_PAIRS_MAX);
		if (!eq)
			return perr(t, off, "expected KEY=VALUE, found %s",
				    quote(t, off, len));
		klen = (size_t)(eq - (t->line + off));
		voff = off + klen + 1;
		vlen = len - klen - 1;
		pair_init(pair);

		if (span_is(t, off, klen, "nspid")) {
			pair->key = EK_NSPID;
			if (vlen == 0)
				return perr(t, voff, "missing pid after nspid=");
			rc = parse_nspid(t, voff, vlen, &pair->nspid);
		} else if (span_is(t, off, klen, "state")) {
			pair->key = EK_STATE;
			if (span_is(t, voff, vlen, "running"))
				pair->state = PS_RUNNING;
			else if (span_is(t, voff, vlen, "exiting"))
				pair->state = PS_EXITING;
			else if (span_is(t, voff, vlen, "zombie"))
				pair->state = PS_ZOMBIE;
			else if (span_is(t, voff, vlen, "reaped"))
				pair->state = PS_REAPED;
			else if ((rc = no_range(t, voff, vlen)))
				return rc;
			else
				return perr(t, voff, "bad state %s: expected running, exiting, zombie or reaped",
					    quote(t, voff, vlen));
			rc = 0;
		} else if (span_is(t, off, klen, "parent")) {
			pair->key = EK_PARENT;
			if (span_is(t, voff, vlen, "-"))
				rc = 0;		/* a parent outside the trace */
			else
				rc = parse_label(t, tp, k, voff, vlen,
						 SLOT_PAIR0 + st->npairs, false);
		} else if (klen >= 4 && memcmp(t->line + off, "pid@", 4) == 0) {
			pair->key = EK_PID_AT;
			rc = parse_label(t, tp, k, off + 4, klen - 4,
					 SLOT_PAIR0 + st->npairs, false);
			if (!rc)
				rc = parse_int(t, voff, vlen, &pair->value);
		} else {
			/* nspid, state and parent were taken above: an integer key */
			ek = expect_key_find(t, off, klen);
			if (ek < 0)
				return perr(t, off, "unknown expect key %s: the keys are nspid, state, parent, ppid, pgid, sid, last_pid, pid_max and pid@Q",
					    quote(t, off, klen));
			pair->key = (enum expect_key)ek;
			rc = parse_int(t, voff, vlen, &pair->value);
		}
		if (rc)
			return rc;
		st->npairs++;
	}
	return 0;
}

/* The version statement `pidsim 1` or `pidsim 1.1`. */
static int parse_version(struct trace *t, bool has_r)
{
	int v, rc;

	if (t->seen_stmt)
		return perr(t, t->toff[0],
			    "the version statement 'pidsim 1' must be the first statement");
	if (has_r)
		return perr(t, t->toff[t->nst],
			    "the version statement takes no '=> R'");
	if (t->nst < 2)
		return perr(t, (size_t)t->toff[0] + t->tlen[0],
			    "missing argument: usage is 'pidsim 1'");
	if (t->nst > 2)
		return perr(t, t->toff[2], "too many arguments: usage is 'pidsim 1'");
	if (span_is(t, t->toff[1], t->tlen[1], "1.1")) {
		t->version = TRACE_VERSION_1_1;
		t->seen_stmt = true;
		return 0;
	}
	if (memchr(t->line + t->toff[1], '.', t->tlen[1]))
		return perr(t, t->toff[1],
			    "unsupported trace version %s: this pidsim reads versions 1 and 1.1",
			    quote(t, t->toff[1], t->tlen[1]));
	rc = parse_int(t, t->toff[1], t->tlen[1], &v);
	if (rc)
		return rc;
	if (v != 1)
		return perr(t, t->toff[1],
			    "unsupported trace version %d: this pidsim reads versions 1 and 1.1", v);
	t->version = TRACE_VERSION_1;
	t->seen_stmt = true;
	return 0;
}

/* ---- version 1.1 statements --------------------------------------------- */

/* SIG of `kill P T SIG`: a name without "SIG". */
static int parse_signal(struct trace *t, size_t off, size_t len, int *sig)
{
	char upper[16];
	size_t i;
	int rc;

	rc = no_range(t, off, len);
	if (rc)
		return rc;
	*sig = trace_signal_by_name(t->line + off, len);
	if (*sig)
		return 0;
	if (len > 3 && memcmp(t->line + off, "SIG", 3) == 0 &&
	    trace_signal_by_name(t->line + off + 3, len - 3))
		return perr(t, off, "signal names are written without SIG: %.*s",
			    (int)(len - 3), t->line + off + 3);
	if (len < sizeof(upper)) {
		for (i = 0; i < len; i++)
			upper[i] = (char)toupper((unsigned char)t->line[off + i]);
		if (trace_signal_by_name(upper, len))
			return perr(t, off, "signal names are upper case: %.*s",
				    (int)len, upper);
	}
	return perr(t, off, "unknown signal %s: the signals are KILL, TERM, INT, HUP, QUIT, USR1, USR2 and ALRM",
		    quote(t, off, len));
}

/* kill P T [SIG], kill P -G [SIG], kill P all [SIG]. */
static int parse_kill(struct trace *t, struct tmpl *tp)
{
	struct stmt *st = &tp->st;
	size_t off = tp->aoff[1], len = tp->alen[1];
	int rc;

	rc = argcount(t, tp, 2, 3) ?: arg_label(t, tp, 0, SLOT_P, false);
	if (rc)
		return rc;
	st->sig = TRACE_SIGKILL;
	if (span_is(t, off, len, "all")) {
		st->flags |= STMT_ALL;
		st->version = TRACE_VERSION_1_1;
	} else if (t->line[off] == '-') {
		st->flags |= STMT_PGRP;
		st->version = TRACE_VERSION_1_1;
		rc = parse_label(t, tp, 1, off + 1, len - 1, SLOT_T, false);
	} else {
		rc = arg_label(t, tp, 1, SLOT_T, false);
	}
	if (rc)
		return rc;
	if (tp->nargs == 3) {
		st->flags |= STMT_SIG;
		st->version = TRACE_VERSION_1_1;
		rc = parse_signal(t, tp->aoff[2], tp->alen[2], &st->sig);
	}
	return rc;
}

/* The keys of `show P KEY ...`: expect's keys without values. */
static int parse_show_keys(struct trace *t, struct tmpl *tp)
{
	struct stmt *st = &tp->st;
	unsigned int k;
	int rc, ek;

	for (k = 1; k < tp->nargs; k++) {
		size_t off = tp->aoff[k], len = tp->alen[k];
		const char *eq = memchr(t->line + off, '=', len);
		struct expect_pair *pair = &st->pairs[st->npairs];

		if (st->npairs == SHOW_KEYS_MAX)
			return perr(t, off, "too many keys: at most %d", SHOW_KEYS_MAX);
		pair_init(pair);
		if (eq)
			return perr(t, off, "show takes keys without values: %.*s",
				    (int)(eq - (t->line + off)), t->line + off);
		if (len >= 4 && memcmp(t->line + off, "pid@", 4) == 0) {
			pair->key = EK_PID_AT;
			rc = parse_label(t, tp, k, off + 4, len - 4,
					 SLOT_PAIR0 + st->npairs, false);
			if (rc)
				return rc;
		} else {
			ek = expect_key_find(t, off, len);
			if (ek < 0)
				return no_range(t, off, len) ?:
				       perr(t, off, "unknown show key %s: the keys are nspid, state, parent, ppid, pgid, sid, last_pid, pid_max and pid@Q",
					    quote(t, off, len));
			pair->key = (enum expect_key)ek;
		}
		st->npairs++;
	}
	return 0;
}

/*
 * show's `=> KEY=VALUE ...`: one pair per key, in the keys' order. The
 * values are compared as text with what show prints, so they are not
 * parsed here beyond their key.
 */
static int parse_show_result(struct trace *t, struct tmpl *tp)
{
	const struct stmt *st = &tp->st;
	unsigned int i;

	if (tp->rntok != (unsigned int)st->npairs)
		return perr(t, tp->rntok < (unsigned int)st->npairs ?
			       (size_t)t->toff[t->ntok - 1] + t->tlen[t->ntok - 1] :
			       t->toff[tp->rtok + st->npairs],
			    "show has %d key%s but %u pair%s after '=>': one KEY=VALUE per key, in order",
			    st->npairs, st->npairs == 1 ? "" : "s", tp->rntok,
			    tp->rntok == 1 ? "" : "s");
	for (i = 0; i < tp->rntok; i++) {
		size_t off = t->toff[tp->rtok + i], len = t->tlen[tp->rtok + i];
		const char *key = expect_key_name(st->pairs[i].key);
		size_t klen = strlen(key);
		int rc = no_range(t, off, len);

		if (rc)
			return rc;
		if (st->pairs[i].key == EK_PID_AT) {
			if (len > klen && memcmp(t->line + off, key, klen) == 0 &&
			    memchr(t->line + off, '=', len))
				continue;
		} else if (len > klen && memcmp(t->line + off, key, klen) == 0 &&
			   t->line[off + klen] == '=') {
			continue;
		}
		return perr(t, off, "expected %s=VALUE for show's key %u, found %s",
			    st->pairs[i].key == EK_PID_AT ? "pid@Q" : key, i + 1,
			    quote(t, off, len));
	}
	return 0;
}

/*
 * Parse the current line into tp: 1 a statement, 0 nothing to run (blank,
 * comment, version), -EINVAL malformed (reported in pass 1).
 */
static int parse_line(struct trace *t, struct tmpl *tp)
{
	const char *s = t->line;
	struct stmt *st = &tp->st;
	size_t i = 0;
	unsigned int k, opi, extra;
	bool has_r = false, is_show;
	int rc;

	/*
	 * The NUL at s[len] stops both loops; pass 1 refused any NUL before
	 * it, and in pass 2 one could only cut a changed line short.
	 */
	t->ntok = 0;
	for (;;) {
		size_t b;

		while (byte_class[(unsigned char)s[i]] & BC_BLANK)
			i++;
		if (byte_class[(unsigned char)s[i]] & BC_STOP)
			break;
		b = i;
		while (!(byte_class[(unsigned char)s[i]] & BC_STOP))
			i++;
		t->toff[t->ntok] = (unsigned short)b;
		t->tlen[t->ntok] = (unsigned short)(i - b);
		t->ntok++;
	}
	if (!t->ntok)
		return 0;

	/*
	 * `=> R` ends the statement; "=>R" is accepted as well. A show takes
	 * the rest of the line as its pairs.
	 */
	is_show = tok_is(t, 0, "show");
	t->nst = t->ntok;
	tp->rlen = 0;
	tp->rntok = 0;
	for (k = 0; k < t->ntok; k++)
		if (t->tlen[k] >= 2 && s[t->toff[k]] == '=' && s[t->toff[k] + 1] == '>')
			break;
	if (k < t->ntok) {
		if (k == 0)
			return perr(t, t->toff[0], "'=>' needs a statement before it");
		t->nst = k;
		has_r = true;
		if (t->tlen[k] > 2) {
			/* "=>R": R becomes a token of its own */
			t->toff[k] += 2;
			t->tlen[k] -= 2;
			extra = k;
		} else if (k + 1 < t->ntok) {
			extra = k + 1;
		} else {
			return perr(t, (size_t)t->toff[k] + 2, "missing result after '=>'");
		}
		tp->roff = t->toff[extra];
		tp->rlen = t->tlen[extra];
		tp->rtok = (unsigned short)extra;
		tp->rntok = (unsigned short)(t->ntok - extra);
		if (!is_show && extra + 1 < t->ntok)
			return perr(t, t->toff[extra + 1], "only one result may follow '=>'");
	}

	if (tok_is(t, 0, "pidsim"))
		return parse_version(t, has_r);
	opi = stmt_op_lookup(s + t->toff[0], t->tlen[0]);
	if (opi == OP__COUNT)
		return perr(t, t->toff[0], "unknown operation %s",
			    quote(t, t->toff[0], t->tlen[0]));
	t->seen_stmt = true;

	/* only the fields a statement uses: this runs once per line */
	tp->n = 1;
	tp->has_range = false;
	tp->nlref = 0;
	/*
	 * No statement takes more than STMT_ARGS_MAX arguments, and clone and
	 * expect, which take a variable number, fail on a duplicate flag or
	 * the pair past EXPECT_PAIRS_MAX before reaching that many.
	 */
	tp->nargs = t->nst - 1;
	if (tp->nargs > STMT_ARGS_MAX + 1)
		tp->nargs = STMT_ARGS_MAX + 1;
	for (k = 0; k < tp->nargs; k++) {
		tp->aoff[k] = t->toff[k + 1];
		tp->alen[k] = t->tlen[k + 1];
		tp->arange[k] = -1;
	}
	st->file = t->path;
	st->line = t->lineno;
	st->column = col_of(t, t->toff[0]);
	st->op = (enum stmt_op)opi;
	st->label[0] = LABEL_NONE;
	st->label[1] = LABEL_NONE;
	st->label[2] = LABEL_NONE;
	st->flags = 0;
	st->value = 0;
	st->sig = 0;
	st->version = TRACE_VERSION_1;
	st->set_tid_size = 0;
	st->npairs = 0;
	st->has_expectation = false;
	st->expect.kind = OC_OK;
	st->expect.err = 0;
	st->expect.label = LABEL_NONE;
	st->expect.nspid.n = 0;
	st->argc = 0;
	st->expect_text = NULL;

	switch (st->op) {
	case OP_FORK:
		rc = argcount(t, tp, 2, 2) ?: arg_label(t, tp, 0, SLOT_P, false) ?:
		     arg_label(t, tp, 1, SLOT_T, true);
		break;
	case OP_CLONE:
		rc = argcount(t, tp, 2, UINT_MAX) ?:
		     arg_label(t, tp, 0, SLOT_P, false) ?:
		     arg_label(t, tp, 1, SLOT_T, true) ?: parse_clone_flags(t, tp);
		break;
	case OP_UNSHARE:
		rc = argcount(t, tp, 2, 2) ?: arg_label(t, tp, 0, SLOT_P, false);
		if (!rc && !span_is(t, tp->aoff[1], tp->alen[1], "newpid"))
			rc = no_range(t, tp->aoff[1], tp->alen[1]) ?:
			     perr(t, tp->aoff[1], "unshare takes only 'newpid', not %s",
				  quote(t, tp->aoff[1], tp->alen[1]));
		break;
	case OP_SETNS:
		rc = argcount(t, tp, 2, 3) ?: arg_label(t, tp, 0, SLOT_P, false) ?:
		     arg_label(t, tp, 1, SLOT_T, false);
		if (!rc && tp->nargs == 3) {
			if (span_is(t, tp->aoff[2], tp->alen[2], "children"))
				st->flags |= STMT_CHILDREN;
			else
				rc = no_range(t, tp->aoff[2], tp->alen[2]) ?:
				     perr(t, tp->aoff[2], "setns takes only 'children' after T, not %s",
					  quote(t, tp->aoff[2], tp->alen[2]));
		}
		break;
	case OP_EXIT:
		rc = argcount(t, tp, 1, 2) ?: arg_label(t, tp, 0, SLOT_P, false);
		if (!rc && tp->nargs == 2) {
			if (span_is(t, tp->aoff[1], tp->alen[1], "thread")) {
				st->flags |= STMT_EXIT_THREAD;
				st->version = TRACE_VERSION_1_1;
			} else {
				rc = no_range(t, tp->aoff[1], tp->alen[1]) ?:
				     perr(t, tp->aoff[1], "exit takes only 'thread' after P, not %s",
					  quote(t, tp->aoff[1], tp->alen[1]));
			}
		}
		break;
	case OP_SETSID:
	case OP_SUBREAPER:
	case OP_EXEC:
		rc = argcount(t, tp, 1, 1) ?: arg_label(t, tp, 0, SLOT_P, false);
		if (st->op == OP_EXEC)
			st->version = TRACE_VERSION_1_1;
		break;
	case OP_KILL:
		rc = parse_kill(t, tp);
		break;
	case OP_WAIT:
		rc = argcount(t, tp, 2, 2) ?: arg_label(t, tp, 0, SLOT_P, false);
		if (!rc && span_is(t, tp->aoff[1], tp->alen[1], "any")) {
			st->flags |= STMT_ANY;
			st->version = TRACE_VERSION_1_1;
		} else if (!rc) {
			rc = arg_label(t, tp, 1, SLOT_T, false);
		}
		break;
	case OP_SETPGID:
		rc = argcount(t, tp, 2, 3) ?: arg_label(t, tp, 0, SLOT_P, false);
		if (!rc && tp->nargs == 3) {
			st->flags |= STMT_WHO;
			st->version = TRACE_VERSION_1_1;
			rc = arg_label(t, tp, 1, SLOT_C, false) ?:
			     arg_label(t, tp, 2, SLOT_T, false);
		} else if (!rc) {
			rc = arg_label(t, tp, 1, SLOT_T, false);
		}
		break;
	case OP_SIGCHLD:
		st->version = TRACE_VERSION_1_1;
		rc = argcount(t, tp, 2, 2) ?: arg_label(t, tp, 0, SLOT_P, false);
		if (!rc && span_is(t, tp->aoff[1], tp->alen[1], "ignore"))
			st->flags |= STMT_IGNORE;
		else if (!rc && !span_is(t, tp->aoff[1], tp->alen[1], "default"))
			rc = no_range(t, tp->aoff[1], tp->alen[1]) ?:
			     perr(t, tp->aoff[1], "sigchld takes 'ignore' or 'default', not %s",
				  quote(t, tp->aoff[1], tp->alen[1]));
		break;
	case OP_SHOW:
		st->version = TRACE_VERSION_1_1;
		rc = argcount(t, tp, 2, UINT_MAX) ?:
		     arg_label(t, tp, 0, SLOT_P, false) ?: parse_show_keys(t, tp);
		if (!rc && has_r)
			rc = parse_show_result(t, tp);
		break;
	case OP_NS_LAST_PID:
	case OP_PID_MAX:
		rc = argcount(t, tp, 2, 2) ?: arg_label(t, tp, 0, SLOT_P, false) ?:
		     parse_int(t, tp->aoff[1], tp->alen[1], &st->value);
		break;
	case OP_EXPECT:
		rc = argcount(t, tp, 2, UINT_MAX) ?:
		     arg_label(t, tp, 0, SLOT_P, false) ?: parse_expect_pairs(t, tp);
		if (!rc && has_r)
			rc = perr(t, t->toff[t->nst],
				  "expect takes no '=> R': its KEY=VALUE pairs are its expectation");
		break;
	default:
		rc = -EINVAL;
		break;
	}
	if (rc)
		return rc;
	if (st->version == TRACE_VERSION_1_1 && t->version == TRACE_VERSION_1)
		return perr(t, t->toff[0],
			    "'%s' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'",
			    usage_of_op[st->op]);
	if (has_r && st->op == OP_SHOW) {
		st->expect.kind = OC_SHOW;
		st->has_expectation = true;
	} else if (has_r) {
		rc = parse_result(t, tp, tp->roff, tp->rlen, &st->expect,
				  st->op == OP_WAIT && (st->flags & STMT_ANY));
		if (rc)
			return rc;
		st->has_expectation = true;
	}
	st->argc = (int)tp->nargs;
	return 1;
}

/* ---- labels in order (pass 1) and template expansion (pass 2) ----------- */

static int unknown_label(struct trace *t, size_t off, const char *name, size_t n)
{
	return perr(t, off, "label \"%.*s\" is used before any fork or clone creates it",
		    (int)n, name);
}

/*
 * Pass 1: resolve every label of every expansion of the line in execution
 * order, creating the children of fork and clone, as the runner will meet
 * them. Leaves the non-range labels resolved in tp->st.
 */
static int check_labels(struct trace *t, struct tmpl *tp)
{
	char name[LABEL_MAX_LEN + 16];
	struct label_ent *ent;
	unsigned int i, j;
	size_t n, slot;
	uint64_t h;
	int id;

	/* A used label without a range is the same in every expansion. */
	for (j = 0; j < tp->nlref; j++) {
		const struct lref *l = &tp->lref[j];

		if (l->range || l->creates)
			continue;
		ent = find_label(t, t->line + l->off, l->len);
		if (!ent)
			return unknown_label(t, l->off, t->line + l->off, l->len);
		set_slot(&tp->st, l->slot, ent->id);
	}
	for (i = 0; i < tp->n; i++) {
		for (j = 0; j < tp->nlref; j++) {
			const struct lref *l = &tp->lref[j];

			if (!l->range && !l->creates)
				continue;
			n = expand_label(t->line, l, i, name);
			h = label_hash(name, n);
			slot = label_slot(t, name, n, h);
			ent = slot_label(t, slot);
			if (!l->creates) {
				if (!ent)
					return unknown_label(t, l->off, name, n);
				continue;
			}
			if (ent && ent->id == LABEL_INIT)
				return perr(t, l->off, "label \"init\" is taken: it names the trace's first process");
			if (ent)
				return perr(t, l->off, "label \"%.*s\" is taken: line %u created it",
					    (int)n, name, ent->line);
			id = add_label(t, name, n, t->lineno, h, slot);
			if (id == -ENOSPC)
				return perr(t, l->off, "too many labels: at most %d",
					    TRACE_LABELS_MAX);
			if (id < 0)
				return id;
			if (!l->range)
				set_slot(&tp->st, l->slot, id);
		}
	}
	t->nstmts += tp->n;
	return 0;
}

/*
 * Pass 2: the id of a label a fork or clone creates. Pass 1 numbered labels
 * in the order statements create them and pass 2 meets them in the same
 * order, so no lookup is needed: the name is compared with the next one
 * only to notice an input that changed between the passes (-ESTALE).
 */
static int created_label(struct trace *t, const char *name, size_t len)
{
	struct label_ent *ent;

	if (t->next_new >= t->nlabels)
		return -ESTALE;
	ent = label_of_id(t, t->next_new);
	if (!same_name(ent, name, len))
		return -ESTALE;
	remember_label(t, ent);
	return t->next_new++;
}

/* Pass 2: the id of label name, created or used; -ESTALE if unknown. */
static int pass2_label(struct trace *t, const struct lref *l, const char *name,
		       size_t len)
{
	struct label_ent *ent;

	if (l->creates)
		return created_label(t, name, len);
	ent = find_label(t, name, len);
	return ent ? ent->id : -ESTALE;
}

/* Pass 2: resolve the labels without a range once per line. */
static int resolve_fixed(struct trace *t, struct tmpl *tp)
{
	unsigned int j;
	int id;

	for (j = 0; j < tp->nlref; j++) {
		const struct lref *l = &tp->lref[j];

		if (l->range)
			continue;
		id = pass2_label(t, l, t->line + l->off, l->len);
		if (id < 0)
			return id;
		set_slot(&tp->st, l->slot, id);
	}
	return 0;
}

/*
 * The i-th statement of tp into st: copy what is used, expand the ranges.
 * *used is the number of bytes of st->buf in use.
 */
static int emit(struct trace *t, const struct tmpl *tp, unsigned int i,
		struct stmt *st, size_t *used)
{
	const struct stmt *src = &tp->st;
	size_t pos = 0;
	unsigned int k;
	int id;

	st->file = src->file;
	st->line = src->line;
	st->column = src->column;
	st->op = src->op;
	st->label[0] = src->label[0];
	st->label[1] = src->label[1];
	st->label[2] = src->label[2];
	st->flags = src->flags;
	st->value = src->value;
	st->sig = src->sig;
	st->version = src->version;
	st->set_tid_size = src->set_tid_size;
	memcpy(st->set_tid, src->set_tid, (size_t)src->set_tid_size * sizeof(int));
	st->npairs = src->npairs;
	memcpy(st->pairs, src->pairs, (size_t)src->npairs * sizeof(st->pairs[0]));
	st->has_expectation = src->has_expectation;
	/* the expectation without the unused tail of its numbers */
	st->expect.kind = src->expect.kind;
	st->expect.err = src->expect.err;
	st->expect.label = src->expect.label;
	st->expect.nspid.n = src->expect.nspid.n;
	memcpy(st->expect.nspid.nr, src->expect.nspid.nr,
	       (size_t)src->expect.nspid.n * sizeof(int));
	st->argc = src->argc;

	/* a range's expansion is never longer than the range: buf suffices */
	for (k = 0; k < tp->nargs; k++) {
		const char *tok = t->line + tp->aoff[k];
		size_t tlen = tp->alen[k];

		st->argv[k] = st->buf + pos;
		if (tp->arange[k] < 0) {
			memcpy(st->buf + pos, tok, tlen);
			pos += tlen;
		} else {
			const struct lref *l = &tp->lref[(int)tp->arange[k]];
			size_t head = l->off - tp->aoff[k];
			size_t tail = tp->aoff[k] + tlen - (l->off + l->len);
			size_t n;

			memcpy(st->buf + pos, tok, head);
			pos += head;
			n = expand_label(t->line, l, i, st->buf + pos);
			id = pass2_label(t, l, st->buf + pos, n);
			if (id < 0)
				return id;
			set_slot(st, l->slot, id);
			pos += n;
			memcpy(st->buf + pos, t->line + l->off + l->len, tail);
			pos += tail;
		}
		st->buf[pos++] = '\0';
	}
	if (tp->rlen && st->op == OP_SHOW) {
		/* show's pairs, one space between them, as show prints them */
		st->expect_text = st->buf + pos;
		for (k = 0; k < tp->rntok; k++) {
			if (k)
				st->buf[pos++] = ' ';
			memcpy(st->buf + pos, t->line + t->toff[tp->rtok + k],
			       t->tlen[tp->rtok + k]);
			pos += t->tlen[tp->rtok + k];
		}
		st->buf[pos++] = '\0';
	} else if (tp->rlen) {
		st->expect_text = st->buf + pos;
		memcpy(st->buf + pos, t->line + tp->roff, tp->rlen);
		pos += tp->rlen;
		st->buf[pos++] = '\0';
	} else {
		st->expect_text = NULL;
	}
	*used = pos;
	return 0;
}

/* ---- the API ------------------------------------------------------------ */

static void abandon_spool(struct trace *t)
{
	stmt_spool_close(&t->spool);
	t->spooled = false;
}

/*
 * Pass 1: the statements of the line just checked, into the spool. Labels
 * the line created are numbered from first_new, as pass 2 would find them.
 */
static int spool_line(struct trace *t, const struct tmpl *tp, int first_new)
{
	unsigned int i;
	size_t used;
	int rc;

	t->next_new = first_new;
	for (i = 0; i < tp->n; i++) {
		rc = emit(t, tp, i, t->scratch, &used);
		if (rc)
			return rc;
		rc = stmt_spool_put(&t->spool, t->scratch, used);
		if (rc)
			return rc;
	}
	return t->spool.bytes > SPOOL_MAX_BYTES ? -EFBIG : 0;
}

static int pass1(struct trace *t)
{
	int first_new, rc;

	t->pass = 1;
	for (;;) {
		rc = read_line(t);
		if (rc <= 0)
			return rc;
		rc = check_bytes(t);
		if (rc)
			return rc;
		rc = parse_line(t, &t->tp);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		first_new = t->nlabels;
		rc = check_labels(t, &t->tp);
		if (rc)
			return rc;
		/* a spool that cannot go on only means parsing again in pass 2 */
		if (t->spooled && spool_line(t, &t->tp, first_new))
			abandon_spool(t);
	}
}

struct trace *trace_open(const char *path, FILE *err)
{
	struct trace *t;
	int rc;

	t = calloc(1, sizeof(*t));
	if (!t)
		goto out_nomem;
	t->in.in_fd = t->in.spool_fd = t->in.fd = -1;
	stmt_spool_init(&t->spool);
	t->err = err;
	t->path = strdup(path);
	if (!t->path)
		goto out_nomem_free;
	t->shown = strcmp(path, "-") == 0 ? "<stdin>" : t->path;

	rc = grow_slots(t);
	if (!rc)
		rc = add_label(t, "init", 4, 0, label_hash("init", 4),
			       label_slot(t, "init", 4, label_hash("init", 4)));
	if (rc < 0)
		goto out_err;
	rc = trace_input_open(&t->in, t->path);
	if (rc)
		goto out_err;
	t->scratch = malloc(sizeof(*t->scratch));
	t->spooled = t->scratch && stmt_spool_open(&t->spool) == 0;
	rc = pass1(t);
	if (rc)
		goto out_err;
	rc = trace_rewind(t);
	if (rc)
		goto out_err;
	return t;

out_err:
	if (!t->reported) {
		if (rc == -EFBIG)
			fprintf(err, "%s: too many lines\n", t->shown);
		else
			fprintf(err, "%s: %s\n", t->shown, strerror(-rc));
	}
	trace_close(t);
	return NULL;
out_nomem_free:
	trace_close(t);
out_nomem:
	fprintf(err, "%s: %s\n", strcmp(path, "-") == 0 ? "<stdin>" : path,
		strerror(ENOMEM));
	return NULL;
}

int trace_label_count(const struct trace *t)
{
	return t->nlabels;
}

const char *trace_label_name(const struct trace *t, int id)
{
	if (id < 0 || id >= t->nlabels)
		return NULL;
	return t->names[id];
}

const char *const *trace_label_names(const struct trace *t)
{
	return t->names;
}

const char *trace_path(const struct trace *t)
{
	return t->path;
}

unsigned long long trace_statement_count(const struct trace *t)
{
	return t->nstmts;
}

int trace_rewind(struct trace *t)
{
	int rc;

	if (t->spooled && stmt_spool_rewind(&t->spool) < 0)
		abandon_spool(t);
	if (!t->spooled) {
		rc = trace_input_rewind(&t->in);
		if (rc)
			return rc;
	}
	t->pass = 2;
	t->lineno = 0;
	t->seen_stmt = false;
	t->version = 0;
	t->tp.n = 0;
	t->next_i = 0;
	t->next_new = LABEL_INIT + 1;
	return 0;
}

int trace_next(struct trace *t, struct stmt *st)
{
	size_t used;
	int rc;

	if (t->spooled)
		return stmt_spool_get(&t->spool, st, t->path);
	while (t->next_i >= t->tp.n) {
		rc = read_line(t);
		if (rc <= 0)
			return rc;
		if (t->toolong)
			return -ESTALE;
		t->tp.n = 0;
		rc = parse_line(t, &t->tp);
		if (rc < 0)
			return -ESTALE;
		if (rc == 0)
			continue;
		rc = resolve_fixed(t, &t->tp);
		if (rc)
			return rc;
		t->next_i = 0;
	}
	rc = emit(t, &t->tp, t->next_i++, st, &used);
	return rc < 0 ? rc : 1;
}

void trace_close(struct trace *t)
{
	struct label_chunk *c, *next;

	if (!t)
		return;
	for (c = t->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(t->slots);
	stmt_spool_close(&t->spool);
	free(t->scratch);
	trace_input_close(&t->in);
	free(t->names);
	free(t->path);
	free(t);
}
