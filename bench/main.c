/*
 * main.c - pidbench: benchmarks of the pidsim model, and the report.
 *
 *   pidbench --report DIR [--quick] [--reps N] [--seed N] [--no-live]
 *            [--pidsim PATH] [--only MODULE]
 *   pidbench --gen WORKLOAD STATEMENTS [--seed N]
 *   pidbench --check DIR
 *
 * --report runs the whole suite (allocation, lookup, memory, replay, live
 * kernel) and writes DIR/report.md, the CSV files and the charts. --quick is
 * the CI mode: every benchmark, smaller and shorter, checked for sanity
 * only. --gen writes one generated workload trace to standard output.
 * --check reads the figures of a report (DIR/all.csv) and states each
 * target of bench/targets.c as met or missed.
 *
 * Exit status: 0 every figure sane, 1 a figure was not (positive, finite,
 * consistent), 2 bad usage or the report could not be written. A
 * disagreement between allocators or with the floor aborts at once.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/b_live_scale.h"
#include "bench/bench.h"
#include "bench/workload.h"
#include "bench/report.h"
#include "bench/sys.h"
#include "bench/targets.h"
#include "lib/numparse.h"

#define EXIT_INSANE	1
#define EXIT_USAGE	2

#define REPS_FULL	11
#define REPS_QUICK	3
#define SAMPLE_FULL_S	0.02
#define SAMPLE_QUICK_S	0.003
#define SEED_DEFAULT	20250101

static void usage(FILE *f)
{
	fputs("usage: pidbench --report DIR [--quick] [--reps N] [--seed N] [--no-live] [--pidsim PATH]\n"
	      "                [--only alloc|lookup|memory|replay|live-scale]\n"
	      "       pidbench --gen WORKLOAD STATEMENTS [--seed N]   (build, containers, server)\n"
	      "       pidbench --check DIR   (the targets, on DIR/all.csv of a report)\n"
	      "See docs/bench.md.\n", f);
}

/* A decimal number without sign or suffix (lib/numparse.h); 0 or -EINVAL. */
static int parse_ulong(const char *s, unsigned long *v)
{
	uint64_t x;

	if (!parse_u64(s, 0, ULONG_MAX, &x))
		return -EINVAL;
	*v = (unsigned long)x;
	return 0;
}

/* Exit status: 0 every measured target met, 1 one missed, 2 no data. */
static int do_check(const char *dir)
{
	struct results res = { 0 };
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/all.csv", dir);
	rc = results_load_csv(path, &res);
	if (rc) {
		if (rc != -EINVAL)
			fprintf(stderr, "pidbench: %s: %s\n", path, strerror(-rc));
		results_free(&res);
		return EXIT_USAGE;
	}
	rc = targets_check(&res, stdout);
	results_free(&res);
	return rc;
}

static int do_gen(const char *name, const char *count, uint64_t seed)
{
	unsigned long n, written;
	int w = workload_by_name(name), rc;

	if (w < 0 || parse_ulong(count, &n)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	rc = gen_workload((enum workload)w, n, seed, stdout, &written);
	if (rc) {
		fprintf(stderr, "pidbench: %s\n", strerror(-rc));
		return EXIT_USAGE;
	}
	fprintf(stderr, "pidbench: %lu statements\n", written);
	return 0;
}

/* Every figure must be positive and finite; a skipped one has no samples. */
static void check_sanity(struct results *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		const struct row *r = res->rows[i];

		if (r->s.n == 0 && !strcmp(r->group, "live"))
			continue;	/* skipped visibly, see the notes */
		if (!series_sane(&r->s))
			bench_insane(res, "%s/%s at %g %s: %d samples, not all positive and finite",
				     r->group, r->variant, r->param, r->label, r->s.n);
	}
}

static bool wanted(const struct bench_cfg *cfg, const char *module)
{
	return !cfg->only || !strcmp(cfg->only, module);
}

static int run_module(const struct bench_cfg *cfg, const char *module,
		      int (*fn)(const struct bench_cfg *, struct results *),
		      struct results *res)
{
	if (!wanted(cfg, module)) {
		bench_notef("Not measured in this run: %s (--only %s).", module, cfg->only);
		return 0;
	}
	return fn(cfg, res);
}

