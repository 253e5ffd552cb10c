/*
 * fuzz_run.c - libFuzzer harness of a whole `pidsim run`: the input bytes
 * are a trace; when the parser accepts it, every statement (up to
 * RUN_MAX) goes through the runner and the model engine, exactly as
 * `pidsim run` does, with machine_check() after each one (model_spy.h).
 *
 * Where fuzz_model reaches the model through its own calls, this harness
 * reaches it through the statement language, so it also covers the engine
 * (sim/engine_model.c) and the runner rules, and its corpus is readable
 * traces. The kernel profile and the base level are derived from a hash of
 * the input, so the same input always runs the same way.
 *
 * A crash here is a bug of the model, the engine or the runner: an engine
 * error on a valid trace (the model engine never fails), a violated
 * machine invariant, a result that is not a result (a fork that succeeded
 * without numbers), or a memory error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memfd_create */
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sim/engine/model/engine_model.h"
#include "tests/fuzz/model_spy.h"
#include "model/machine.h"
#include "model/profile.h"
#include "sim/run/runner.h"
#include "tests/fuzz/range_filter.h"
#include "sim/trace/trace.h"

#define RUN_MAX		3000	/* statements run from one input */
#define CHECK_ALL	256	/* statements checked each, then ... */
#define CHECK_EVERY	64	/* ... every CHECK_EVERY-th, and the last */
/*
 * A check walks every namespace's pidmap and every task: once the
 * namespaces and tasks checked add up to this, thin out early too (651
 * namespaces made by one range statement took 30 s of checks).
 */
#define CHECK_BUDGET	20000

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz_run: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static const char *input_path(int *fd_out, FILE **devnull)
{
	static char path[64];
	static int fd = -1;
	static FILE *dn;

	if (fd < 0) {
		fd = memfd_create("fuzz-run", MFD_CLOEXEC);
		dn = fopen("/dev/null", "w");
		if (fd < 0 || !dn)
			fail("memfd or /dev/null: %s", strerror(errno));
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	*fd_out = fd;
	*devnull = dn;
	return path;
}

static uint32_t hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (size--)
		h = (h ^ *data++) * 16777619u;
	return h;
}

static void check_result(const struct stmt *st, const struct result *res)
{
	bool creates = st->op == OP_FORK || st->op == OP_CLONE;

	switch (res->kind) {
	case OC_NSPID:
		if (!creates || res->nspid.n < 1 || res->nspid.n > NSPID_MAX)
			fail("line %u: numbers for a %s (%d levels)", st->line,
			     stmt_op_name(st->op), res->nspid.n);
		for (int i = 0; i < res->nspid.n; i++)
			if (res->nspid.nr[i] < 1)
				fail("line %u: number %d at level %d", st->line,
				     res->nspid.nr[i], i);
		break;
	case OC_ERRNO:
		if (res->err <= 0 || res->err > 4095)
			fail("line %u: errno %d", st->line, res->err);
		break;
	case OC_SKIPPED:
		if (st->op != OP_CLONE || !(st->flags & STMT_SET_TID))
			fail("line %u: %s skipped", st->line, stmt_op_name(st->op));
		break;
	case OC_RUNNING:
		if (st->op != OP_WAIT)
			fail("line %u: %s answers running", st->line,
			     stmt_op_name(st->op));
		break;
	case OC_LABEL:
		if (st->op != OP_WAIT || !(st->flags & STMT_ANY))
			fail("line %u: %s answers a label", st->line,
			     stmt_op_name(st->op));
		break;
	case OC_SHOW:
		if (st->op != OP_SHOW)
			fail("line %u: %s answers pairs", st->line,
			     stmt_op_name(st->op));
		break;
	case OC_OK:
	case OC_FOUND:
		if (creates && res->kind == OC_OK)
			fail("line %u: a fork answers ok without numbers", st->line);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct kernel_profile *profiles;
	unsigned int nprof, k;
	unsigned long checked = 0;
	uint32_t h = hash(data, size);
	struct engine *e;
	struct runner *r;
	struct trace *t;
	struct result res;
	struct stmt *st;
	char msg[256];
	FILE *devnull;
	int fd, rc, held;
	const char *path = input_path(&fd, &devnull);

	if (costly_ranges(data, size))
		return 0;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		fail("writing the memfd: %s", strerror(errno));
	t = trace_open(path, devnull);
	if (!t)
		return 0;
	profiles = kernel_profiles(&nprof);
	st = malloc(sizeof(*st));
	if (engine_model_new(profiles[h % nprof].name, (h >> 8) % 3, &e) || !st)
		fail("out of memory");
	r = runner_new(e, t, &rc);
	if (!r)
		fail("runner_new: %s", strerror(-rc));
	if (model_spy_check(msg, sizeof(msg)))
		fail("machine_check at the start: %s", msg);
	for (k = 0; k < RUN_MAX && (rc = trace_next(t, st)) != 0; k++) {
		if (rc < 0)
			fail("trace_next: %s", strerror(-rc));
		rc = runner_step(r, st, &res, &held);
		if (rc < 0)
			fail("line %u: the model engine failed: %s", st->line,
			     strerror(-rc));
		check_result(st, &res);
		/* machine_check() is quadratic in the tasks: thin it out late */
		if ((k < CHECK_ALL && checked < CHECK_BUDGET) || k % CHECK_EVERY == 0) {
			struct machine *m = model_spy_machine();

			if (model_spy_check(msg, sizeof(msg)))
				fail("machine_check after line %u (%s): %s", st->line,
				     stmt_op_name(st->op), msg);
			if (m)
				checked += m->nr_namespaces + m->nr_tasks;
		}
	}
	if (model_spy_check(msg, sizeof(msg)))
		fail("machine_check at the end: %s", msg);
	runner_free(r);
	e->ops->destroy(e);
	free(st);
	trace_close(t);
	return 0;
}
