/*
 * cmd_fuzz.c - `pidsim fuzz`: differential fuzzing of the model against
 * the live kernel (docs/fuzzing.md).
 *
 * For each of --count seeds (--seed, --seed+1, ...), generate a trace
 * (gen.h, the mixes in turn unless --mix names one) and run
 * `pidsim diff` on it in a process of its own, so that an engine that
 * hangs or crashes costs one trace, not the campaign. Outcomes:
 *
 *   agree      nothing kept;
 *   diverged   `pidsim diff` exits 1 on every one of --confirm runs: the
 *              trace and its diff report are kept in --keep DIR as
 *              MIX-sSEED.trace and .diff, and with --shrink the
 *              shrunk trace as MIX-sSEED.min.trace;
 *   flaky      exits 1 only sometimes (a race in a live run): kept as
 *              flaky-MIX-sSEED.*;
 *   broke      any other status, or the time limit: kept as
 *              broke-MIX-sSEED.* (an engine error, a hang, a crash).
 *
 * Exit 0 when every trace agreed (flaky ones are reported, not counted),
 * 1 when one diverged or broke, 2 on a bad command line, 77 when the live
 * kernel cannot be used here.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/numparse.h"
#include "lib/progress.h"
#include "sim/cli/builtin.h"
#include "sim/engine/live/engine_live.h"
#include "sim/fuzz/gen.h"
#include "lib/proc.h"
#include "sim/engine/model/engine_model.h"
#include "sim/fuzz/shrink.h"

#define FUZZ_COUNT_MAX		1000000
#define FUZZ_TIMEOUT_DEFAULT	60	/* seconds one `pidsim diff` may take */

struct fuzz_opts {
	struct gen_opts gen;
	bool all_mixes;	/* the mixes in turn */
	unsigned int count;
	const char *keep;	/* directory for what is found */
	bool shrink;
	unsigned int confirm;	/* runs that must all diverge */
	unsigned int timeout;	/* per diff run, seconds */
	unsigned int time_limit;	/* whole campaign, seconds; 0 none */
	bool quiet;
	bool progress;
};

struct fuzz_totals {
	unsigned int run, agree, diverged, flaky, broke;
};

enum { OPT_COUNT = 'n', OPT_KEEP = 'K', OPT_SHRINK = 'x', OPT_CONFIRM = 'c',
       OPT_TIMEOUT = 't', OPT_TIME_LIMIT = 'T', OPT_QUIET = 'q',
       OPT_PROGRESS = 0x100 };

static int cmd_fuzz(int argc, char **argv);

static const struct cmd_option fuzz_options[] = {
	{ "count", 0, "N", OPT_COUNT, "traces to generate (1 to 1000000, default 100)" },
	{ "keep", 0, "DIR", OPT_KEEP, "where found traces go (default traces/found)" },
	{ "shrink", 0, NULL, OPT_SHRINK, "shrink every divergence (`pidsim shrink`)" },
	{ "confirm", 0, "K", OPT_CONFIRM, "runs that must all diverge (1 to 100, default 2)" },
	{ "timeout", 0, "S", OPT_TIMEOUT,
	  "seconds one `pidsim diff` may take (default 60)" },
	{ "time-limit", 0, "S", OPT_TIME_LIMIT, "stop starting traces after S seconds" },
	{ "quiet", 'q', NULL, OPT_QUIET, "only the findings and the summary" },
	{ "progress", 0, NULL, OPT_PROGRESS,
	  "a progress line on standard error even when it is not\n"
	  "a terminal (on a terminal it is there unless -q)" },
	{ NULL },
};

