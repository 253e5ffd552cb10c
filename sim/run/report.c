/*
 * report.c - one line of output per statement, text or JSON Lines, and the
 * summaries (report.h).
 *
 * Text:  12: fork a b -> 7/1
 *        15: wait a b -> running (expected ok)
 * JSON:  {"file":"t.trace","line":12,"op":"fork","args":["a","b"],
 *         "result":"7/1","nspid":[7,1]}
 *
 * A trace may hold millions of statements, so a line is written with
 * unlocked stdio calls and no allocation; the caller gives the stream a
 * large buffer. JSON goes through lib/json.h, which escapes every string.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* fputs_unlocked */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/util.h"
#include "sim/run/report.h"

#define RED	"\033[1;31m"
#define PLAIN	"\033[0m"

static void put_str(FILE *out, const char *s)
{
	fputs_unlocked(s, out);
}

void report_begin(struct report *rp, FILE *out, bool json, bool color,
		  const char *file)
{
	memset(rp, 0, sizeof(*rp));
	rp->out = out;
	rp->json = json;
	rp->color = color && !json;
	rp->file = file;
	rp->line_at_a_time = isatty(fileno(out)) == 1;
}

void report_flush(struct report *rp)
{
	if (rp->npending)
		fwrite_unlocked(rp->pending, 1, rp->npending, rp->out);
	rp->npending = 0;
}

/*
 * A statement's line is put together in rp->pending, which goes to the
 * stream a few kilobytes at a time: on a replay of millions of statements
 * a stdio call per piece, then per line, cost a tenth of the time. The
 * cursor is a local pointer, so that the byte loops stay in registers; a
 * piece that does not fit gives out what is there and goes on.
 */
static char *line_flush(struct report *rp, char *p)
{
	rp->npending = (size_t)(p - rp->pending);
	report_flush(rp);
	return rp->pending;
}

static inline char *line_puts(struct report *rp, char *p, const char *s)
{
	for (;;) {
		char *end = rp->pending + sizeof(rp->pending);

		while (p < end && *s)
			*p++ = *s++;
		if (!*s)
			return p;
		p = line_flush(rp, p);
	}
}

static inline char *line_uint(struct report *rp, char *p, unsigned int v)
{
	char tmp[12];
	size_t n = sizeof(tmp) - 1;

	tmp[n] = '\0';
	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return line_puts(rp, p, tmp + n);
}

/* Room for most lines before a statement starts: no flush in mid-line. */
#define LINE_ROOM	512

static void stmt_text(struct report *rp, const struct stmt *st,
		      const char *token, int held)
{
	char *p;
	bool fail = held == 0;

	if (sizeof(rp->pending) - rp->npending < LINE_ROOM)
		report_flush(rp);
	p = rp->pending + rp->npending;
	if (fail && rp->color)
		p = line_puts(rp, p, RED);
	p = line_uint(rp, p, st->line);
	p = line_puts(rp, p, ": ");
	p = line_puts(rp, p, stmt_op_name(st->op));
	for (int i = 0; i < st->argc; i++) {
		p = line_puts(rp, p, " ");
		p = line_puts(rp, p, st->argv[i]);
	}
	p = line_puts(rp, p, " -> ");
	p = line_puts(rp, p, token);
	if (fail && st->expect_text) {
		p = line_puts(rp, p, " (expected ");
		p = line_puts(rp, p, st->expect_text);
		p = line_puts(rp, p, ")");
	}
	if (fail && rp->color)
		p = line_puts(rp, p, "  FAIL" PLAIN);
	p = line_puts(rp, p, "\n");
	rp->npending = (size_t)(p - rp->pending);
	if (rp->line_at_a_time)
		report_flush(rp);
}

void report_why_text(FILE *out, const char *why, const char *indent)
{
	const char *p = why, *nl;

	while (p && *p) {
		nl = strchr(p, '\n');
		put_str(out, indent);
		if (nl) {
			fwrite_unlocked(p, 1, (size_t)(nl - p), out);
			p = nl + 1;
		} else {
			put_str(out, p);
			p = NULL;
		}
		putc_unlocked('\n', out);
	}
}

void report_why_json(struct json *j, const char *why)
{
	char line[1100];
	const char *p = why, *nl;

	json_array_begin(j);
	while (p && *p) {
		size_t n;

		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		json_string(j, line);
		p = nl ? nl + 1 : NULL;
	}
	json_array_end(j);
}

static void stmt_json(struct report *rp, const struct stmt *st,
		      const struct result *res, const char *token, int held)
{
	struct json j;

	report_flush(rp);
	json_start(&j, rp->out);
	json_object_begin(&j);
	if (rp->file)
		json_kv_string(&j, "file", rp->file);
	json_kv_uint(&j, "line", st->line);
	json_kv_string(&j, "op", stmt_op_name(st->op));
	json_key(&j, "args");
	json_array_begin(&j);
	for (int i = 0; i < st->argc; i++)
		json_string(&j, st->argv[i]);
	json_array_end(&j);
	json_kv_string(&j, "result", token);
	if (res->kind == OC_NSPID) {
		json_key(&j, "nspid");
		json_array_begin(&j);
		for (int i = 0; i < res->nspid.n && i < NSPID_MAX; i++)
			json_int(&j, res->nspid.nr[i]);
		json_array_end(&j);
	}
	if (st->has_expectation && st->expect_text)
		json_kv_string(&j, "expected", st->expect_text);
	if (held >= 0)
		json_kv_bool(&j, "ok", held);
	if (res->why) {
		json_key(&j, "why");
		report_why_json(&j, res->why);
	}
	json_object_end(&j);
	json_end_line(&j);
}

