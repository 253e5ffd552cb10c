/*
 * engine_model.h - the model of the kernel (model/) behind the engine
 * interface: every statement becomes the model's system call of the same
 * name, and every answer is read from the model's own structures.
 */
#ifndef PIDSIM_ENGINE_MODEL_H
#define PIDSIM_ENGINE_MODEL_H

#include "sim/run/engine.h"

/*
 * The model engine; kernel is a profile name ("6.18"), or NULL for the
 * newest profile (what `pidsim run` passes without --kernel); base_level
 * >= 0. NULL when the profile is unknown (or memory ran out).
 */
struct engine *engine_model_new(const char *kernel, unsigned int base_level);

#endif /* PIDSIM_ENGINE_MODEL_H */
