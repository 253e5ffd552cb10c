/*
 * b_memory.c - what a live process costs in memory: heap bytes per
 * process at depth 1 and depth 8, and the peak resident set of a run that
 * fills a pid_max of 4194304 with processes.
 *
 * Bytes per process: the heap in use (malloc's own count, its per-chunk
 * overhead included) before and after forking N processes from the init
 * of the deepest namespace, divided by N. Everything a process brings is
 * in it: task_struct, signal_struct, struct pid with its upids, their
 * hash entries and the hash's growth, bitmap pages. The floor is what
 * numbers alone need: per level, one bit of bitmap and one pointer of a
 * direct array.
 *
 * Peak: a child (`pidbench --child-peak N`, started afresh with exec so
 * that none of this process's memory counts) forks N processes, tears the
 * machine down and reports its VmHWM. Not wait4()'s ru_maxrss: that keeps
 * the high-water mark of the forked copy of this process from before the
 * exec. An empty run (N = 0) gives the baseline that is subtracted for
 * bytes per process.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define PIDBENCH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PIDBENCH_ASAN 1
#endif
#endif
#ifdef PIDBENCH_ASAN
/* The sanitizer runtime's count (GCC ships no header that declares it). */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#include "bench/bench.h"
#include "model/err.h"
#include "model/fork.h"
#include "model/machine.h"
#include "model/pid_namespace.h"
#include "model/profile.h"
#include "bench/sys.h"
#include "model/task.h"
#include "model/pid_limits.h"
#include "lib/util.h"

static const int mem_depths[] = { 1, 8 };

#define PEAK_FULL	(PID_MAX_LIMIT - 2UL)	/* every number but 0 and init's */
#define PEAK_QUICK	100000UL

/* Heap bytes in use, by whichever allocator is linked. */
static size_t heap_in_use(void)
{
#ifdef PIDBENCH_ASAN
	return __sanitizer_get_current_allocated_bytes();
#else
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
#endif
}

static int fork_many(struct task_struct *parent, unsigned long n,
		     unsigned long *made)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };
	int ret = 0;

	for (*made = 0; *made < n; (*made)++) {
		ret = kernel_clone(parent, &args, NULL);
		if (ret < 0)
			break;
	}
	return ret < 0 ? ret : 0;
}

/* One sample: heap bytes per process forked at the given depth. */
static double bytes_per_process(int depth, unsigned long n)
{
	struct machine_config mc = { .root_pid_max = PID_MAX_LIMIT,
				     .max_threads = PID_MAX_LIMIT * 2UL };
	struct task_struct *parent;
	struct machine *m;
	unsigned long made;
	size_t h0, h1;
	int i, err;

	mc.profile = kernel_profile_find("6.18");
	m = machine_new(&mc, &err);
	if (!m)
		bench_die("machine_new: %d", err);
	parent = m->init;
	for (i = 1; i < depth; i++) {
		struct kernel_clone_args args = {
			.flags = CLONE_NEWPID, .exit_signal = SIGCHLD,
		};

		err = kernel_clone(parent, &args, &parent);
		if (err < 0)
			bench_die("clone(CLONE_NEWPID): %d", err);
	}
	h0 = heap_in_use();
	err = fork_many(parent, n, &made);
	if (err)
		bench_die("fork %lu at depth %d: %d after %lu", n, depth, err, made);
	h1 = heap_in_use();
	machine_free(m);
	return (double)(h1 - h0) / (double)n;
}

/* This process's peak resident set since its exec (VmHWM), in KiB. */
static long hwm_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

