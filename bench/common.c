/*
 * common.c - statistics, the results table, the progress line and the
 * report notes that every pidbench module uses (bench.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"

volatile uint64_t bench_sink;

void series_add(struct series *s, double v)
{
	if (s->n < REPS_MAX)
		s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double series_median(const struct series *s)
{
	double v[REPS_MAX];

	if (s->n == 0)
		return NAN;
	memcpy(v, s->v, (size_t)s->n * sizeof(v[0]));
	qsort(v, (size_t)s->n, sizeof(v[0]), cmp_double);
	if (s->n % 2)
		return v[s->n / 2];
	return (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
}

double series_min(const struct series *s)
{
	double m = s->n ? s->v[0] : NAN;
	int i;

	for (i = 1; i < s->n; i++)
		if (s->v[i] < m)
			m = s->v[i];
	return m;
}

double series_max(const struct series *s)
{
	double m = s->n ? s->v[0] : NAN;
	int i;

	for (i = 1; i < s->n; i++)
		if (s->v[i] > m)
			m = s->v[i];
	return m;
}

struct series series_ratio(const struct series *a, const struct series *b)
{
	struct series r = { 0 };
	int i, n = a->n < b->n ? a->n : b->n;

	for (i = 0; i < n; i++)
		series_add(&r, a->v[i] / b->v[i]);
	return r;
}

bool series_sane(const struct series *s)
{
	int i;

	if (s->n == 0)
		return false;
	for (i = 0; i < s->n; i++)
		if (!isfinite(s->v[i]) || s->v[i] <= 0)
			return false;
	return true;
}

struct row *results_add(struct results *r, const char *group,
			const char *variant, double param, double param2,
			const char *label, const char *unit)
{
	struct row *row;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct row **n = realloc(r->rows, cap * sizeof(*n));

		if (!n)
			return NULL;
		r->rows = n;
		r->cap = cap;
	}
	row = calloc(1, sizeof(*row));
	if (!row)
		return NULL;
	r->rows[r->n++] = row;
	snprintf(row->group, sizeof(row->group), "%s", group);
	snprintf(row->variant, sizeof(row->variant), "%s", variant);
	snprintf(row->label, sizeof(row->label), "%s", label ? label : "");
	snprintf(row->unit, sizeof(row->unit), "%s", unit);
	row->param = param;
	row->param2 = param2;
	return row;
}

const struct row *results_find(const struct results *r, const char *group,
			       const char *variant, double param, double param2,
			       const char *label)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct row *row = r->rows[i];

		if (!strcmp(row->group, group) && !strcmp(row->variant, variant) &&
		    row->param == param && row->param2 == param2 &&
		    !strcmp(row->label, label ? label : ""))
			return row;
	}
	return NULL;
}

void results_free(struct results *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->rows[i]);
	free(r->rows);
	r->rows = NULL;
	r->n = r->cap = 0;
}

static bool progress_tty;
static int progress_total, progress_done;
static double progress_t0;

void bench_insane(struct results *r, const char *fmt, ...)
{
	va_list ap;

	r->insane++;
	if (progress_tty)
		fputc('\n', stderr);
	fputs("pidbench: INSANE: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void bench_die(const char *fmt, ...)
{
	va_list ap;

	if (progress_tty)
		fputc('\n', stderr);
	fputs("pidbench: FATAL: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void progress_begin(int steps)
{
	progress_tty = isatty(STDERR_FILENO);
	progress_total = steps;
	progress_done = 0;
	progress_t0 = clock_s();
}

static void progress_vprint(bool count, const char *fmt, va_list ap)
{
	char what[160];

	vsnprintf(what, sizeof(what), fmt, ap);
	if (count)
		progress_done++;
	if (progress_tty)
		fprintf(stderr, "\r\033[K[%3d/%d %6.1fs] %s", progress_done,
			progress_total, clock_s() - progress_t0, what);
	else
		fprintf(stderr, "[%3d/%d %6.1fs] %s\n", progress_done,
			progress_total, clock_s() - progress_t0, what);
	fflush(stderr);
}

void progress_step(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	progress_vprint(true, fmt, ap);
	va_end(ap);
}

void progress_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	progress_vprint(false, fmt, ap);
	va_end(ap);
}

void progress_end(void)
{
	if (progress_tty)
		fputc('\n', stderr);
	fprintf(stderr, "pidbench: %d steps in %.1f s\n", progress_done,
		clock_s() - progress_t0);
}

static char notes[8192];
static size_t notes_len;

void bench_notef(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (notes_len >= sizeof(notes) - 2)
		return;
	notes[notes_len++] = '-';
	notes[notes_len++] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(notes + notes_len, sizeof(notes) - notes_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		notes_len += (size_t)n < sizeof(notes) - notes_len ?
			     (size_t)n : sizeof(notes) - notes_len - 1;
	if (notes_len < sizeof(notes) - 1)
		notes[notes_len++] = '\n';
	notes[notes_len] = '\0';
}

const char *bench_notes(void)
{
	return notes;
}
