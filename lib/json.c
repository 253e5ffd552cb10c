/*
 * json.c - the JSON writer (json.h).
 *
 * Invariant: need_comma[d] is true once the container open at depth d has
 * a member; after_key is true between a key and its value.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* the unlocked stdio calls */
#endif
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"

/* Length of the valid UTF-8 sequence at s (2 to 4), or 0: overlong forms,
 * surrogates and code points past U+10FFFF are not valid. */
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

void json_put_string(FILE *out, const char *str)
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
			fputs_unlocked("\\u00", out);
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
			fputs_unlocked("\\ufffd", out);
			s++;
		}
	}
	putc_unlocked('"', out);
}

void json_start(struct json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

/* Before any value: the comma that separates it from the one before. */
static void before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth && j->need_comma[j->depth - 1])
		putc_unlocked(',', j->out);
	if (j->depth)
		j->need_comma[j->depth - 1] = true;
}

static void open_container(struct json *j, char c)
{
	before_value(j);
	assert(j->depth < JSON_DEPTH_MAX);
	putc_unlocked(c, j->out);
	j->need_comma[j->depth++] = false;
}

static void close_container(struct json *j, char c)
{
	assert(j->depth > 0 && !j->after_key);
	j->depth--;
	putc_unlocked(c, j->out);
}

void json_object_begin(struct json *j)
{
	open_container(j, '{');
}

void json_object_end(struct json *j)
{
	close_container(j, '}');
}

void json_array_begin(struct json *j)
{
	open_container(j, '[');
}

void json_array_end(struct json *j)
{
	close_container(j, ']');
}

void json_key(struct json *j, const char *key)
{
	assert(j->depth > 0 && !j->after_key);
	before_value(j);
	json_put_string(j->out, key);
	putc_unlocked(':', j->out);
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	before_value(j);
	json_put_string(j->out, s);
}

void json_uint(struct json *j, unsigned long long v)
{
	before_value(j);
	put_uint_unlocked(j->out, v);
}

void json_int(struct json *j, long long v)
{
	before_value(j);
	if (v < 0) {
		putc_unlocked('-', j->out);
		put_uint_unlocked(j->out, -(unsigned long long)v);
	} else {
		put_uint_unlocked(j->out, (unsigned long long)v);
	}
}

void json_bool(struct json *j, bool v)
{
	before_value(j);
	fputs_unlocked(v ? "true" : "false", j->out);
}

void json_null(struct json *j)
{
	before_value(j);
	fputs_unlocked("null", j->out);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_kv_uint(struct json *j, const char *key, unsigned long long v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_end_line(struct json *j)
{
	assert(j->depth == 0);
	putc_unlocked('\n', j->out);
}
