/*
 * live_stop.c - the stop request of the live engine (live_stop.h).
 */
#include "sim/engine/live/live_stop.h"

volatile sig_atomic_t live_stop_sig;
int live_in_teardown;

int live_stopping(void)
{
	return live_in_teardown ? 0 : live_stop_sig;
}

void live_teardown_enter(void)
{
	live_in_teardown++;
}

void live_teardown_leave(void)
{
	live_in_teardown--;
}
