/*
 * engine.h - what runs a trace: the model (engine_model.c) or the live
 * kernel (sim/engine/live/live.c).
 *
 * The runner owns the rules that hold for every engine (docs/semantics.md,
 * "Runner rules"): a label whose fork failed answers ESRCH, an actor that is
 * not running answers ESRCH, expectations are compared and reported in one
 * place. An engine only executes statements that passed those rules and
 * answers questions about the processes it created. Both engines must give
 * the same answer to every statement; `pidsim diff` checks that they do.
 *
 * Errors are negative errno values. A statement's own failure (the kernel
 * said ENOMEM) is a result, not an error: exec() fills res and returns 0.
 * exec() and observe() return -errno only when the engine itself broke (a
 * live agent vanished, a timeout); the runner then stops the trace.
 */
#ifndef PIDSIM_ENGINE_H
#define PIDSIM_ENGINE_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/run/snapshot.h"
#include "sim/trace/stmt.h"

struct result {
	enum outcome kind;	/* never OC_FOUND or OC_SHOW from an engine */
	int err;		/* OC_ERRNO: positive errno */
	struct nspid nspid;	/* OC_NSPID */
	int label;		/* OC_LABEL: the label of the process reaped */
	/*
	 * OC_LABEL, OC_SHOW (set by the runner): the result as text, the
	 * label's name or show's "KEY=VALUE ..." pairs; valid until the
	 * runner's next step.
	 */
	const char *text;
	/*
	 * With struct engine's `explain` (set by the runner): the reasons for
	 * this result, lines joined by '\n', or NULL. Valid until the
	 * runner's next step.
	 */
	const char *why;
	/*
	 * OC_FOUND (set by the runner): "state=zombie". Room for the longest
	 * pair written back: "nspid=" and NSPID_MAX levels of int32.
	 */
	char found[8 + NSPID_MAX * 12];
};

/*
 * An empty result (OC_OK, no numbers, no label, no text), as every step
 * (the runner's, and each engine's exec()) starts with. Only the fields are cleared, not the arrays behind nspid.n and
 * found[0]: the whole struct is about 700 bytes, and this runs for every
 * statement.
 */
static inline void result_clear(struct result *res)
{
	res->kind = OC_OK;
	res->err = 0;
	res->nspid.n = 0;
	res->label = LABEL_NONE;
	res->text = NULL;
	res->why = NULL;
	res->found[0] = '\0';
}

/* The answer to one KEY of an `expect`. */
struct observation {
	int err;		/* 0, or a positive errno when the key cannot be read */
	enum proc_state state;	/* EK_STATE */
	struct nspid nspid;	/* EK_NSPID */
	int label;		/* EK_PARENT: leader label, LABEL_NONE outside the trace */
	int value;		/* the integer keys */
};

struct trace_info {
	const char *file;
	int nlabels;		/* label ids are 0 .. nlabels-1 */
	const char *const *label_names;	/* may be NULL */
};

struct engine;

struct engine_ops {
	const char *name;	/* "model", "live" */

	/* Build a fresh world for one trace: the root namespace and init. */
	int (*begin)(struct engine *e, const struct trace_info *info);

	/* State of the process a label names; PS_REAPED for one never created. */
	enum proc_state (*state)(struct engine *e, int label);

	/* Execute st (never OP_EXPECT), fill res. */
	int (*exec)(struct engine *e, const struct stmt *st, struct result *res);

	/* Answer one pair of an `expect` about label. */
	int (*observe)(struct engine *e, int label, const struct expect_pair *pair,
		       struct observation *obs);

	/*
	 * Optional: add the engine's namespaces and processes, reaped ones
	 * left out, to snap (--tree). Returns 0 or -errno; it prints nothing.
	 */
	int (*snapshot)(struct engine *e, struct snapshot *snap);

	/*
	 * Optional: the reasons of the statement exec() just ran, when
	 * struct engine's `explain` asked for them (docs/explain.md): lines
	 * joined by '\n', or NULL for none. Valid until the next exec() or
	 * end(). The live kernel has no reasons to give: it leaves it NULL.
	 */
	const char *(*why)(struct engine *e);

	/* Tear the world down (live: kill every process it started). */
	void (*end)(struct engine *e);

	void (*destroy)(struct engine *e);
};

/*
 * What an engine leaves out, as flags in struct engine's `skips`: a
 * statement so marked answers `skipped` without reaching the engine. A
 * comparison gives both engines the union of their flags, so that they
 * leave out the same statements.
 *  ENGINE_SKIP_PID_MAX  every pid_max statement. The live engine sets it on
 *                       a kernel before 6.14, where pid_max is one value
 *                       for the whole machine that no trace may change.
 */
enum engine_skip {
	ENGINE_SKIP_PID_MAX = 1u << 0,
};

struct engine {
	const struct engine_ops *ops;
	unsigned int skips;	/* enum engine_skip; 0 from a zeroed engine */
	bool explain;		/* record reasons (ops->why); set before begin() */
};

#endif /* PIDSIM_ENGINE_H */
