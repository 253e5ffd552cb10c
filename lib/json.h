/*
 * json.h - the one JSON writer: every JSON object pidsim prints goes
 * through it, so every string is escaped the same way.
 *
 * A struct json writes one JSON value (usually an object) to a stdio stream
 * as it is built, with no allocation: commas and nesting are tracked here,
 * so a caller only says what comes next. Strings are escaped fully: quote
 * and backslash, control characters and DEL as \u00XX, and any byte that is
 * not part of valid UTF-8 as U+FFFD, because file names and trace text reach
 * the output too. Output uses unlocked stdio (one thread writes a stream).
 *
 * Nesting deeper than JSON_DEPTH_MAX is a programming error (asserted).
 */
#ifndef PIDSIM_LIB_JSON_H
#define PIDSIM_LIB_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_DEPTH_MAX	16

struct json {
	FILE *out;
	unsigned int depth;
	bool need_comma[JSON_DEPTH_MAX];
	bool after_key;
};

/* Start writing one value to out. */
void json_start(struct json *j, FILE *out);

/* Open or close an object or an array (as a value: after a key, in an
 * array, or at the top). */
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);

/* The key of the next member of the open object. */
void json_key(struct json *j, const char *key);

/* Values. */
void json_string(struct json *j, const char *s);
void json_int(struct json *j, long long v);
void json_uint(struct json *j, unsigned long long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* key and value at once, for the common members. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, long long v);
void json_kv_uint(struct json *j, const char *key, unsigned long long v);
void json_kv_bool(struct json *j, const char *key, bool v);

/* End the top-level value with a newline (JSON Lines). */
void json_end_line(struct json *j);

/* Write s as a JSON string literal, quotes included, to out. */
void json_put_string(FILE *out, const char *s);

#endif /* PIDSIM_LIB_JSON_H */
