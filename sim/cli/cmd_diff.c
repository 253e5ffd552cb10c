/*
 * cmd_diff.c - `pidsim diff [--json] [--kernel VERSION] FILE...`: run each
 * trace on the model and on the live kernel, statement by statement, and
 * report the first statement where they part.
 *
 * The model counts levels as the live trace root does (base level from
 * live_probe()), so that depth limits and set_tid sizes mean the same in
 * both. Both engines go through the same runner (runner.h), so the common
 * rules are applied identically and only the engines are compared: every
 * statement's result token and every expectation's outcome.
 *
 * On agreement: `FILE: agree (N statements)`. On divergence: the statement,
 * both results, the few statements that led to it, and both engines' view
 * of the processes involved; that trace stops there (the two worlds no
 * longer match, so what follows would not mean anything).
 *
 * Exit 0 (all agree), 1 (a trace diverged), 2 (bad command line, malformed
 * trace, unknown profile, or an engine broke), 77 (no live kernel here).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/builtin.h"
#include "sim/engine/model/engine_model.h"
#include "sim/engine/live/engine_live.h"
#include "sim/run/runner.h"
#include "sim/run/trace_args.h"
#include "sim/trace/trace.h"


#define DIFF_CONTEXT	5	/* statements shown before a divergence */
#define DIFF_PROCS	12	/* processes shown at most */
#define TOKEN_LEN	(8 + NSPID_MAX * 12)

struct diff_opts {
	bool json;
	const char *kernel;	/* NULL: the newest profile */
};

/* One statement as both engines answered it. */
struct diff_step {
	struct stmt st;
	char tok[2][TOKEN_LEN];	/* model, live */
	int held[2];
};

enum { MODEL, LIVE };
static const char *const engine_names[] = { "model", "live" };

static int parse_opts(int argc, char **argv, struct diff_opts *o)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "kernel",	required_argument,	NULL, 'k' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'k':
			rc = engine_model_kernel_arg("diff", optarg);
			if (rc)
				return rc > 0 ? -1 : EXIT_USAGE;
			o->kernel = optarg;
			break;
		case 'h':
			usage_of("diff", stdout);
			return -1;
		case ':':
			return usage_error("diff", "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("diff", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

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

static void json_str(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			putc(c, out);
	}
	putc('"', out);
}

