/*
 * report.h - writing pidbench's results: CSV data, gnuplot scripts and
 * their charts (PNG and SVG), and report.md, all in one directory.
 *
 * The report never re-measures anything: it reads the results table. A
 * ratio is the median of per-repetition ratios when the two figures were
 * sampled back to back in the same round (model and floor), else the
 * ratio of the medians (said so where it is used).
 */
#ifndef PIDBENCH_REPORT_H
#define PIDBENCH_REPORT_H

#include "bench/bench.h"
#include "bench/sys.h"

/*
 * Write everything into dir (which exists). Charts are drawn when gnuplot
 * is there, otherwise the report says they were not. Returns 0 or -errno.
 */
int report_write(const char *dir, const struct bench_cfg *cfg,
		 const struct results *res, const struct sys_desc *sd,
		 double elapsed_s);

#endif /* PIDBENCH_REPORT_H */
