/*
 * runner.h - drive an engine through a trace, apply the rules common to all
 * engines (docs/semantics.md, "Runner rules"), check expectations and report.
 */
#ifndef PIDSIM_RUNNER_H
#define PIDSIM_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/run/engine.h"
#include "sim/trace/trace.h"

struct runner;

/* A runner for one trace on one engine; calls e->ops->begin(). */
struct runner *runner_new(struct engine *e, const struct trace *t, int *err);

/*
 * Run one statement through the common rules and the engine. res receives
 * the statement's result; for OP_EXPECT kind is OC_OK or OC_FOUND/OC_ERRNO.
 * *held is set when the statement carries an expectation (or is an expect):
 * 1 held, 0 failed, -1 no expectation. Returns 0 or -errno (engine broke).
 */
int runner_step(struct runner *r, const struct stmt *st, struct result *res,
		int *held);

/* Calls e->ops->end() and frees the runner. */
void runner_free(struct runner *r);

/* The result as one token: "7/1", "ok", "ENOMEM", "state=zombie". */
const char *result_token(const struct result *res, char *buf, size_t len);

/* Does res satisfy the expectation `=> R`? */
bool expectation_holds(const struct expectation *x, const struct result *res);

struct run_totals {
	unsigned long long statements;
	unsigned long long expectations;
	unsigned long long failed;
};

/* Print one statement's line of output, text or JSON. */
void report_stmt(FILE *out, bool json, const struct stmt *st,
		 const struct result *res, int held);

/*
 * Print the summary line or object; file is NULL when there is one file.
 * extra_json, when not NULL, is more members for the JSON summary object,
 * written after "failed" as given (e.g. "\"diverged\":3"); text ignores it.
 */
void report_summary(FILE *out, bool json, const char *file,
		    const struct run_totals *tot, const char *extra_json);

/*
 * Before each file's lines when several files run: "==> FILE <==" in text,
 * preceded by a blank line unless first; nothing in JSON. "-" is shown as
 * "<stdin>".
 */
void report_file_header(FILE *out, bool json, const char *file, bool first);

/* Count one statement's held (as runner_step sets it) into *tot. */
void run_totals_add(struct run_totals *tot, int held);

/*
 * Run every statement of t from its first (trace_rewind) through r, print
 * each with report_stmt() and count it into *tot. On an engine failure or a
 * read error, print "FILE:LINE: what failed" to err and return -errno; the
 * statements before it were reported. Returns 0 otherwise.
 */
int runner_run_trace(struct runner *r, struct trace *t, FILE *out, FILE *err,
		     bool json, struct run_totals *tot);

#endif /* PIDSIM_RUNNER_H */