static void put_args(FILE *out, bool json, const struct stmt *st)
{
	if (json) {
		putc('[', out);
		for (int i = 0; i < st->argc; i++) {
			if (i)
				putc(',', out);
			json_str(out, st->argv[i]);
		}
		putc(']', out);
		return;
	}
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
			      unsigned long long at)
{
	unsigned long long first = at > DIFF_CONTEXT ? at - DIFF_CONTEXT : 0;
	int labels[DIFF_PROCS], nl = 0;

	/* The diverging statement's own labels first, then its context's. */
	add_step_labels(&d->st, labels, &nl);
	for (unsigned long long i = at; i-- > first;)
		add_step_labels(&hist[i % DIFF_CONTEXT].st, labels, &nl);

	if (json) {
		fputs("{\"file\":", out);
		json_str(out, trace_path(t));
		fprintf(out, ",\"agree\":false,\"statements\":%llu,\"line\":%u,\"op\":",
			at + 1, d->st.line);
		json_str(out, stmt_op_name(d->st.op));
		fputs(",\"args\":", out);
		put_args(out, true, &d->st);
		for (int k = 0; k < 2; k++) {
			fprintf(out, ",\"%s\":", engine_names[k]);
			json_str(out, d->tok[k]);
			if (d->held[k] >= 0)
				fprintf(out, ",\"%s_held\":%s", engine_names[k],
					d->held[k] ? "true" : "false");
		}
		fputs(",\"context\":[", out);
		for (unsigned long long i = first; i < at; i++) {
			const struct diff_step *c = &hist[i % DIFF_CONTEXT];

			fprintf(out, "%s{\"line\":%u,\"op\":", i > first ? "," : "",
				c->st.line);
			json_str(out, stmt_op_name(c->st.op));
			fputs(",\"args\":", out);
			put_args(out, true, &c->st);
			fputs(",\"result\":", out);
			json_str(out, c->tok[MODEL]);
			fputc('}', out);
		}
		fputs("],\"processes\":[", out);
	} else {
		fprintf(out, "%s: diverge at line %u (statement %llu): ",
			trace_path(t), d->st.line, at + 1);
		put_args(out, false, &d->st);
		fprintf(out, "\n  model: %s%s\n  live:  %s%s\n", d->tok[MODEL],
			held_word(d->held[MODEL]), d->tok[LIVE],
			held_word(d->held[LIVE]));
		if (at > first)
			fputs("  after (both agreed):\n", out);
		for (unsigned long long i = first; i < at; i++) {
			const struct diff_step *c = &hist[i % DIFF_CONTEXT];

			fprintf(out, "    %u: ", c->st.line);
			put_args(out, false, &c->st);
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
		fprintf(out, "%s{\"label\":", i ? "," : "");
		json_str(out, trace_label_name(t, labels[i]));
		for (int k = 0; k < 2; k++) {
			fprintf(out, ",\"%s\":{\"state\":\"%s\",\"nspid\":[",
				engine_names[k], proc_state_name(st[k]));
			for (int j = 0; j < ns[k].n; j++)
				fprintf(out, "%s%d", j ? "," : "", ns[k].nr[j]);
			fputs("],\"parent\":", out);
			if (parent[k] == LABEL_NONE)
				fputs("null", out);
			else
				json_str(out, trace_label_name(t, parent[k]));
			fputc('}', out);
		}
		fputc('}', out);
	}
	if (json)
		fputs("]}\n", out);
}

/* Diff one validated trace: 0 agree, 1 diverged, 2 an engine broke. */
static int diff_one(struct engine *eng[2], struct trace *t, bool json)
{
	struct runner *r[2] = { NULL, NULL };
	struct diff_step *hist, *d;
	struct result res[2];
	unsigned long long count = 0;
	int rc, status = 0;

	/* The ring of agreed statements, then the current one. */
	hist = calloc(DIFF_CONTEXT + 1, sizeof(*hist));
	if (!hist)
		return EXIT_USAGE;
	d = &hist[DIFF_CONTEXT];
	for (int k = 0; k < 2; k++) {
		r[k] = runner_new(eng[k], t, &rc);
		if (!r[k]) {
			fprintf(stderr, "pidsim diff: %s: cannot start the %s: %s\n",
				trace_path(t), engine_names[k], strerror(-rc));
			status = EXIT_USAGE;
			goto out;
		}
	}
	rc = trace_rewind(t);
	if (rc) {
		fprintf(stderr, "pidsim diff: %s: %s\n", trace_path(t), strerror(-rc));
		status = EXIT_USAGE;
		goto out;
	}
	for (;; count++) {
		rc = trace_next(t, &d->st);
		if (rc == 0)
			break;
		if (rc < 0) {
			fprintf(stderr, "pidsim diff: %s: %s\n", trace_path(t),
				strerror(-rc));
			status = EXIT_USAGE;
			goto out;
		}
		for (int k = 0; k < 2; k++) {
			char buf[TOKEN_LEN];

			rc = runner_step(r[k], &d->st, &res[k], &d->held[k]);
			if (rc < 0) {
				fflush(stdout);
				fprintf(stderr, "pidsim diff: %s:%u: the %s engine failed: %s\n",
					trace_path(t), d->st.line, engine_names[k],
					strerror(-rc));
				status = EXIT_USAGE;
				goto out;
			}
			snprintf(d->tok[k], TOKEN_LEN, "%s",
				 result_token(&res[k], buf, sizeof(buf)));
		}
		if (strcmp(d->tok[MODEL], d->tok[LIVE]) || d->held[MODEL] != d->held[LIVE]) {
			report_divergence(stdout, json, t, eng, d, hist, count);
			status = EXIT_FAILED_EXPECT;
			goto out;
		}
		/* trace_next() reuses d: keep a self-contained copy. */
		stmt_copy(&hist[count % DIFF_CONTEXT].st, &d->st);
		memcpy(hist[count % DIFF_CONTEXT].tok, d->tok, sizeof(d->tok));
		memcpy(hist[count % DIFF_CONTEXT].held, d->held, sizeof(d->held));
	}
	if (json) {
		fputs("{\"file\":", stdout);
		json_str(stdout, trace_path(t));
		fprintf(stdout, ",\"agree\":true,\"statements\":%llu}\n", count);
	} else {
		printf("%s: agree (%llu statements)\n", trace_path(t), count);
	}
out:
	for (int k = 0; k < 2; k++)
		runner_free(r[k]);
	free(hist);
	return status;
}

int cmd_diff(int argc, char **argv)
{
	struct diff_opts o = { 0 };
	struct live_probe probe;
	struct trace **traces = NULL;
	struct engine *eng[2] = { NULL, NULL };
	int i, n = 0, rc, status = 0;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;

	traces = trace_open_args("diff", argv + optind, argc - optind, &n);
	if (!traces)
		return EXIT_USAGE;
	if (live_probe(NULL, &probe)) {
		fprintf(stderr, "pidsim diff: cannot run on the live kernel here: %s\n",
			probe.why);
		status = EXIT_SKIP;
		goto out_traces;
	}
	rc = engine_model_new(o.kernel, probe.base_level, &eng[MODEL]);
	eng[LIVE] = engine_live_new(NULL);
	if (rc || !eng[LIVE]) {
		fprintf(stderr, "pidsim diff: cannot create the engines: %s\n",
			strerror(rc ? -rc : ENOMEM));
		status = EXIT_USAGE;
		goto out_engines;
	}
	for (i = 0; i < n; i++) {
		rc = diff_one(eng, traces[i], o.json);
		fflush(stdout);
		if (rc == EXIT_USAGE) {
			status = rc;
			break;
		}
		if (rc)
			status = rc;
	}
out_engines:
	for (int k = 0; k < 2; k++)
		if (eng[k])
			eng[k]->ops->destroy(eng[k]);
out_traces:
	trace_close_args(traces, n);
	return status;
}