int bench_child_peak(unsigned long n)
{
	struct machine_config mc = { .root_pid_max = PID_MAX_LIMIT,
				     .max_threads = PID_MAX_LIMIT * 2UL };
	struct machine *m;
	unsigned long made;
	double t0 = clock_s(), t1;
	int err;

	mc.profile = kernel_profile_find("6.18");
	m = machine_new(&mc, &err);
	if (!m) {
		fprintf(stderr, "pidbench: machine_new: %s\n", strerror(-err));
		return 1;
	}
	err = fork_many(m->init, n, &made);
	t1 = clock_s();
	machine_free(m);
	if (err) {
		fprintf(stderr, "pidbench: fork %lu: %s after %lu\n", n,
			strerror(-err), made);
		return 1;
	}
	printf("peak-child %lu %.6f %.6f %ld\n", made, t1 - t0, clock_s() - t1,
	       hwm_kb());
	return 0;
}

/* Run the child once; its peak RSS in bytes, or a negative errno. */
static double run_child(const struct bench_cfg *cfg, unsigned long n,
			double *fork_s)
{
	char arg[32];
	const char *argv[] = { cfg->self, "--child-peak", arg, NULL };
	struct sys_run *r = malloc(sizeof(*r));
	unsigned long made;
	double create = 0, teardown = 0, peak = -EIO;
	long kb = -1;

	if (!r)
		return -ENOMEM;
	snprintf(arg, sizeof(arg), "%lu", n);
	if (sys_run(argv, true, 900, r) == 0 && r->status == 0 &&
	    sscanf(r->out, "peak-child %lu %lf %lf %ld", &made, &create, &teardown,
		   &kb) == 4 && made == n && kb > 0) {
		peak = (double)kb * 1024;
		*fork_s = create;
	} else {
		bench_notef("The peak-memory child (%lu processes) failed: status %d%s %.200s",
			    n, r->status, r->timed_out ? " (timed out)" : "", r->out);
	}
	free(r);
	return peak;
}

static void peak(const struct bench_cfg *cfg, struct results *res)
{
	unsigned long n = cfg->quick ? PEAK_QUICK : PEAK_FULL;
	int reps = cfg->quick ? 1 : 3, rep;
	struct row *rss, *per, *floor_row, *rate;
	double base, dummy;

	progress_step("peak memory of a %lu-process run", n);
	rss = results_add(res, "peak", "model", (double)n, 0, "", "MiB");
	per = results_add(res, "peak", "model-per-process", (double)n, 0, "", "B/process");
	floor_row = results_add(res, "peak", "floor", (double)n, 0, "", "MiB");
	rate = results_add(res, "peak", "fork-rate", (double)n, 0, "", "processes/s");
	if (!rss || !per || !floor_row || !rate)
		bench_die("out of memory");
	base = run_child(cfg, 0, &dummy);
	if (base < 0)
		return;
	for (rep = 0; rep < reps; rep++) {
		double fork_s = 0, p = run_child(cfg, n, &fork_s);

		if (p < 0)
			return;
		series_add(&rss->s, p / (1024.0 * 1024.0));
		series_add(&per->s, (p - base) / (double)n);
		series_add(&floor_row->s, (double)n * (8 + 1.0 / 8) / (1024.0 * 1024.0));
		series_add(&rate->s, (double)n / fork_s);
	}
}

int bench_memory_steps(const struct bench_cfg *cfg)
{
	(void)cfg;
	return (int)ARRAY_SIZE(mem_depths) + 1;
}

int bench_memory(const struct bench_cfg *cfg, struct results *res)
{
	unsigned long n = cfg->quick ? 20000 : 200000;
	int reps = cfg->quick ? 2 : 3, rep;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mem_depths); i++) {
		int d = mem_depths[i];
		struct row *model, *floor_row;

		progress_step("memory per process at depth %d", d);
		model = results_add(res, "memory", "model", d, 0, "", "B/process");
		floor_row = results_add(res, "memory", "floor", d, 0, "", "B/process");
		if (!model || !floor_row)
			bench_die("out of memory");
		for (rep = 0; rep < reps; rep++) {
			series_add(&model->s, bytes_per_process(d, n));
			series_add(&floor_row->s, d * (8 + 1.0 / 8));
		}
	}
	peak(cfg, res);
	return 0;
}
