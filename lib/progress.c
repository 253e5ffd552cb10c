/*
 * progress.c - the progress line (progress.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/progress.h"

void progress_start(struct progress *p, enum progress_mode mode, const char *what)
{
	p->tty = isatty(STDERR_FILENO);
	p->on = mode == PROGRESS_ALWAYS || (mode == PROGRESS_AUTO && p->tty);
	p->start = p->last = clock_s();
	p->what = what;
}

static void put_eta(double secs)
{
	if (secs < 60)
		fprintf(stderr, ", ETA %.0f s", secs);
	else if (secs < 3600)
		fprintf(stderr, ", ETA %.0f min", secs / 60);
	else
		fprintf(stderr, ", ETA %.1f h", secs / 3600);
}

void progress_update(struct progress *p, unsigned long long done,
		     unsigned long long total, const char *fmt, ...)
{
	double now, spent;
	va_list ap;

	if (!p->on)
		return;
	now = clock_s();
	if (now - p->last < (p->tty ? 0.2 : 1.0))
		return;
	p->last = now;
	spent = now - p->start;
	fprintf(stderr, "%s%s: %llu", p->tty ? "\r\033[K" : "", p->what, done);
	if (total)
		fprintf(stderr, " of %llu", total);
	if (fmt) {
		fputs(", ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	if (total && done && done < total && spent > 1)
		put_eta(spent * (double)(total - done) / (double)done);
	fputs(p->tty ? "" : "\n", stderr);
	fflush(stderr);
}

void progress_clear(struct progress *p)
{
	if (p->on && p->tty) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}
