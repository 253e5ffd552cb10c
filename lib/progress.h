/*
 * progress.h - a progress line for long work, on standard error.
 *
 * On a terminal it is one line rewritten in place ("\r...") at most five
 * times a second and erased at the end; forced on elsewhere (--progress)
 * it is a plain line at most once a second. Off, every call costs one
 * branch. It never writes to standard output, so it never mixes with
 * results.
 */
#ifndef PIDSIM_LIB_PROGRESS_H
#define PIDSIM_LIB_PROGRESS_H

#include <stdbool.h>

enum progress_mode {
	PROGRESS_AUTO,		/* on when standard error is a terminal */
	PROGRESS_ALWAYS,	/* --progress */
	PROGRESS_NEVER,		/* --quiet */
};

struct progress {
	bool on;
	bool tty;
	double start;		/* seconds, monotonic */
	double last;		/* when the line was last written */
	const char *what;	/* "pidsim fuzz" */
};

/* Start a progress line for what ("pidsim live: t.trace"). */
void progress_start(struct progress *p, enum progress_mode mode, const char *what);

/*
 * Say that done of total units are done (total 0: unknown), with an
 * optional printf-style detail ("2 diverged"); adds an estimate of the
 * time left once there is one. Cheap when not yet due.
 */
void progress_update(struct progress *p, unsigned long long done,
		     unsigned long long total, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Erase the line (on a terminal): before other output, and at the end. */
void progress_clear(struct progress *p);

#endif /* PIDSIM_LIB_PROGRESS_H */