const struct builtin builtin_fuzz = {
	.name = "fuzz",
	.fn = cmd_fuzz,
	.summary = "generate traces and diff each against the live kernel",
	.synopsis = "[--count N] [--seed S] [--statements M] [--depth D]\n"
		"[--mix MIX] [--kernel VERSION] [--max-procs N] [--keep DIR]\n"
		"[--shrink] [--confirm K] [--timeout S] [--time-limit S] [-q]",
	.description =
		"Differential fuzzing: generate N traces (`pidsim gen`, seeds S, S+1,\n"
		"...) and run `pidsim diff` on each, in a process of its own. A trace on\n"
		"which the model and the kernel part in K runs out of K is kept in DIR\n"
		"with its report (MIX-sSEED.trace, .diff), and shrunk with --shrink\n"
		"(MIX-sSEED.min.trace); one that parts only sometimes is kept as\n"
		"flaky-*, one on which `pidsim diff` fails or hangs as broke-*.\n"
		"--mix all (the default) takes the four mixes in turn.",
	.options = gen_common_options,
	.more_options = fuzz_options,
	.exit_status = "0 all agreed (flaky ones are only reported), 1 a trace\n"
		"diverged or broke, 2 bad command line, 77 the live kernel cannot be\n"
		"used here.",
};

static int parse_opts(int argc, char **argv, struct fuzz_opts *o)
{
	struct cmd_parser p;
	char why[160];
	int c, rc;

	cmd_parse_init(&p, &builtin_fuzz);
	cmd_parse_alias(&p, "profile", GEN_OPT_MIX, true);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		if (c == GEN_OPT_MIX && (!strcmp(optarg, "all") || !strcmp(optarg, "mix"))) {
			o->all_mixes = true;
			continue;
		}
		if (c == GEN_OPT_KERNEL && (rc = engine_model_kernel_arg("fuzz", optarg)))
			return rc > 0 ? -1 : EXIT_USAGE;
		rc = gen_set_option(&o->gen, c, optarg, why, sizeof(why));
		if (rc < 0 && c == GEN_OPT_MIX)
			return usage_error("fuzz", "unknown mix '%s' (build, containers, threads, chaos, all)",
					   optarg);
		if (rc < 0)
			return usage_error("fuzz", "%s", why);
		if (rc == 0) {
			o->all_mixes &= c != GEN_OPT_MIX;
			continue;
		}
		switch (c) {
		case OPT_COUNT:
			if (!parse_uint(optarg, 1, FUZZ_COUNT_MAX, &o->count))
				return usage_error("fuzz", "--count takes a number from 1 to 1000000, not '%s'",
						   optarg);
			break;
		case OPT_KEEP:
			o->keep = optarg;
			break;
		case OPT_SHRINK:
			o->shrink = true;
			break;
		case OPT_CONFIRM:
			if (!parse_uint(optarg, 1, 100, &o->confirm))
				return usage_error("fuzz", "--confirm takes a number from 1 to 100, not '%s'",
						   optarg);
			break;
		case OPT_TIMEOUT:
			if (!parse_uint(optarg, 1, 86400, &o->timeout))
				return usage_error("fuzz", "--timeout takes seconds from 1 to 86400, not '%s'",
						   optarg);
			break;
		case OPT_TIME_LIMIT:
			if (!parse_uint(optarg, 1, 10000000, &o->time_limit))
				return usage_error("fuzz", "--time-limit takes seconds from 1 to 10000000, not '%s'",
						   optarg);
			break;
		case OPT_PROGRESS:
			o->progress = true;
			break;
		case OPT_QUIET:
			o->quiet = true;
			break;
		}
	}
	if (c < 0)
		return c == CMD_HELP ? -1 : EXIT_USAGE;
	if (optind < argc)
		return usage_error("fuzz", "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* `pidsim diff [--kernel V] trace`, its report into out; the exit status. */
static int diff_once(const struct fuzz_opts *o, const char *trace,
		     const char *out, bool *timed_out)
{
	char *argv[6];
	int i = 0;

	argv[i++] = (char *)self_exe();
	argv[i++] = "diff";
	if (o->gen.kernel) {
		argv[i++] = "--kernel";
		argv[i++] = (char *)o->gen.kernel;
	}
	argv[i++] = (char *)trace;
	argv[i] = NULL;
	return run_capture(argv, out, o->timeout, timed_out);
}

/*
 * Copy from to to; with old (not NULL), every occurrence of old in a line
 * is written as new instead (the report names the trace by the path diff
 * ran it under, the kept copy has another).
 */
static int copy_file(const char *from, const char *to, const char *old,
		     const char *new)
{
	FILE *in = fopen(from, "r"), *out = in ? fopen(to, "w") : NULL;
	char line[8192];
	int rc = 0;

	if (!in || !out)
		rc = -errno;
	while (!rc && fgets(line, sizeof(line), in)) {
		char *p = line, *hit;

		while (old && (hit = strstr(p, old))) {
			fprintf(out, "%.*s%s", (int)(hit - p), p, new);
			p = hit + strlen(old);
		}
		if (fputs(p, out) == EOF)
			rc = -EIO;
	}
	if (in)
		fclose(in);
	if (out && fclose(out) && !rc)
		rc = -EIO;
	return rc;
}

/* Keep the trace and its report as DIR/NAME.trace and DIR/NAME.diff. */
static void keep(const struct fuzz_opts *o, const char *name, const char *trace,
		 const char *report, char *kept, char *path, size_t len)
{
	int rc;

	snprintf(kept, len, "%s/%s.trace", o->keep, name);
	snprintf(path, len, "%s/%s.diff", o->keep, name);
	rc = copy_file(trace, kept, NULL, NULL);
	if (!rc)
		rc = copy_file(report, path, trace, kept);
	if (rc)
		fprintf(stderr, "pidsim fuzz: cannot keep %s: %s\n", kept, strerror(-rc));
}

static void print_file(const char *path, FILE *out)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		fprintf(out, "    %s", line);
	fclose(f);
}