void report_stmt(struct report *rp, const struct stmt *st,
		 const struct result *res, int held)
{
	char buf[RESULT_TOKEN_MAX];
	const char *token = result_token(res, buf, sizeof(buf));

	if (held == 0 && rp->tot.failed < REPORT_LINES_SHOWN)
		rp->failed_line[rp->tot.failed] = st->line;
	run_totals_add(&rp->tot, held);
	if (rp->progress && !(rp->tot.statements & 4095))
		progress_update(rp->progress, rp->tot.statements, rp->total, NULL);
	if (rp->json)
		stmt_json(rp, st, res, token, held);
	else
		stmt_text(rp, st, token, held);
	if (res->why && !rp->json) {
		report_flush(rp);
		report_why_text(rp->out, res->why, "    ");
	}
}

/* The lines of the first failures; a range statement fails on one line
 * many times, so repeats are shown once. */
static unsigned int shown_lines(const struct report *rp, unsigned int *lines)
{
	unsigned int n = 0;
	unsigned long long k = rp->tot.failed < REPORT_LINES_SHOWN ?
			       rp->tot.failed : REPORT_LINES_SHOWN;

	for (unsigned int i = 0; i < k; i++)
		if (!n || lines[n - 1] != rp->failed_line[i])
			lines[n++] = rp->failed_line[i];
	return n;
}

void report_summary(struct report *rp, const char *extra_json)
{
	FILE *out = rp->out;
	unsigned int lines[REPORT_LINES_SHOWN], n = shown_lines(rp, lines);
	struct json j;

	report_flush(rp);
	if (!rp->json) {
		put_uint_unlocked(out, rp->tot.statements);
		put_str(out, " statements, ");
		if (rp->tot.failed && rp->color)
			put_str(out, RED);
		put_uint_unlocked(out, rp->tot.failed);
		put_str(out, " of ");
		put_uint_unlocked(out, rp->tot.expectations);
		put_str(out, " expectations failed");
		if (rp->tot.failed && rp->color)
			put_str(out, PLAIN);
		putc_unlocked('\n', out);
		if (!n)
			return;
		put_str(out, n > 1 ? "failed at lines " : "failed at line ");
		for (unsigned int i = 0; i < n; i++) {
			if (i)
				put_str(out, ", ");
			put_uint_unlocked(out, lines[i]);
		}
		if (rp->tot.failed > REPORT_LINES_SHOWN)
			put_str(out, ", ...");
		putc_unlocked('\n', out);
		return;
	}
	json_start(&j, out);
	json_object_begin(&j);
	json_key(&j, "summary");
	json_object_begin(&j);
	if (rp->file)
		json_kv_string(&j, "file", rp->file);
	json_kv_uint(&j, "schema", REPORT_SCHEMA);
	json_kv_uint(&j, "statements", rp->tot.statements);
	json_kv_uint(&j, "expectations", rp->tot.expectations);
	json_kv_uint(&j, "failed", rp->tot.failed);
	json_key(&j, "failed_lines");
	json_array_begin(&j);
	for (unsigned int i = 0; i < n; i++)
		json_uint(&j, lines[i]);
	json_array_end(&j);
	if (extra_json && *extra_json) {
		putc_unlocked(',', out);
		put_str(out, extra_json);
	}
	json_object_end(&j);
	json_object_end(&j);
	json_end_line(&j);
}

void report_file_header(FILE *out, bool json, const char *file, bool first)
{
	if (json)
		return;
	if (!first)
		putc_unlocked('\n', out);
	put_str(out, "==> ");
	put_str(out, strcmp(file, "-") == 0 ? "<stdin>" : file);
	put_str(out, " <==\n");
}

void report_total(FILE *out, bool json, const struct run_totals *all,
		  unsigned int files, unsigned int files_failed)
{
	struct json j;

	if (!json) {
		fprintf(out, "\ntotal: %u files, %llu statements, %llu of %llu expectations failed",
			files, all->statements, all->failed, all->expectations);
		if (files_failed)
			fprintf(out, " (in %u file%s)", files_failed,
				files_failed == 1 ? "" : "s");
		putc_unlocked('\n', out);
		return;
	}
	json_start(&j, out);
	json_object_begin(&j);
	json_key(&j, "total");
	json_object_begin(&j);
	json_kv_uint(&j, "schema", REPORT_SCHEMA);
	json_kv_uint(&j, "files", files);
	json_kv_uint(&j, "files_failed", files_failed);
	json_kv_uint(&j, "statements", all->statements);
	json_kv_uint(&j, "expectations", all->expectations);
	json_kv_uint(&j, "failed", all->failed);
	json_object_end(&j);
	json_object_end(&j);
	json_end_line(&j);
}

bool report_want_color(const char *when, FILE *out)
{
	const char *no = getenv("NO_COLOR");

	if (!when || !strcmp(when, "auto"))
		return isatty(fileno(out)) && !(no && *no) &&
		       !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
	return !strcmp(when, "always");
}
