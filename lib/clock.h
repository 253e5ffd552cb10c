/*
 * clock.h - the monotonic clock, for time limits and measurements. It never
 * goes back when the wall clock is set, and it is not the time of day.
 */
#ifndef PIDSIM_LIB_CLOCK_H
#define PIDSIM_LIB_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Nanoseconds on CLOCK_MONOTONIC since an arbitrary start. */
static inline uint64_t clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The same clock in milliseconds and in seconds, as doubles. */
static inline double clock_ms(void)
{
	return (double)clock_ns() / 1e6;
}

static inline double clock_s(void)
{
	return (double)clock_ns() / 1e9;
}

/* Sleep for ms milliseconds (interrupted early by a signal). */
static inline void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

#endif /* PIDSIM_LIB_CLOCK_H */
