/*
 * b_replay.c - whole-trace replay in statements per second, on generated
 * workloads (gen.h) from ten thousand to millions of statements, and the
 * same traces on the live kernel through `pidsim live`.
 *
 * Replay goes through the code `pidsim run` runs: trace_open() (the
 * validating first pass), the runner and the model engine. Variants:
 *
 *  parse       trace_open() and trace_next() to the end: the front end
 *              alone (pass 1's checks and its spool of statements, pass
 *              2 reading them back), the floor of every replay figure;
 *  run         parse + runner_step() on the model engine, no output;
 *  pidsim-run  parse + runner_run_trace() printing every statement to
 *              /dev/null: exactly `pidsim run FILE > /dev/null` minus
 *              the process start.
 *
 * A sample replays the file as many times as fill cfg->sample_s (once for
 * the large ones). Every replay must see every statement and every
 * expectation of the generated trace hold; anything else is insane.
 *
 * Beside the live figure, two ceilings on the same file: the parser alone,
 * and the engine alone (runner_step() over statements parsed beforehand
 * and kept in memory, no output): how fast the model itself goes.
 *
 * The live figure is `pidsim live FILE` as a subprocess, whose own
 * summary line gives statements per second (tree setup, run and teardown
 * included, the validating pass not); it needs root and PID namespaces and
 * is skipped, with the reason in the report, where pidsim says it cannot
 * run (exit 77) or is absent.
 *
 * Identical work: a trace of nothing but fork, exit and wait by init,
 * replayed by the model, run by `pidsim live`, and done by a bare C loop
 * (`pidbench --child-forkloop N`: unshare a PID namespace, its init
 * creates a child that exits at once and reaps it, N times), twice: with
 * fork(), what a program doing this work does, and with clone(CLONE_VM),
 * as pidsim live's agents create processes (no page tables copied). Three
 * statements per cycle: the loop's rate in statements per second is 3
 * over a cycle's time, the kernel's own cost of the trace, with no agent,
 * no control channel, no parsing.
 */
#define _GNU_SOURCE	/* unshare */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "lib/util.h"
#include "sim/engine/model/engine_model.h"
#include "bench/workload.h"
#include "sim/run/report.h"
#include "sim/run/runner.h"
#include "bench/sys.h"
#include "sim/trace/trace.h"

enum rvariant { R_PARSE, R_RUN, R_PIDSIM_RUN, R__COUNT };

static const char *const rvariant_name[R__COUNT] = {
	[R_PARSE] = "parse", [R_RUN] = "run", [R_PIDSIM_RUN] = "pidsim-run",
};

static const unsigned long sizes_full[] = { 10000, 100000, 1000000, 3000000 };
static const unsigned long sizes_quick[] = { 10000, 50000 };

#define LIVE_FULL	2000
#define LIVE_QUICK	150
#define LIVE_TIMEOUT_S	300
#define FORKLOOP_FULL	3000	/* cycles in the trace: 9000 statements */
#define FORKLOOP_QUICK	100
#define FORKLOOP_BARE	20000	/* cycles of the bare loop per sample */
#define EXIT_SKIP	77

struct replay {
	struct engine *e;
	FILE *devnull;
	struct stmt *st;
	struct results *res;
};

/*
 * Replay path once as variant v; fills *tot. Returns 0, or -errno when
 * the trace could not be read or the engine broke.
 */
static int replay_once(struct replay *rp, const char *path, enum rvariant v,
		       struct run_totals *tot)
{
	struct trace *t = trace_open(path, stderr);
	struct runner *r = NULL;
	struct result res;
	int rc, held;

	memset(tot, 0, sizeof(*tot));
	if (!t)
		return -EINVAL;
	if (v != R_PARSE) {
		r = runner_new(rp->e, t, &rc);
		if (!r)
			goto out;
	}
	if (v == R_PIDSIM_RUN) {
		struct report report;

		report_begin(&report, rp->devnull, false, false, path);
		rc = runner_run_trace(r, t, &report, stderr);
		*tot = report.tot;
		goto out;
	}
	for (;;) {
		rc = trace_next(t, rp->st);
		if (rc <= 0)
			break;
		if (v == R_RUN) {
			rc = runner_step(r, rp->st, &res, &held);
			if (rc < 0)
				break;
			run_totals_add(tot, held);
		} else {
			tot->statements++;
		}
	}
out:
	if (!rc && tot->statements != trace_statement_count(t))
		rc = -EIO;
	runner_free(r);
	trace_close(t);
	return rc;
}

