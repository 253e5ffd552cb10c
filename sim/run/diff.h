/*
 * diff.h - run one trace on two engines in lockstep and report the first
 * statement where they part (`pidsim diff`).
 */
#ifndef PIDSIM_DIFF_H
#define PIDSIM_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/run/engine.h"
#include "sim/trace/trace.h"

enum { MODEL, LIVE };	/* the two engines of a diff, in this order */

enum { DIFF_AGREE = 0, DIFF_DIVERGED = 1, DIFF_BROKE = 2 };

/*
 * diff_trace - run the validated trace t on eng[MODEL] and eng[LIVE] side
 * by side and print to out, text or one JSON object, either the agreement
 * or the first divergence with its context. Returns DIFF_AGREE,
 * DIFF_DIVERGED, or DIFF_BROKE when an engine failed or the trace could
 * not be read (said on stderr).
 */
int diff_trace(struct engine *eng[2], struct trace *t, FILE *out, bool json);

#endif /* PIDSIM_DIFF_H */