static void shrink_kept(const struct fuzz_opts *o, const char *name,
			const char *kept)
{
	struct shrink_opts so = { .pidsim = self_exe(), .kernel = o->gen.kernel,
				  .timeout = o->timeout };
	struct shrink_stats st;
	char path[4096];
	FILE *out;
	int rc;

	snprintf(path, sizeof(path), "%s/%s.min.trace", o->keep, name);
	out = fopen(path, "w");
	if (!out) {
		fprintf(stderr, "pidsim fuzz: %s: %s\n", path, strerror(errno));
		return;
	}
	rc = shrink_trace(kept, &so, out, &st);
	fclose(out);
	if (rc) {
		fprintf(stderr, "pidsim fuzz: shrinking %s: %s\n", kept,
			rc == -ENOEXEC ? "it no longer diverges" : strerror(-rc));
		unlink(path);
		return;
	}
	printf("  shrunk to %u of %u statements: %s\n", st.after, st.before, path);
	print_file(path, stdout);
}

/*
 * One seed: 0 agreed (or flaky), 1 diverged or broke, 77 no live kernel,
 * -errno when the fuzzer itself failed.
 */
static int fuzz_one(const struct fuzz_opts *o, const struct gen_opts *g,
		    const char *trace, const char *report, struct fuzz_totals *tot,
		    struct progress *pr)
{
	char name[128], kept[4096], kept_diff[4096];
	unsigned int k, hits = 1;
	bool timed_out;
	FILE *f;
	int rc, st;

	f = fopen(trace, "w");
	if (!f)
		return -errno;
	rc = gen_trace(g, f);
	if (fclose(f) && !rc)
		rc = -EIO;
	if (rc)
		return rc;
	tot->run++;
	st = diff_once(o, trace, report, &timed_out);
	if (st < 0)
		return st;
	if (st == EXIT_SKIP)
		return EXIT_SKIP;
	if (st == 0) {
		tot->agree++;
		return 0;
	}
	if (st == 1 && !timed_out) {
		for (k = 1; k < o->confirm; k++) {
			char again[4096 + 16];

			snprintf(again, sizeof(again), "%s.again", report);
			if (diff_once(o, trace, again, &timed_out) == 1 && !timed_out)
				hits++;
			unlink(again);
		}
	}
	snprintf(name, sizeof(name), "%s%s-s%" PRIu64,
		 st != 1 || timed_out ? "broke-" : hits < o->confirm ? "flaky-" : "",
		 gen_mix_name(g->mix), g->seed);
	keep(o, name, trace, report, kept, kept_diff, sizeof(kept));
	progress_clear(pr);	/* the finding goes where the progress line was */
	if (st != 1 || timed_out) {
		tot->broke++;
		printf("%s: pidsim diff %s\n", kept, timed_out ? "timed out" : "failed");
		print_file(kept_diff, stdout);
		return 1;
	}
	if (hits < o->confirm) {
		tot->flaky++;
		printf("%s: diverged in %u of %u runs (flaky)\n", kept, hits, o->confirm);
		return 0;
	}
	tot->diverged++;
	printf("%s: diverged\n", kept);
	print_file(kept_diff, stdout);
	if (o->shrink)
		shrink_kept(o, name, kept);
	return 1;
}

