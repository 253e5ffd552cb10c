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
 * large buffer. JSON goes through lib/json.h, which escapes every string.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* fputs_unlocked */
#endif
#include <stdio.h>
#include <string.h>

#include "lib/json.h"
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

void report_stmt(FILE *out, bool json, const struct stmt *st,
		 const struct result *res, int held)
{
	char buf[NSPID_MAX * 12 + 8];
	const char *token = result_token(res, buf, sizeof(buf));
	struct json j;
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

	json_start(&j, out);
	json_object_begin(&j);
	json_kv_uint(&j, "line", st->line);
	json_kv_string(&j, "op", stmt_op_name(st->op));
	json_key(&j, "args");
	json_array_begin(&j);
	for (i = 0; i < st->argc; i++)
		json_string(&j, st->argv[i]);
	json_array_end(&j);
	json_kv_string(&j, "result", token);
	if (res->kind == OC_NSPID) {
		json_key(&j, "nspid");
		json_array_begin(&j);
		for (i = 0; i < res->nspid.n && i < NSPID_MAX; i++)
			json_int(&j, res->nspid.nr[i]);
		json_array_end(&j);
	}
	if (st->has_expectation && st->expect_text)
		json_kv_string(&j, "expected", st->expect_text);
	if (held >= 0)
		json_kv_bool(&j, "ok", held);
	json_object_end(&j);
	json_end_line(&j);
}

void report_summary(FILE *out, bool json, const char *file,
		    const struct run_totals *tot, const char *extra_json)
{
	struct json j;

	if (!json) {
		put_uint(out, tot->statements);
		put_str(out, " statements, ");
		put_uint(out, tot->failed);
		put_str(out, " of ");
		put_uint(out, tot->expectations);
		put_str(out, " expectations failed\n");
		return;
	}
	json_start(&j, out);
	json_object_begin(&j);
	json_key(&j, "summary");
	json_object_begin(&j);
	if (file)
		json_kv_string(&j, "file", file);
	json_kv_uint(&j, "statements", tot->statements);
	json_kv_uint(&j, "expectations", tot->expectations);
	json_kv_uint(&j, "failed", tot->failed);
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
