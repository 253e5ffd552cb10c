/*
 * b_live_scale.h - pidbench: the live engine's cost per statement against
 * the size of the trace (issue 13): the same real statements at 1,000,
 * 10,000 and 100,000 labels.
 */
#ifndef PIDBENCH_B_LIVE_SCALE_H
#define PIDBENCH_B_LIVE_SCALE_H

#include "bench/bench.h"

/* Rows "live-scale"/"kernel" at param = labels, in stmts/s. */
int bench_live_scale(const struct bench_cfg *cfg, struct results *res);
int bench_live_scale_steps(const struct bench_cfg *cfg);

#endif /* PIDBENCH_B_LIVE_SCALE_H */