/* mkdir -p dir. */
static int make_dir(const char *dir)
{
	char path[4096];
	struct stat sb;
	size_t i;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (i = 1; path[i]; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -errno;
		path[i] = '/';
	}
	if (mkdir(path, 0777) && errno != EEXIST)
		return -errno;
	if (stat(path, &sb))
		return -errno;
	return S_ISDIR(sb.st_mode) ? 0 : -ENOTDIR;
}

static int cmd_fuzz(int argc, char **argv)
{
	struct fuzz_opts o = { .count = 100, .all_mixes = true, .confirm = 2,
			       .timeout = FUZZ_TIMEOUT_DEFAULT,
			       .keep = "traces/found" };
	struct fuzz_totals tot = { 0 };
	struct live_probe probe;
	char trace[4096], report[4096];
	struct progress pr;
	time_t start = time(NULL);
	int rc, status = 0;
	unsigned int i;

	gen_opts_init(&o.gen);
	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (live_probe(NULL, &probe)) {
		fprintf(stderr, "pidsim fuzz: cannot run on the live kernel here: %s\n",
			probe.why);
		return EXIT_SKIP;
	}
	/* generate as the live run counts levels: no set_tid past its root */
	o.gen.base_level = probe.base_level;
	rc = make_dir(o.keep);
	if (rc) {
		fprintf(stderr, "pidsim fuzz: %s: %s\n", o.keep, strerror(-rc));
		return EXIT_USAGE;
	}
	snprintf(trace, sizeof(trace), "%s/.fuzz-%d.trace", o.keep, (int)getpid());
	snprintf(report, sizeof(report), "%s/.fuzz-%d.diff", o.keep, (int)getpid());
	if (!o.quiet)
		printf("pidsim fuzz: %u traces of %u statements from seed %" PRIu64
		       " (%s), kernel %s, found traces in %s\n", o.count,
		       o.gen.statements, o.gen.seed,
		       o.all_mixes ? "the mixes in turn" : gen_mix_name(o.gen.mix),
		       probe.kernel, o.keep);
	fflush(stdout);
	progress_start(&pr, o.progress ? PROGRESS_ALWAYS : o.quiet ? PROGRESS_NEVER :
		       PROGRESS_AUTO, "pidsim fuzz");
	for (i = 0; i < o.count; i++) {
		struct gen_opts g = o.gen;

		if (o.time_limit && time(NULL) - start >= (time_t)o.time_limit) {
			printf("pidsim fuzz: --time-limit reached after %u traces\n", i);
			break;
		}
		g.seed = o.gen.seed + i;
		if (o.all_mixes)
			g.mix = (enum gen_mix)(i % GEN__MIXES);
		if (i)
			progress_update(&pr, i, o.count, "%u diverged, %u flaky, %u broke",
					tot.diverged, tot.flaky, tot.broke);
		rc = fuzz_one(&o, &g, trace, report, &tot, &pr);
		fflush(stdout);
		if (rc == EXIT_SKIP) {
			fprintf(stderr, "pidsim fuzz: the live kernel became unusable\n");
			status = EXIT_SKIP;
			break;
		}
		if (rc < 0) {
			fprintf(stderr, "pidsim fuzz: seed %" PRIu64 ": %s\n", g.seed,
				strerror(-rc));
			status = EXIT_USAGE;
			break;
		}
		if (rc)
			status = EXIT_FAILED_EXPECT;
		if (!o.quiet && (i + 1) % 50 == 0)
			printf("pidsim fuzz: %u traces, %u diverged, %u flaky, %u broke\n",
			       tot.run, tot.diverged, tot.flaky, tot.broke);
	}
	progress_clear(&pr);
	unlink(trace);
	unlink(report);
	printf("pidsim fuzz: %u traces: %u agree, %u diverged, %u flaky, %u broke "
	       "(%lds)\n", tot.run, tot.agree, tot.diverged, tot.flaky, tot.broke,
	       (long)(time(NULL) - start));
	return status;
}