/* M replays of path; statements per second. */
static double replay_sample(struct replay *rp, const char *path,
			    enum rvariant v, int m, const char *what)
{
	struct run_totals tot;
	unsigned long long stmts = 0;
	double t0 = clock_s(), t;
	int i, rc;

	for (i = 0; i < m; i++) {
		rc = replay_once(rp, path, v, &tot);
		if (rc) {
			bench_insane(rp->res, "%s (%s): replay failed: %s", what,
				     rvariant_name[v], strerror(-rc));
			return -1;
		}
		if (tot.failed)
			bench_insane(rp->res, "%s (%s): %llu of %llu expectations failed",
				     what, rvariant_name[v], tot.failed, tot.expectations);
		stmts += tot.statements;
	}
	t = clock_s() - t0;
	return (double)stmts / t;
}

static int generate(const struct bench_cfg *cfg, enum workload w,
		    unsigned long n, const char *path, unsigned long *written)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -errno;
	rc = gen_workload(w, n, cfg->seed, f, written);
	if (fclose(f) && !rc)
		rc = -EIO;
	return rc;
}

/* Replays per sample so that one takes about cfg->sample_s. */
static int replays_per_sample(struct replay *rp, const struct bench_cfg *cfg,
			      const char *path, const char *what)
{
	double t = clock_s(), rate;
	int m;

	rate = replay_sample(rp, path, R_PIDSIM_RUN, 1, what);
	t = clock_s() - t;
	if (rate <= 0)
		return 1;
	m = (int)(cfg->sample_s / t);
	return m < 1 ? 1 : m;
}

static void replay_workload(struct replay *rp, const struct bench_cfg *cfg,
			    enum workload w)
{
	const unsigned long *sizes = cfg->quick ? sizes_quick : sizes_full;
	size_t nsizes = cfg->quick ? ARRAY_SIZE(sizes_quick) : ARRAY_SIZE(sizes_full);
	size_t i;

	for (i = 0; i < nsizes; i++) {
		struct row *rows[R__COUNT];
		unsigned long written;
		char path[4096], what[96];
		int m, rep, reps, j, rc;

		snprintf(path, sizeof(path), "%s/%s-%lu.trace", cfg->tmpdir,
			 workload_name(w), sizes[i]);
		snprintf(what, sizeof(what), "replay %s, %lu statements",
			 workload_name(w), sizes[i]);
		progress_step("%s", what);
		rc = generate(cfg, w, sizes[i], path, &written);
		if (rc) {
			bench_insane(rp->res, "%s: cannot generate: %s", what, strerror(-rc));
			continue;
		}
		for (j = 0; j < R__COUNT; j++) {
			rows[j] = results_add(rp->res, "replay", rvariant_name[j],
					      (double)written, 0, workload_name(w),
					      "stmts/s");
			if (!rows[j])
				bench_die("out of memory");
		}
		/*
		 * A million statements and more: one replay is a sample of
		 * seconds, and three samples keep the full mode in bounds.
		 */
		m = written >= 1000000 ? 1 : replays_per_sample(rp, cfg, path, what);
		reps = written >= 1000000 && cfg->reps > 3 ? 3 : cfg->reps;
		for (rep = 0; rep < reps; rep++)
			for (j = 0; j < R__COUNT; j++) {
				enum rvariant v = (enum rvariant)((j + rep) % R__COUNT);
				double rate = replay_sample(rp, path, v, m, what);

				if (rate > 0)
					series_add(&rows[v]->s, rate);
			}
		unlink(path);
	}
}

/* -- the live kernel --------------------------------------------------- */

/*
 * The engine alone: every statement of path parsed once into memory, then
 * m replays of runner_step() over them per sample. Statements per second,
 * or -1 (insane).
 */
