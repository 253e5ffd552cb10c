/*
 * trace_args.h - the FILE... arguments of `run`, `live` and `diff`.
 */
#ifndef PIDSIM_TRACE_ARGS_H
#define PIDSIM_TRACE_ARGS_H

#include "sim/trace/trace.h"

/*
 * trace_open_args - open and validate every trace the arguments name: a
 * file, "-" (standard input, once), or a directory, which stands for every
 * *.trace file below it in path order. Every trace is checked before the
 * caller runs any. On any error prints "pidsim CMD: ..." or the parser's
 * located message to stderr and returns NULL (exit status 2); otherwise
 * returns the traces and sets *n (>= 1). Free with trace_close_args().
 */
struct trace **trace_open_args(const char *cmd, char **args, int nargs, int *n);

void trace_close_args(struct trace **traces, int n);

#endif /* PIDSIM_TRACE_ARGS_H */
