/*
 * shrink.h - make a trace that shows a problem as small as it can be
 * (`pidsim shrink`, `pidsim fuzz --shrink`; docs/fuzzing.md).
 *
 * A trace is "interesting" when a check says so: by default `pidsim diff`
 * on it exits 1 (the model and the live kernel part); with a check command,
 * that command, given the candidate's path as its last argument, exits 1.
 * The shrinker works on the trace's statements with ranges expanded, and
 * only ever tries valid traces: removing a statement that creates a label
 * removes every later statement that uses the label (its whole subtree of
 * processes), so every candidate parses. It tries, in order: dropping all
 * `=> R` expectations, delta debugging (ddmin, complements only) over the
 * statements, whole label subtrees (latest first), and finally each single
 * statement, again until nothing more can go.
 *
 * The result is 1-minimal with respect to single statements and subtrees:
 * removing any one of them makes the trace uninteresting (for a check that
 * answers the same way every time; a flaky check gives a smaller result
 * that may not reproduce).
 */
#ifndef PIDSIM_SHRINK_H
#define PIDSIM_SHRINK_H

#include <stdbool.h>
#include <stdio.h>

#define SHRINK_STATEMENTS_MAX	20000	/* statements of a trace to shrink */
#define SHRINK_TESTS_DEFAULT	2000	/* checks run at most */
#define SHRINK_TIMEOUT_DEFAULT	120	/* seconds one check may take */

struct shrink_opts {
	const char *check;	/* shell command; NULL: `pidsim diff` */
	const char *pidsim;	/* the pidsim executable (for the default check) */
	const char *kernel;	/* --kernel for the default check, or NULL */
	unsigned int max_tests;	/* 0: SHRINK_TESTS_DEFAULT */
	unsigned int timeout;	/* seconds per check; 0: SHRINK_TIMEOUT_DEFAULT */
	FILE *log;		/* progress lines, or NULL */
};

struct shrink_stats {
	unsigned int before, after;	/* statements */
	unsigned int tests;		/* checks run */
	unsigned int timeouts;		/* checks stopped after the timeout */
	bool exhausted;			/* stopped by max_tests */
	int first_status;		/* the check's exit status on the whole trace */
};

/*
 * shrink_trace - shrink the trace at path and write the smallest
 * interesting trace found to out. Returns 0; -EINVAL when the trace is
 * malformed (the parser's message went to stderr) or longer than
 * SHRINK_STATEMENTS_MAX; -ENOEXEC when the trace itself is not
 * interesting (nothing to shrink); -ENODEV when the default check cannot
 * use the live kernel here; -ETIME when the check timed out on the whole
 * trace; -EBADE when it could not run there (sh's 126 or 127, or the
 * default check's 2: first_status says which); -ENOMEM, -EIO, or the errno of a check
 * that could not be started. *stats may be NULL.
 */
int shrink_trace(const char *path, const struct shrink_opts *o, FILE *out,
		 struct shrink_stats *stats);
/* (The output starts with comments: where it came from and the divergence,
 * or the check, it still shows. A range statement kept whole stays one
 * statement.) */

/*
 * run_check - run the check on the trace at path, as shrink_trace() does:
 * 1 interesting, 0 not, 77 the default check cannot use the live kernel
 * here, -errno when the check cannot be run. timeout in seconds (0: none);
 * *timed_out (may be NULL) says it was stopped.
 */
int run_check(const struct shrink_opts *o, const char *path, unsigned int timeout,
	      bool *timed_out);

#endif /* PIDSIM_SHRINK_H */
