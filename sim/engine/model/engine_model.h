/*
 * engine_model.h - the model of the kernel (model/) behind the engine
 * interface: every statement becomes the model's system call of the same
 * name, and every answer is read from the model's own structures.
 */
#ifndef PIDSIM_ENGINE_MODEL_H
#define PIDSIM_ENGINE_MODEL_H

#include "model/profile.h"
#include "sim/run/engine.h"

/* The profile engine_model_new() plays when given none: 6.18, not the
 * newest (7.0 is not verified on a live kernel). */
#define ENGINE_MODEL_DEFAULT_KERNEL	PROFILE_DEFAULT

/*
 * engine_model_new - a model engine in *ep. kernel is a profile name
 * ("6.18"), or NULL for ENGINE_MODEL_DEFAULT_KERNEL (what `pidsim run` passes
 * without --kernel); base_level counts levels above the trace root (0 to
 * MAX_PID_NS_LEVEL). Returns 0, -ENOENT for an unknown profile, -ERANGE
 * for a base level out of range or -ENOMEM; *ep is set only on success.
 */
int engine_model_new(const char *kernel, unsigned int base_level,
		     struct engine **ep);

/*
 * The two host-wide limits a big trace can meet, for the worlds begun from
 * now on: kernel.threads-max (tasks not yet released; a fork beyond it
 * fails with EAGAIN before any number is used) and user.max_pid_namespaces
 * (namespaces alive; one more fails with ENOSPC). 0 keeps the model's
 * defaults (MACHINE_MAX_THREADS_DEFAULT, MACHINE_MAX_PID_NS_DEFAULT in
 * model/machine.h: the values of this project's 24 GiB host).
 */
void engine_model_set_limits(struct engine *e, unsigned long max_threads,
			     unsigned long max_pid_namespaces);

/*
 * engine_model_kernel_arg - the one check of a `--kernel VERSION` option,
 * for every command that takes one (cmd names it in messages). A profile
 * name returns 0. "list" prints the profiles, one line each with what it
 * changes, to stdout and returns 1: the command then exits 0. Anything
 * else prints "pidsim CMD: unknown kernel profile ..." with the names on
 * stderr and returns -ENOENT: the command exits 2.
 */
int engine_model_kernel_arg(const char *cmd, const char *name);

#endif /* PIDSIM_ENGINE_MODEL_H */
