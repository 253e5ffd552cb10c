/*
 * runner.h - drive an engine through a trace, apply the rules common to all
 * engines (docs/semantics.md, "Runner rules"), check expectations and report.
 */
#ifndef PIDSIM_RUNNER_H
#define PIDSIM_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/run/engine.h"
#include "sim/run/result.h"
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

struct report;

/*
 * Run every statement of t from its first (trace_rewind) through r and
 * hand each to rp (report_stmt: printed and counted). On an engine failure
 * or a read error, print "FILE:LINE: what failed" to err and return
 * -errno; the statements before it were reported. Returns 0 otherwise.
 */
int runner_run_trace(struct runner *r, struct trace *t, struct report *rp,
		     FILE *err);

#endif /* PIDSIM_RUNNER_H */
