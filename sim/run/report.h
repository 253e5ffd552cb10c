/*
 * report.h - the output of a run: one line (or JSON object) per statement,
 * a summary per trace, a total for several traces (docs/trace-language.md,
 * "Output"; the JSON objects are documented in docs/json.md).
 *
 * A struct report follows one trace: it prints each statement as it comes
 * and counts it, so the summary can say how many expectations failed and
 * on which lines. With colour on (a terminal, as `ls --color=auto` does),
 * a failed expectation's line is red and ends with FAIL; without it the
 * text is exactly the contract's.
 */
#ifndef PIDSIM_REPORT_H
#define PIDSIM_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/progress.h"
#include "sim/run/result.h"

#define REPORT_SCHEMA		1	/* "schema" of the JSON summary */
#define REPORT_LINES_SHOWN	20	/* failed lines a summary names */
#define REPORT_PENDING		8192	/* bytes of text lines held back */

struct report {
	FILE *out;
	bool json;
	bool color;
	bool line_at_a_time;		/* out is a terminal: no lines held back */
	const char *file;		/* the trace's path, in every JSON object */
	struct progress *progress;	/* NULL, or told every 4096 statements */
	unsigned long long total;	/* statements in the trace, for progress */
	struct run_totals tot;
	unsigned int failed_line[REPORT_LINES_SHOWN];
	size_t npending;
	char pending[REPORT_PENDING];	/* text lines not yet given to out */
};

struct json;

/* The reasons why (lines joined by '\n'), each line after indent, or as a
 * JSON array of strings at j's current position. */
void report_why_text(FILE *out, const char *why, const char *indent);
void report_why_json(struct json *j, const char *why);

/* Start reporting the trace file (its path) to out. */
void report_begin(struct report *rp, FILE *out, bool json, bool color,
		  const char *file);

/*
 * Print one statement and count it: held as runner_step() sets it. With
 * res->why (--explain), text puts each reason on its own line under the
 * statement, indented by four spaces; JSON adds a "why" array of strings.
 * Text lines may be held back in rp until report_flush(), unless out is a
 * terminal.
 */
void report_stmt(struct report *rp, const struct stmt *st,
		 const struct result *res, int held);

/*
 * Give out the lines report_stmt() holds back. report_summary() and the
 * runner do; anyone else who writes to rp->out between statements must.
 * Writing a few kilobytes of lines at once, rather than a stdio call per
 * statement, is a tenth of a big replay.
 */
void report_flush(struct report *rp);

/*
 * Print the trace's summary: "15 statements, 1 of 3 expectations failed",
 * then, when some failed, "failed at lines 15, 22". extra_json, when not
 * NULL or empty, is more members for the JSON summary object, written as
 * given (e.g. "\"statements_per_second\":900"); text ignores it.
 */
void report_summary(struct report *rp, const char *extra_json);

/*
 * Before each file's lines when several files run: "==> FILE <==" in text,
 * preceded by a blank line unless first; nothing in JSON. "-" is shown as
 * "<stdin>".
 */
void report_file_header(FILE *out, bool json, const char *file, bool first);

/*
 * After several files: "total: 3 files, 40 statements, 1 of 9 expectations
 * failed (1 file)" or one {"total":{...}} object.
 */
void report_total(FILE *out, bool json, const struct run_totals *all,
		  unsigned int files, unsigned int files_failed);

/* Should a stream get colour? when is "auto", "always" or "never"; auto
 * means a terminal and no NO_COLOR in the environment. */
bool report_want_color(const char *when, FILE *out);

#endif /* PIDSIM_REPORT_H */
