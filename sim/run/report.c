/*
 * report.c - one line of output per statement, text or JSON Lines
 * (TRACE-FORMAT.md "Output", docs/semantics.md "Exit statuses and output").
 *
 * Text:  12: fork a b -> 7/1
 *        15: wait a b -> running (expected ok)
 * JSON:  {"line":12,"op":"fork","args":["a","b"],"result":"7/1","nspid":[7,1]}
 *
 * A trace may hold millions of statements, so a line is written with
 * unlocked stdio calls and no allocation; the caller gives the stream a
 * large buffer. JSON strings are escaped fully (control characters, quotes,
 * invalid UTF-8 as U+FFFD), because file names reach the output too.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* fputs_unlocked */
#endif
#include <stdio.h>
#include <string.h>

#include "sim/run/runner.h"

static void put_str(FILE *out, const char *s)
{
	fputs_unlocked(s, out);
}

static void put_uint(FILE *out, unsigned long long v)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_unlocked(tmp[--n], out);
}

static void put_int(FILE *out, int v)
{
	if (v < 0) {
		putc_unlocked('-', out);
		put_uint(out, -(unsigned long long)v);
	} else {
		put_uint(out, (unsigned long long)v);
	}
}

/* Length of the valid UTF-8 sequence at s, or 0 (see trace.c for the rules). */
static size_t utf8_len(const unsigned char *s)
{
	size_t more, k;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		more = 1;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		more = 2;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		more = 3;
	else
		return 0;
	for (k = 1; k <= more; k++)
		if ((s[k] & 0xC0) != 0x80)	/* also stops at the NUL */
			return 0;
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
	    (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
		return 0;
	return more + 1;
}

static void json_str(FILE *out, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	putc_unlocked('"', out);
	while (*s) {
		unsigned char c = *s;

		if (c == '"' || c == '\\') {
			putc_unlocked('\\', out);
			putc_unlocked((char)c, out);
			s++;
		} else if (c < 0x20 || c == 0x7f) {
			put_str(out, "\\u00");
			putc_unlocked(hex[c >> 4], out);
			putc_unlocked(hex[c & 15], out);
			s++;
		} else if (c < 0x80) {
			putc_unlocked((char)c, out);
			s++;
		} else if ((n = utf8_len(s))) {
			fwrite_unlocked(s, 1, n, out);
			s += n;
		} else {
			put_str(out, "\\ufffd");
			s++;
		}
	}
	putc_unlocked('"', out);
}

void report_stmt(FILE *out, bool json, const struct stmt *st,
		 const struct result *res, int held)
{
	char buf[NSPID_MAX * 12 + 8];
	const char *token = result_token(res, buf, sizeof(buf));
	int i;

	if (!json) {
		put_uint(out, st->line);
		put_str(out, ": ");
		put_str(out, stmt_op_name(st->op));
		for (i = 0; i < st->argc; i++) {
			putc_unlocked(' ', out);
			put_str(out, st->argv[i]);
		}
		put_str(out, " -> ");
		put_str(out, token);
		if (held == 0 && st->expect_text) {
			put_str(out, " (expected ");
			put_str(out, st->expect_text);
			putc_unlocked(')', out);
		}
		putc_unlocked('\n', out);
		return;
	}

	put_str(out, "{\"line\":");
	put_uint(out, st->line);
	put_str(out, ",\"op\":\"");
	put_str(out, stmt_op_name(st->op));
	put_str(out, "\",\"args\":[");
	for (i = 0; i < st->argc; i++) {
		if (i)
			putc_unlocked(',', out);
		json_str(out, st->argv[i]);
	}
	put_str(out, "],\"result\":");
	json_str(out, token);
	if (res->kind == OC_NSPID) {
		put_str(out, ",\"nspid\":[");
		for (i = 0; i < res->nspid.n && i < NSPID_MAX; i++) {
			if (i)
				putc_unlocked(',', out);
			put_int(out, res->nspid.nr[i]);
		}
		putc_unlocked(']', out);
	}
	if (st->has_expectation && st->expect_text) {
		put_str(out, ",\"expected\":");
		json_str(out, st->expect_text);
	}
	if (held >= 0)
		put_str(out, held ? ",\"ok\":true" : ",\"ok\":false");
	put_str(out, "}\n");
}

void report_summary(FILE *out, bool json, const char *file,
		    const struct run_totals *tot, const char *extra_json)
{
	if (!json) {
		put_uint(out, tot->statements);
		put_str(out, " statements, ");
		put_uint(out, tot->failed);
		put_str(out, " of ");
		put_uint(out, tot->expectations);
		put_str(out, " expectations failed\n");
		return;
	}
	put_str(out, "{\"summary\":{");
	if (file) {
		put_str(out, "\"file\":");
		json_str(out, file);
		putc_unlocked(',', out);
	}
	put_str(out, "\"statements\":");
	put_uint(out, tot->statements);
	put_str(out, ",\"expectations\":");
	put_uint(out, tot->expectations);
	put_str(out, ",\"failed\":");
	put_uint(out, tot->failed);
	if (extra_json && *extra_json) {
		putc_unlocked(',', out);
		put_str(out, extra_json);
	}
	put_str(out, "}}\n");
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
