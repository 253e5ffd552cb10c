/*
 * batch.h - run a list of traces on one engine, one after the other, each
 * in a fresh world: the loop that `pidsim run` and `pidsim live` share.
 *
 * For each trace: a "==> FILE <==" heading when there are several, one line
 * per statement, the summary, then the tree when asked (in JSON the tree is
 * each trace's last object). After several traces, one total.
 */
#ifndef PIDSIM_BATCH_H
#define PIDSIM_BATCH_H

#include <stdbool.h>

#include "lib/progress.h"
#include "sim/run/engine.h"
#include "sim/run/tree.h"
#include "sim/trace/trace.h"

struct batch_opts {
	const char *cmd;		/* "run", "live": for messages */
	bool json;
	bool tree;
	struct tree_columns columns;	/* for the tree */
	bool rate;			/* the summary states statements per second */
	const char *color;		/* "auto" (NULL), "always" or "never" */
	enum progress_mode progress;	/* auto: stderr a terminal, stdout not */
};

/*
 * Run traces[0..n-1] on e and print their results to stdout. Returns the
 * exit status: 0, 1 when an expectation failed, 2 when the engine failed or
 * the output could not be written (the traces after such a failure are not
 * run). *stmts and *secs (may be NULL) receive the statements run and the
 * seconds they took, teardown included.
 */
int batch_run(struct engine *e, struct trace **traces, int n,
	      const struct batch_opts *o, unsigned long long *stmts,
	      double *secs);

#endif /* PIDSIM_BATCH_H */
