/*
 * fake_engine.h - a tiny, deterministic stand-in for the model, used by the
 * parser and runner tests so that they do not depend on model/ (and so that
 * a test's expected output is obvious from the trace).
 *
 * It follows the trace format's start (init is pid 1, the cursor at 2) and
 * the simplest rules: fork allocates the next number at every level from
 * the root down; exit makes a zombie; wait reaps; kill makes a zombie.
 * Nothing else (reparenting, namespace death, threads) is modelled.
 */
#ifndef PIDSIM_FAKE_ENGINE_H
#define PIDSIM_FAKE_ENGINE_H

#include "sim/run/engine.h"

struct engine *fake_engine_new(void);

/* Make exec() fail with -EIO (the engine "breaks") on this trace line. */
void fake_engine_break_at(struct engine *e, unsigned int line);

/* How many times begin() and end() ran. */
int fake_engine_begins(const struct engine *e);
int fake_engine_ends(const struct engine *e);

#endif