static int do_report(const char *dir, struct bench_cfg *cfg)
{
	struct results res = { 0 };
	struct sys_desc sd;
	char tmp[PATH_MAX], self[PATH_MAX];
	ssize_t n;
	double t0 = clock_s();
	int rc, steps;

	rc = sys_mkdirs(dir);
	if (rc) {
		fprintf(stderr, "pidbench: %s: %s\n", dir, strerror(-rc));
		return EXIT_USAGE;
	}
	rc = sys_mkdtemp(tmp, sizeof(tmp));
	if (rc) {
		fprintf(stderr, "pidbench: temporary directory: %s\n", strerror(-rc));
		return EXIT_USAGE;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	cfg->self = self;
	cfg->tmpdir = tmp;
	sys_describe(&sd);

	steps = (wanted(cfg, "alloc") ? bench_alloc_steps(cfg) : 0) +
		(wanted(cfg, "lookup") ? bench_lookup_steps(cfg) : 0) +
		(wanted(cfg, "memory") ? bench_memory_steps(cfg) : 0) +
		(wanted(cfg, "replay") ? bench_replay_steps(cfg) : 0) +
		(wanted(cfg, "live-scale") ? bench_live_scale_steps(cfg) : 0);
	progress_begin(steps);
	rc = run_module(cfg, "alloc", bench_alloc, &res);
	if (!rc)
		rc = run_module(cfg, "lookup", bench_lookup, &res);
	if (!rc)
		rc = run_module(cfg, "memory", bench_memory, &res);
	if (!rc)
		rc = run_module(cfg, "replay", bench_replay, &res);
	if (!rc)
		rc = run_module(cfg, "live-scale", bench_live_scale, &res);
	progress_end();
	sys_rmtree_flat(tmp);
	if (rc) {
		fprintf(stderr, "pidbench: the benchmark failed: %s\n", strerror(-rc));
		results_free(&res);
		return EXIT_USAGE;
	}
	check_sanity(&res);

	rc = report_write(dir, cfg, &res, &sd, clock_s() - t0);
	results_free(&res);
	if (rc) {
		fprintf(stderr, "pidbench: cannot write the report in %s: %s\n", dir,
			strerror(-rc));
		return EXIT_USAGE;
	}
	fprintf(stderr, "pidbench: report in %s/report.md%s\n", dir,
		res.insane ? "; SOME FIGURES ARE NOT SANE (see above)" : "");
	return res.insane ? EXIT_INSANE : 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "report",	required_argument,	NULL, 'r' },
		{ "quick",	no_argument,		NULL, 'q' },
		{ "reps",	required_argument,	NULL, 'n' },
		{ "seed",	required_argument,	NULL, 's' },
		{ "no-live",	no_argument,		NULL, 'L' },
		{ "pidsim",	required_argument,	NULL, 'p' },
		{ "only",	required_argument,	NULL, 'o' },
		{ "gen",	no_argument,		NULL, 'g' },
		{ "child-peak",	required_argument,	NULL, 'c' },
		{ "child-forkloop", required_argument,	NULL, 'F' },
		{ "child-forkloop-vm", required_argument, NULL, 'V' },
		{ "check",	required_argument,	NULL, 'C' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_cfg cfg = {
		.seed = SEED_DEFAULT,
		.pidsim = PIDBENCH_PIDSIM,
		.live = true,
	};
	const char *dir = NULL;
	unsigned long v, reps = 0;
	bool gen = false;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			dir = optarg;
			break;
		case 'q':
			cfg.quick = true;
			break;
		case 'n':
			if (parse_ulong(optarg, &reps) || reps < 1 || reps > REPS_MAX) {
				fprintf(stderr, "pidbench: --reps takes 1 to %d\n", REPS_MAX);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (parse_ulong(optarg, &v)) {
				usage(stderr);
				return EXIT_USAGE;
			}
			cfg.seed = v;
			break;
		case 'L':
			cfg.live = false;
			break;
		case 'p':
			cfg.pidsim = optarg;
			break;
		case 'g':
			gen = true;
			break;
		case 'o':
			if (strcmp(optarg, "alloc") && strcmp(optarg, "lookup") &&
			    strcmp(optarg, "memory") && strcmp(optarg, "replay") &&
			    strcmp(optarg, "live-scale")) {
				fprintf(stderr, "pidbench: --only takes alloc, lookup, memory, replay or live-scale\n");
				return EXIT_USAGE;
			}
			cfg.only = optarg;
			break;
		case 'c':
			if (parse_ulong(optarg, &v))
				return EXIT_USAGE;
			return bench_child_peak(v);
		case 'F':
		case 'V':
			if (parse_ulong(optarg, &v))
				return EXIT_USAGE;
			return bench_child_forkloop(v, c == 'V');
		case 'C':
			return do_check(optarg);
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (gen) {
		if (argc - optind != 2) {
			usage(stderr);
			return EXIT_USAGE;
		}
		return do_gen(argv[optind], argv[optind + 1], cfg.seed);
	}
	if (!dir || optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cfg.reps = reps ? (int)reps : cfg.quick ? REPS_QUICK : REPS_FULL;
	cfg.sample_s = cfg.quick ? SAMPLE_QUICK_S : SAMPLE_FULL_S;
	return do_report(dir, &cfg);
}
