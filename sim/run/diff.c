/*
 * diff.c - the lockstep diff of two engines over one trace (diff.h).
 *
 * Both engines go through their own runner (runner.h), so the rules common
 * to every engine are applied identically and only the engines themselves
 * are compared: every statement's result token and every expectation's
 * outcome. A label result (wait P any) is a label name, so it compares as
 * a label.
 *
 * On agreement: `FILE: agree (N statements)`. On divergence: the statement,
 * both results, the few statements that led to it, and both engines' view
 * of the processes involved; that trace stops there (the two worlds no
 * longer match, so what follows would not mean anything).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "sim/run/diff.h"
#include "sim/run/report.h"
#include "sim/run/runner.h"

#define DIFF_CONTEXT	5	/* statements shown before a divergence */
#define DIFF_PROCS	12	/* processes shown at most */
#define TOKEN_LEN	RESULT_TEXT_MAX	/* a show result compares whole */

/* One statement as both engines answered it. */
struct diff_step {
	struct stmt st;
	char tok[2][TOKEN_LEN];	/* model, live */
	int held[2];
};

static const char *const engine_names[] = { "model", "live" };

/* A copy of a statement whose pointers point into the copy's own buffer. */
static void stmt_copy(struct stmt *dst, const struct stmt *src)
{
	const char *lo = src->buf, *hi = src->buf + sizeof(src->buf);

	memcpy(dst, src, sizeof(*dst));
	for (int i = 0; i < dst->argc; i++)
		if (src->argv[i] >= lo && src->argv[i] < hi)
			dst->argv[i] = dst->buf + (src->argv[i] - lo);
	if (src->expect_text >= lo && src->expect_text < hi)
		dst->expect_text = dst->buf + (src->expect_text - lo);
}

static void json_stmt(struct json *j, const struct stmt *st)
{
	json_kv_uint(j, "line", st->line);
	json_kv_string(j, "op", stmt_op_name(st->op));
	json_key(j, "args");
	json_array_begin(j);
	for (int i = 0; i < st->argc; i++)
		json_string(j, st->argv[i]);
	json_array_end(j);
}

static void put_args(FILE *out, const struct stmt *st)
{
	fputs(stmt_op_name(st->op), out);
	for (int i = 0; i < st->argc; i++)
		fprintf(out, " %s", st->argv[i]);
	if (st->expect_text)
		fprintf(out, " => %s", st->expect_text);
}

static const char *held_word(int held)
{
	return held < 0 ? "" : held ? " (held)" : " (failed)";
}

/* One engine's view of one label: "nspid=7/1 state=running parent=init". */
static void view_of(struct engine *e, const struct trace *t, int l, char *buf,
		    size_t len, struct nspid *nspid, int *parent,
		    enum proc_state *state)
{
	struct expect_pair pair = { 0 };
	struct observation obs;
	size_t o = 0;

	nspid->n = 0;
	*parent = LABEL_NONE;
	*state = e->ops->state(e, l);
	buf[0] = '\0';
	if (*state != PS_REAPED) {
		pair.key = EK_NSPID;
		if (!e->ops->observe(e, l, &pair, &obs) && !obs.err)
			*nspid = obs.nspid;
		pair.key = EK_PARENT;
		if (!e->ops->observe(e, l, &pair, &obs) && !obs.err)
			*parent = obs.label;
	}
	if (nspid->n) {
		o += snprintf(buf + o, len - o, "nspid=");
		for (int k = 0; k < nspid->n && o < len; k++)
			o += snprintf(buf + o, len - o, "%s%d", k ? "/" : "",
				      nspid->nr[k]);
		o += snprintf(buf + o, len - o, " ");
	}
	if (o < len)
		o += snprintf(buf + o, len - o, "state=%s", proc_state_name(*state));
	if (*state != PS_REAPED && o < len)
		snprintf(buf + o, len - o, " parent=%s", *parent == LABEL_NONE ? "-" :
			 trace_label_name(t, *parent));
}