static void engine_only(struct replay *rp, const struct bench_cfg *cfg,
			const char *path, const char *what, struct row *row)
{
	struct trace *t = trace_open(path, stderr);
	unsigned long long n = t ? trace_statement_count(t) : 0, i;
	struct stmt *sts = n ? calloc(n, sizeof(*sts)) : NULL;
	struct run_totals tot;
	struct result res;
	int rep, held, rc = -ENOMEM;
	unsigned long m = 1, j;

	if (!sts)
		goto out;
	for (i = 0; i < n; i++)
		if (trace_next(t, &sts[i]) != 1) {
			rc = -EIO;
			goto out;
		}
	for (rep = -1; rep < cfg->reps; rep++) {
		double t0 = clock_s(), dt;

		memset(&tot, 0, sizeof(tot));
		for (j = 0; j < m; j++) {
			struct runner *r = runner_new(rp->e, t, &rc);

			if (!r)
				goto out;
			for (i = 0; i < n; i++) {
				rc = runner_step(r, &sts[i], &res, &held);
				if (rc < 0) {
					runner_free(r);
					goto out;
				}
				run_totals_add(&tot, held);
			}
			runner_free(r);
		}
		dt = clock_s() - t0;
		if (tot.failed || tot.statements != n * m) {
			rc = -EPROTO;
			goto out;
		}
		if (rep < 0)	/* the first round only sizes the samples */
			m = dt > 0 && cfg->sample_s / dt > 1 ? (unsigned long)(cfg->sample_s / dt) : 1;
		else
			series_add(&row->s, (double)(n * m) / dt);
	}
	rc = 0;
out:
	if (rc)
		bench_insane(rp->res, "%s (engine only): %s", what, strerror(-rc));
	free(sts);
	trace_close(t);
}


/* The rate in pidsim live's summary line; 0 when there is none. */
static double live_rate(const char *out, unsigned long long *stmts)
{
	const char *p = out;
	double secs, rate;

	while ((p = strstr(p, "pidsim live: "))) {
		if (sscanf(p, "pidsim live: %llu statements in %lf s: %lf statements/s",
			   stmts, &secs, &rate) == 3)
			return rate;
		p++;
	}
	return 0;
}

/* First line of s into out, for messages. */
static void first_line(const char *s, char *out, size_t len)
{
	snprintf(out, len, "%.*s", (int)strcspn(s, "\n"), s);
}

static bool live_workload(struct replay *rp, const struct bench_cfg *cfg,
			  enum workload w)
{
	unsigned long n = cfg->quick ? LIVE_QUICK : LIVE_FULL, written;
	int reps = cfg->quick ? 1 : 3, rep, m, rc;
	struct row *kernel, *model, *parse, *engine;
	struct sys_run *r;
	char path[4096], what[96], why[256];
	const char *argv[] = { cfg->pidsim, "live", path, NULL };
	bool go_on = true;

	snprintf(path, sizeof(path), "%s/live-%s.trace", cfg->tmpdir, workload_name(w));
	snprintf(what, sizeof(what), "live kernel, %s", workload_name(w));
	progress_step("%s", what);
	rc = generate(cfg, w, n, path, &written);
	if (rc) {
		bench_insane(rp->res, "%s: cannot generate: %s", what, strerror(-rc));
		return true;
	}
	r = malloc(sizeof(*r));
	if (!r)
		bench_die("out of memory");
	kernel = results_add(rp->res, "live", "kernel", (double)written, 0,
			     workload_name(w), "stmts/s");
	model = results_add(rp->res, "live", "model", (double)written, 0,
			    workload_name(w), "stmts/s");
	parse = results_add(rp->res, "live", "parse", (double)written, 0,
			    workload_name(w), "stmts/s");
	engine = results_add(rp->res, "live", "engine", (double)written, 0,
			     workload_name(w), "stmts/s");
	if (!kernel || !model || !parse || !engine)
		bench_die("out of memory");

	for (rep = 0; rep < reps; rep++) {
		unsigned long long stmts = 0;
		double rate;

		if (sys_run(argv, false, LIVE_TIMEOUT_S, r)) {
			bench_notef("Live kernel skipped: cannot start %s.", cfg->pidsim);
			go_on = false;
			break;
		}
		first_line(r->out, why, sizeof(why));
		if (r->status == EXIT_SKIP || r->exec_failed) {
			bench_notef("Live kernel skipped: `pidsim live` says: %s", why);
			progress_note("live kernel skipped: %s", why);
			go_on = false;
			break;
		}
		rate = live_rate(r->out, &stmts);
		if ((r->status != 0 && r->status != 1) || rate <= 0) {
			bench_notef("Live kernel, %s: `pidsim live` failed (status %d%s): %s",
				    workload_name(w), r->status,
				    r->timed_out ? ", timed out" : "", why);
			break;
		}
		if (r->status == 1 && rep == 0)
			bench_notef("Live kernel, %s: an expectation of the generated trace failed on the kernel (the rate still counts).",
				    workload_name(w));
		if (stmts != written)
			bench_insane(rp->res, "%s: the kernel ran %llu statements of %lu",
				     what, stmts, written);
		series_add(&kernel->s, rate);
	}
	free(r);

