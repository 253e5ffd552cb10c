/*
 * test_gen.c - properties of the trace generator (sim/gen.c):
 *
 *  determinism  the same options write the same bytes; other seeds write
 *               other traces;
 *  validity     traces of every profile, size, depth and kernel profile
 *               parse, run on the model with machine_check() clean after
 *               every statement, and every expectation they carry holds
 *               (with --results that is every statement's result, so the
 *               generator's own view of the model is the model's);
 *  live-safe    no set_tid reaches past the trace root (no `skipped`), the
 *               processes alive at once stay under --max-procs, and no
 *               namespace init sits in a process group of its own
 *               namespace other than its own (which would hang its death
 *               on the kernel, see in_init_group() in gen.c).
 *
 * Usage: test_gen [COUNT] (default 500 traces for validity).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/check.h"
#include "sim/engine/model/engine_model.h"
#include "sim/fuzz/gen.h"
#include "model/machine.h"
#include "tests/fuzz/model_spy.h"
#include "model/pid.h"
#include "sim/run/runner.h"
#include "model/task.h"
#include "sim/trace/trace.h"

static int failures;

#define FAIL(...) do {						\
		fprintf(stderr, "test_gen: " __VA_ARGS__);	\
		fputc('\n', stderr);				\
		failures++;					\
	} while (0)

/* The trace o describes, in memory; NULL on failure. */
static char *gen_to_mem(const struct gen_opts *o, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int rc;

	if (!f)
		return NULL;
	rc = gen_trace(o, f);
	fclose(f);
	if (rc) {
		FAIL("seed %llu %s: gen_trace: %s", (unsigned long long)o->seed,
		     gen_mix_name(o->mix), strerror(-rc));
		free(buf);
		return NULL;
	}
	return buf;
}

static void test_determinism(void)
{
	struct gen_opts o;
	char *a, *b, *c;
	size_t la, lb, lc;

	for (unsigned int i = 0; i < 40; i++) {
		gen_opts_init(&o);
		o.seed = 1000 + i;
		o.mix = (enum gen_mix)(i % GEN__MIXES);
		o.statements = 200;
		a = gen_to_mem(&o, &la);
		b = gen_to_mem(&o, &lb);
		o.seed++;
		c = gen_to_mem(&o, &lc);
		if (a && b && (la != lb || memcmp(a, b, la)))
			FAIL("seed %u: two runs wrote different traces", 1000 + i);
		if (a && c && la == lc && !memcmp(a, c, la))
			FAIL("seeds %u and %u wrote the same trace", 1000 + i, 1001 + i);
		free(a);
		free(b);
		free(c);
	}
}

/* Is some namespace init in a process group of its own namespace? */
static const char *init_group_hazard(const struct machine *m)
{
	const struct task_struct *t;

	list_for_each_entry(t, &m->tasks, node) {
		const struct pid *pg = task_pgrp(t);

		if (t->released || !thread_group_leader(t) ||
		    !is_child_reaper(task_pid(t)))
			continue;
		if (pg != task_pid(t) && pid_nr_ns(pg, task_active_pid_ns(t)))
			return "a namespace init joined a process group of its namespace";
	}
	return NULL;
}

/* Run the trace at path on the model as `pidsim run` does, with checks. */
static void run_checked(const char *path, const struct gen_opts *o)
{
	struct engine *e = NULL;
	struct stmt *st = malloc(sizeof(*st));
	struct runner *r = NULL;
	struct result res;
	struct trace *t;
	char msg[256], tok[8 + NSPID_MAX * 12];
	const char *hazard;
	int rc, held, nl;

	t = trace_open(path, stderr);
	if (!t || engine_model_new(o->kernel, o->base_level, &e) || !st) {
		FAIL("%s: refused by the parser (or no memory)", path);
		goto out;
	}
	r = runner_new(e, t, &rc);
	if (!r) {
		FAIL("%s: runner_new: %s", path, strerror(-rc));
		goto out;
	}
	nl = trace_label_count(t);
	while ((rc = trace_next(t, st)) > 0) {
		unsigned int alive = 0;

		rc = runner_step(r, st, &res, &held);
		if (rc < 0) {
			FAIL("%s:%u: engine: %s", path, st->line, strerror(-rc));
			break;
		}
		if (held == 0)
			FAIL("%s:%u: %s %s... -> %s: the expectation fails", path,
			     st->line, stmt_op_name(st->op), st->argv[0],
			     result_token(&res, tok, sizeof(tok)));
		if (res.kind == OC_SKIPPED)
			FAIL("%s:%u: a set_tid reaches past the trace root", path,
			     st->line);
		if (model_spy_check(msg, sizeof(msg)))
			FAIL("%s:%u: machine_check: %s", path, st->line, msg);
		hazard = init_group_hazard(model_spy_machine());
		if (hazard)
			FAIL("%s:%u: %s", path, st->line, hazard);
		for (int l = 0; l < nl; l++)
			alive += e->ops->state(e, l) != PS_REAPED;
		if (alive > o->max_procs)
			FAIL("seed %llu (%s): line %u: %u processes alive, --max-procs %u",
			     (unsigned long long)o->seed, gen_mix_name(o->mix),
			     st->line, alive, o->max_procs);
		if (failures > 20)
			break;
	}
	if (rc < 0)
		FAIL("%s: trace_next: %s", path, strerror(-rc));
out:
	runner_free(r);
	if (e)
		e->ops->destroy(e);
	trace_close(t);
	free(st);
}

static void test_validity(unsigned int count)
{
	static const char *const kernels[] = { NULL, "6.18", "6.12", "5.4", "4.14", "4.0" };
	char path[] = "/tmp/test-gen-XXXXXX";
	struct gen_opts o;
	int fd = mkstemp(path);
	FILE *f;

	if (fd < 0) {
		FAIL("mkstemp: %s", strerror(errno));
		return;
	}
	close(fd);
	for (unsigned int i = 0; i < count && failures <= 20; i++) {
		gen_opts_init(&o);
		o.seed = i;
		o.mix = (enum gen_mix)(i % GEN__MIXES);
		o.statements = 20 + (i * 37) % 300;
		o.depth = i % 7;
		if (i % 50 == 7)
			o.depth = GEN_DEPTH_MAX;	/* past the nesting limit */
		o.kernel = kernels[i % 6];
		o.results = i % 2;
		o.max_procs = i % 5 == 3 ? 20 : GEN_PROCS_DEFAULT;
		f = fopen(path, "w");
		if (!f || gen_trace(&o, f)) {
			FAIL("seed %u: cannot generate", i);
			if (f)
				fclose(f);
			continue;
		}
		fclose(f);
		run_checked(path, &o);
	}
	unlink(path);
}

int main(int argc, char **argv)
{
	unsigned int count = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 10) : 500;

	test_determinism();
	test_validity(count);
	if (failures) {
		fprintf(stderr, "test_gen: %d failures\n", failures);
		return 1;
	}
	printf("test_gen: ok (%u traces)\n", count);
	return 0;
}