static void add_label(int *set, int *n, int l)
{
	if (l < 0 || *n >= DIFF_PROCS)
		return;
	for (int i = 0; i < *n; i++)
		if (set[i] == l)
			return;
	set[(*n)++] = l;
}

static void add_step_labels(const struct stmt *st, int *set, int *n)
{
	add_label(set, n, st->label[0]);
	add_label(set, n, st->label[1]);
	for (int i = 0; i < st->npairs; i++)
		if (st->pairs[i].key == EK_PARENT || st->pairs[i].key == EK_PID_AT)
			add_label(set, n, st->pairs[i].label);
}

/*
 * d diverged; hist[i % DIFF_CONTEXT] holds statement i for the last few of
 * the at statements before it, which both engines agreed on.
 */
static void report_divergence(FILE *out, bool json, const struct trace *t,
			      struct engine *eng[2], const struct diff_step *d,
			      const struct diff_step *hist,
			      unsigned long long at, const char *model_why)
{
	unsigned long long first = at > DIFF_CONTEXT ? at - DIFF_CONTEXT : 0;
	int labels[DIFF_PROCS], nl = 0;
	struct json j;

	/* The diverging statement's own labels first, then its context's. */
	add_step_labels(&d->st, labels, &nl);
	for (unsigned long long i = at; i-- > first;)
		add_step_labels(&hist[i % DIFF_CONTEXT].st, labels, &nl);

	if (json) {
		json_start(&j, out);
		json_object_begin(&j);
		json_kv_string(&j, "file", trace_path(t));
		json_kv_bool(&j, "agree", false);
		json_kv_uint(&j, "statements", at + 1);
		json_stmt(&j, &d->st);
		for (int k = 0; k < 2; k++) {
			char key[32];

			json_kv_string(&j, engine_names[k], d->tok[k]);
			snprintf(key, sizeof(key), "%s_held", engine_names[k]);
			if (d->held[k] >= 0)
				json_kv_bool(&j, key, d->held[k]);
		}
		if (model_why) {
			json_key(&j, "model_why");
			report_why_json(&j, model_why);
		}
		json_key(&j, "context");
		json_array_begin(&j);
		for (unsigned long long i = first; i < at; i++) {
			const struct diff_step *c = &hist[i % DIFF_CONTEXT];

			json_object_begin(&j);
			json_stmt(&j, &c->st);
			json_kv_string(&j, "result", c->tok[MODEL]);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_key(&j, "processes");
		json_array_begin(&j);
	} else {
		fprintf(out, "%s: diverge at line %u (statement %llu): ",
			trace_path(t), d->st.line, at + 1);
		put_args(out, &d->st);
		fprintf(out, "\n  model: %s%s\n", d->tok[MODEL],
			held_word(d->held[MODEL]));
		if (model_why)
			report_why_text(out, model_why, "    ");
		fprintf(out, "  live:  %s%s\n", d->tok[LIVE], held_word(d->held[LIVE]));
		if (at > first)
			fputs("  after (both agreed):\n", out);
		for (unsigned long long i = first; i < at; i++) {
			const struct diff_step *c = &hist[i % DIFF_CONTEXT];

			fprintf(out, "    %u: ", c->st.line);
			put_args(out, &c->st);
			fprintf(out, " -> %s\n", c->tok[MODEL]);
		}
		fputs("  processes (model | live):\n", out);
	}
	for (int i = 0; i < nl; i++) {
		char view[2][TOKEN_LEN + 128];
		struct nspid ns[2];
		enum proc_state st[2];
		int parent[2];

		for (int k = 0; k < 2; k++)
			view_of(eng[k], t, labels[i], view[k], sizeof(view[k]),
				&ns[k], &parent[k], &st[k]);
		if (!json) {
			fprintf(out, "    %-12s %s | %s%s\n",
				trace_label_name(t, labels[i]), view[MODEL], view[LIVE],
				strcmp(view[MODEL], view[LIVE]) ? "  <--" : "");
			continue;
		}
		json_object_begin(&j);
		json_kv_string(&j, "label", trace_label_name(t, labels[i]));
		for (int k = 0; k < 2; k++) {
			json_key(&j, engine_names[k]);
			json_object_begin(&j);
			json_kv_string(&j, "state", proc_state_name(st[k]));
			json_key(&j, "nspid");
			json_array_begin(&j);
			for (int q = 0; q < ns[k].n; q++)
				json_int(&j, ns[k].nr[q]);
			json_array_end(&j);
			json_key(&j, "parent");
			if (parent[k] == LABEL_NONE)
				json_null(&j);
			else
				json_string(&j, trace_label_name(t, parent[k]));
			json_object_end(&j);
		}
		json_object_end(&j);
	}
	if (json) {
		json_array_end(&j);
		json_object_end(&j);
		json_end_line(&j);
	}
}

int diff_trace(struct engine *eng[2], struct trace *t, FILE *out, bool json)
{
	struct runner *r[2] = { NULL, NULL };
	struct diff_step *hist, *d;
	struct result res[2];
	unsigned long long count = 0;
	int rc, status = 0;

	/* The ring of agreed statements, then the current one. */
	hist = calloc(DIFF_CONTEXT + 1, sizeof(*hist));
	if (!hist)
		return DIFF_BROKE;
	d = &hist[DIFF_CONTEXT];
	for (int k = 0; k < 2; k++) {
		r[k] = runner_new(eng[k], t, &rc);
		if (!r[k]) {
			fprintf(stderr, "pidsim: diff: %s: cannot start the %s: %s\n",
				trace_path(t), engine_names[k], strerror(-rc));
			status = DIFF_BROKE;
			goto out;
		}
	}
	rc = trace_rewind(t);
	if (rc) {
		fprintf(stderr, "pidsim: diff: %s: %s\n", trace_path(t), strerror(-rc));
		status = DIFF_BROKE;
		goto out;
	}
	for (;; count++) {
		rc = trace_next(t, &d->st);
		if (rc == 0)
			break;
		if (rc < 0) {
			fprintf(stderr, "pidsim: diff: %s: %s\n", trace_path(t),
				strerror(-rc));
			status = DIFF_BROKE;
			goto out;
		}
		for (int k = 0; k < 2; k++) {
			char buf[TOKEN_LEN];

			rc = runner_step(r[k], &d->st, &res[k], &d->held[k]);
			if (rc == -EINTR) {
				/* stopped by a signal (live): no engine failed */
				fflush(stdout);
				fprintf(stderr, "pidsim: diff: %s:%u: interrupted\n",
					trace_path(t), d->st.line);
				status = DIFF_BROKE;
				goto out;
			}
			if (rc < 0) {
				fflush(stdout);
				fprintf(stderr, "pidsim: diff: %s:%u: the %s engine failed: %s\n",
					trace_path(t), d->st.line, engine_names[k],
					strerror(-rc));
				status = DIFF_BROKE;
				goto out;
			}
			snprintf(d->tok[k], TOKEN_LEN, "%s",
				 result_token(&res[k], buf, sizeof(buf)));
		}
		if (strcmp(d->tok[MODEL], d->tok[LIVE]) || d->held[MODEL] != d->held[LIVE]) {
			report_divergence(out, json, t, eng, d, hist, count,
					  res[MODEL].why);
			status = DIFF_DIVERGED;
			goto out;
		}
		/* trace_next() reuses d: keep a self-contained copy. */
		stmt_copy(&hist[count % DIFF_CONTEXT].st, &d->st);
		memcpy(hist[count % DIFF_CONTEXT].tok, d->tok, sizeof(d->tok));
		memcpy(hist[count % DIFF_CONTEXT].held, d->held, sizeof(d->held));
	}
	if (json) {
		struct json j;

		json_start(&j, out);
		json_object_begin(&j);
		json_kv_string(&j, "file", trace_path(t));
		json_kv_bool(&j, "agree", true);
		json_kv_uint(&j, "statements", count);
		json_object_end(&j);
		json_end_line(&j);
	} else {
		fprintf(out, "%s: agree (%llu statements)\n", trace_path(t), count);
	}
out:
	for (int k = 0; k < 2; k++)
		runner_free(r[k]);
	free(hist);
	return status;
}