	/*
	 * The model on the same file, as `pidsim run` replays it, and the
	 * parser alone: no replay through this parser can beat that.
	 */
	if (kernel->s.n) {
		m = replays_per_sample(rp, cfg, path, what);
		for (rep = 0; rep < cfg->reps; rep++) {
			double rate = replay_sample(rp, path, R_PIDSIM_RUN, m, what);

			if (rate > 0)
				series_add(&model->s, rate);
			rate = replay_sample(rp, path, R_PARSE, m, what);
			if (rate > 0)
				series_add(&parse->s, rate);
		}
		engine_only(rp, cfg, path, what, engine);
	}
	unlink(path);
	return go_on;
}

/* -- identical work: fork, exit, wait ------------------------------------ */

static int forkloop_child(void *arg)
{
	(void)arg;
	return 0;	/* the thread exits at once */
}

/* In a process that will _exit: unshare, and run the loop in the new init. */
static int forkloop_in_new_ns(unsigned long n, bool vm)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	unsigned long i;
	pid_t init;
	int status;

	if (unshare(CLONE_NEWPID)) {
		printf("forkloop-skip unshare(CLONE_NEWPID): %s\n", strerror(errno));
		return EXIT_SKIP;
	}
	fflush(stdout);
	init = fork();
	if (init < 0)
		return 1;
	if (init == 0) {
		double t0 = clock_s();

		for (i = 0; i < n; i++) {
			/* one child at a time: the stack is free again */
			pid_t c = vm ? clone(forkloop_child, stack + sizeof(stack),
					     CLONE_VM | SIGCHLD, NULL)
				     : fork();

			if (c == 0)
				_exit(0);
			if (c < 0 || waitpid(c, &status, 0) != c)
				_exit(1);
		}
		printf("forkloop %lu %.9f\n", n, clock_s() - t0);
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(init, &status, 0) != init || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

int bench_child_forkloop(unsigned long n, bool vm)
{
	pid_t pid;
	int status;

	/*
	 * The unsharing happens in a child that leaves by _exit(): once the
	 * new namespace's init is gone, the unsharer cannot create a task any
	 * more, and whatever runs at a normal exit (a leak checker's threads)
	 * would fail there.
	 */
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(forkloop_in_new_ns(n, vm));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

/* The fork/exit/wait trace of cycles cycles; statements written or -errno. */
static long write_forkloop(const char *path, unsigned long cycles)
{
	FILE *f = fopen(path, "w");
	unsigned long i;

	if (!f)
		return -errno;
	fprintf(f, "pidsim 1\n# fork, exit, wait by init: the work of pidbench --child-forkloop\n");
	for (i = 0; i < cycles; i++)
		fprintf(f, "fork init c%lu\nexit c%lu\nwait init c%lu => ok\n", i, i, i);
	if (fclose(f))
		return -EIO;
	return (long)(3 * cycles);
}

static void forkloop(struct replay *rp, const struct bench_cfg *cfg)
{
	unsigned long cycles = cfg->quick ? FORKLOOP_QUICK : FORKLOOP_FULL;
	char path[4096], arg[32], why[256];
	const char *live_argv[] = { cfg->pidsim, "live", path, NULL };
	const char *bare_argv[] = { cfg->self, "--child-forkloop", arg, NULL };
	const char *vm_argv[] = { cfg->self, "--child-forkloop-vm", arg, NULL };
	struct row *kernel, *model, *bare, *vm;
	const char *what = "fork/exit/wait: model, kernel, bare loop";
	int reps = cfg->quick ? 1 : 5, rep, m, k, per, done_model = 0;
	struct sys_run *r;
	long written;

	progress_step("%s", what);
	snprintf(path, sizeof(path), "%s/forkloop.trace", cfg->tmpdir);
	snprintf(arg, sizeof(arg), "%d", cfg->quick ? FORKLOOP_QUICK : FORKLOOP_BARE);
	written = write_forkloop(path, cycles);
	if (written < 0) {
		bench_insane(rp->res, "%s: cannot write the trace: %s", what,
			     strerror((int)-written));
		return;
	}
	kernel = results_add(rp->res, "forkloop", "kernel", (double)written, 0, "", "stmts/s");
	model = results_add(rp->res, "forkloop", "model", (double)written, 0, "", "stmts/s");
	bare = results_add(rp->res, "forkloop", "bare", (double)written, 0, "", "stmts/s");
	vm = results_add(rp->res, "forkloop", "bare-vm", (double)written, 0, "", "stmts/s");
	r = malloc(sizeof(*r));
	if (!kernel || !model || !bare || !vm || !r)
		bench_die("out of memory");

	/*
	 * The model's samples are spread over the kernel's runs, a share
	 * after each, so that one busy spell of a shared machine does not
	 * fall on all of one side's samples.
	 */
	m = replays_per_sample(rp, cfg, path, what);
	per = (cfg->reps + reps - 1) / reps;
	for (rep = 0; rep < reps; rep++) {
		unsigned long long stmts = 0;
		unsigned long done = 0;
		double secs = 0, rate;

		if (sys_run(live_argv, false, LIVE_TIMEOUT_S, r) == 0 && r->status == 0 &&
		    (rate = live_rate(r->out, &stmts)) > 0 && stmts == (unsigned long long)written)
			series_add(&kernel->s, rate);
		else if (rep == 0) {
			first_line(r->out, why, sizeof(why));
			bench_notef("fork/exit/wait: `pidsim live` gave no rate (status %d): %s",
				    r->status, why);
		}
		for (k = 0; k < 2; k++) {
			if (sys_run(k ? vm_argv : bare_argv, true, LIVE_TIMEOUT_S, r) == 0 &&
			    r->status == 0 &&
			    sscanf(r->out, "forkloop %lu %lf", &done, &secs) == 2 && secs > 0)
				series_add(k ? &vm->s : &bare->s, 3.0 * (double)done / secs);
			else if (rep == 0) {
				first_line(r->out, why, sizeof(why));
				bench_notef("fork/exit/wait: the bare loop did not run (status %d): %s",
					    r->status, why);
			}
		}
		for (k = 0; k < per && done_model < cfg->reps; k++, done_model++) {
			rate = replay_sample(rp, path, R_PIDSIM_RUN, m, what);
			if (rate > 0)
				series_add(&model->s, rate);
		}
	}
	free(r);
	unlink(path);
}

int bench_replay_steps(const struct bench_cfg *cfg)
{
	size_t n = cfg->quick ? ARRAY_SIZE(sizes_quick) : ARRAY_SIZE(sizes_full);

	return (int)(WL__COUNT * n + WL__COUNT + 1);
}

int bench_replay(const struct bench_cfg *cfg, struct results *res)
{
	struct replay rp = { .res = res };
	int w, ret = -ENOMEM;
	bool live = cfg->live;

	rp.st = malloc(sizeof(*rp.st));
	rp.devnull = fopen("/dev/null", "w");
	if (engine_model_new(NULL, 0, &rp.e) || !rp.st || !rp.devnull)
		goto out;
	/* as pidsim run buffers its standard output */
	setvbuf(rp.devnull, NULL, _IOFBF, 1 << 20);
	for (w = 0; w < WL__COUNT; w++)
		replay_workload(&rp, cfg, (enum workload)w);

	if (live && !sys_executable(cfg->pidsim)) {
		bench_notef("Live kernel skipped: no pidsim executable at %s.", cfg->pidsim);
		live = false;
	} else if (!live) {
		bench_notef("Live kernel skipped: --no-live.");
	}
	for (w = 0; w < WL__COUNT; w++) {
		if (live)
			live = live_workload(&rp, cfg, (enum workload)w);
		else
			progress_step("live kernel, %s: skipped",
				      workload_name((enum workload)w));
	}
	if (live)
		forkloop(&rp, cfg);
	else
		progress_step("fork/exit/wait on the kernel: skipped");
	ret = 0;
out:
	if (rp.devnull)
		fclose(rp.devnull);
	free(rp.st);
	if (rp.e)
		rp.e->ops->destroy(rp.e);
	return ret;
}
