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
 *               on the kernel, see in_init_group() in gen.c);
 *  version 1.1  each 1.1 statement kind appears in 100 traces of the mixes
 *               that weigh it (exec from a thread and the lone exit of a
 *               leader in threads, kill -G and kill all in containers,
 *               wait any in build; every kind in chaos), and a trace
 *               declares `pidsim 1.1` exactly when it holds one.
 *
 * Usage: test_gen [COUNT] (default 500 traces for validity).
 */
#include <errno.h>
#include <stdbool.h>
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

/* The version 1.1 statement kinds the generator writes. */
enum kind {
	K_WAIT_ANY, K_SIGCHLD_IGNORE, K_SIGCHLD_DEFAULT, K_SETPGID_WHO,
	K_EXEC, K_EXEC_THREAD, K_EXIT_THREAD, K_EXIT_LEADER_THREAD,
	K_KILL_SIG, K_KILL_PGRP, K_KILL_ALL, K_SHOW, K__COUNT
};

static const char *const kind_names[K__COUNT] = {
	"wait P any", "sigchld P ignore", "sigchld P default", "setpgid P C G",
	"exec P", "exec from a thread", "exit P thread",
	"exit P thread of a leader", "kill P T SIG", "kill P -G", "kill P all",
	"show P KEY",
};

/*
 * Count the 1.1 statements of the trace at path into counts; returns how
 * many it holds, or -1 when it does not parse. A label created by
 * `clone ... thread` is a thread until it execs (then it leads its group).
 */
static int count_kinds(const char *path, unsigned int *counts)
{
	struct stmt *st = malloc(sizeof(*st));
	struct trace *t = trace_open(path, stderr);
	bool *thread = NULL;
	int rc, n = 0;

	if (!t || !st) {
		n = -1;
		goto out;
	}
	thread = calloc((size_t)trace_label_count(t), sizeof(*thread));
	if (!thread) {
		n = -1;
		goto out;
	}
	while ((rc = trace_next(t, st)) > 0) {
		int p = st->label[0], k = -1;

		if (st->op == OP_CLONE && (st->flags & STMT_THREAD))
			thread[st->label[1]] = true;
		if (st->version != TRACE_VERSION_1_1)
			continue;
		n++;
		if (st->op == OP_WAIT)
			k = K_WAIT_ANY;
		else if (st->op == OP_SIGCHLD)
			k = st->flags & STMT_IGNORE ? K_SIGCHLD_IGNORE : K_SIGCHLD_DEFAULT;
		else if (st->op == OP_SETPGID)
			k = K_SETPGID_WHO;
		else if (st->op == OP_EXEC)
			k = thread[p] ? K_EXEC_THREAD : K_EXEC;
		else if (st->op == OP_EXIT)
			k = thread[p] ? K_EXIT_THREAD : K_EXIT_LEADER_THREAD;
		else if (st->op == OP_KILL)
			k = st->flags & STMT_ALL ? K_KILL_ALL :
			    st->flags & STMT_PGRP ? K_KILL_PGRP : K_KILL_SIG;
		else if (st->op == OP_SHOW)
			k = K_SHOW;
		if (st->op == OP_EXEC)
			thread[p] = false;
		if (k >= 0)
			counts[k]++;
	}
	if (rc < 0)
		n = -1;
out:
	free(thread);
	free(st);
	trace_close(t);
	return n;
}

static void test_version_1_1(void)
{
	/* the kinds each mix must write in 100 traces (90 of 200 statements) */
	static const unsigned int wanted[GEN__MIXES] = {
		[GEN_BUILD] = 1u << K_WAIT_ANY | 1u << K_SIGCHLD_IGNORE |
			      1u << K_SETPGID_WHO | 1u << K_KILL_PGRP | 1u << K_SHOW,
		[GEN_CONTAINERS] = 1u << K_KILL_PGRP | 1u << K_KILL_ALL |
				   1u << K_SETPGID_WHO | 1u << K_WAIT_ANY,
		[GEN_THREADS] = 1u << K_EXEC_THREAD | 1u << K_EXIT_LEADER_THREAD |
				1u << K_EXEC | 1u << K_WAIT_ANY,
		[GEN_CHAOS] = (1u << K__COUNT) - 1,
	};
	char path[] = "/tmp/test-gen-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0) {
		FAIL("mkstemp: %s", strerror(errno));
		return;
	}
	close(fd);
	for (int m = 0; m < GEN__MIXES; m++) {
		unsigned int counts[K__COUNT] = { 0 }, plain = 0;

		for (unsigned int i = 0; i < 100; i++) {
			struct gen_opts o;
			char first[16] = "";
			FILE *f = fopen(path, "w+");
			int n;

			gen_opts_init(&o);
			o.seed = 7000 + i;
			o.mix = (enum gen_mix)m;
			/* a few short ones, which may hold no 1.1 statement */
			o.statements = i % 10 == 9 ? 3 : 200;
			o.depth = 1 + i % 4;
			if (!f || gen_trace(&o, f)) {
				FAIL("%s seed %u: cannot generate", gen_mix_name(o.mix), 7000 + i);
				if (f)
					fclose(f);
				continue;
			}
			rewind(f);
			if (!fgets(first, sizeof(first), f))
				first[0] = '\0';
			fclose(f);
			n = count_kinds(path, counts);
			if (n < 0)
				FAIL("%s seed %u: the trace does not parse", gen_mix_name(o.mix),
				     7000 + i);
			else if ((n > 0) != !strcmp(first, "pidsim 1.1\n"))
				FAIL("%s seed %u: %d 1.1 statements under \"%.*s\"",
				     gen_mix_name(o.mix), 7000 + i, n,
				     (int)strcspn(first, "\n"), first);
			plain += n == 0;
		}
		for (int k = 0; k < K__COUNT; k++)
			if ((wanted[m] >> k & 1) && counts[k] < 3)
				FAIL("%s: %u '%s' in 100 traces, want at least 3",
				     gen_mix_name((enum gen_mix)m), counts[k], kind_names[k]);
		printf("test_gen: %-10s", gen_mix_name((enum gen_mix)m));
		for (int k = 0; k < K__COUNT; k++)
			printf(" %u", counts[k]);
		printf(" (%u traces without 1.1)\n", plain);
	}
	unlink(path);
}

int main(int argc, char **argv)
{
	unsigned int count = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 10) : 500;

	test_determinism();
	test_version_1_1();
	test_validity(count);
	if (failures) {
		fprintf(stderr, "test_gen: %d failures\n", failures);
		return 1;
	}
	printf("test_gen: ok (%u traces)\n", count);
	return 0;
}
