/*
 * cmd_fuzz.c - `pidsim fuzz`: differential fuzzing of the model against
 * the live kernel (docs/fuzzing.md).
 *
 * For each of --count seeds (--seed, --seed+1, ...), generate a trace
 * (gen.h, the profiles in turn unless --profile names one) and run
 * `pidsim diff` on it in a process of its own, so that an engine that
 * hangs or crashes costs one trace, not the campaign. Outcomes:
 *
 *   agree      nothing kept;
 *   diverged   `pidsim diff` exits 1 on every one of --confirm runs: the
 *              trace and its diff report are kept in --keep DIR as
 *              PROFILE-sSEED.trace and .diff, and with --shrink the
 *              shrunk trace as PROFILE-sSEED.min.trace;
 *   flaky      exits 1 only sometimes (a race in a live run): kept as
 *              flaky-PROFILE-sSEED.*;
 *   broke      any other status, or the time limit: kept as
 *              broke-PROFILE-sSEED.* (an engine error, a hang, a crash).
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
	bool mix;		/* profiles in turn */
	unsigned int count;
	const char *keep;	/* directory for what is found */
	bool shrink;
	unsigned int confirm;	/* runs that must all diverge */
	unsigned int timeout;	/* per diff run, seconds */
	unsigned int time_limit;	/* whole campaign, seconds; 0 none */
	bool quiet;
};

struct fuzz_totals {
	unsigned int run, agree, diverged, flaky, broke;
};

static int parse_opts(int argc, char **argv, struct fuzz_opts *o)
{
	static const struct option longopts[] = {
		GEN_LONGOPTS,
		{ "count",	required_argument,	NULL, 'n' },
		{ "keep",	required_argument,	NULL, 'K' },
		{ "shrink",	no_argument,		NULL, 'x' },
		{ "confirm",	required_argument,	NULL, 'c' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "time-limit",	required_argument,	NULL, 'T' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char why[160];
	int c, rc;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":hq", longopts, NULL)) != -1) {
		if (c == GEN_OPT_PROFILE && !strcmp(optarg, "mix")) {
			o->mix = true;
			continue;
		}
		if (c == GEN_OPT_KERNEL && (rc = engine_model_kernel_arg("fuzz", optarg)))
			return rc > 0 ? -1 : EXIT_USAGE;
		rc = gen_set_option(&o->gen, c, optarg, why, sizeof(why));
		if (rc < 0 && c == GEN_OPT_PROFILE)
			return usage_error("fuzz", "unknown profile '%s' (build, containers, threads, chaos, mix)",
					   optarg);
		if (rc < 0)
			return usage_error("fuzz", "%s", why);
		if (rc == 0) {
			o->mix &= c != GEN_OPT_PROFILE;
			continue;
		}
		switch (c) {
		case 'n':
			if (!parse_uint(optarg, 1, FUZZ_COUNT_MAX, &o->count))
				return usage_error("fuzz", "--count takes a number from 1 to 1000000, not '%s'",
						   optarg);

			break;
		case 'K':
			o->keep = optarg;
			break;
		case 'x':
			o->shrink = true;
			break;
		case 'c':
			if (!parse_uint(optarg, 1, 100, &o->confirm))
				return usage_error("fuzz", "--confirm takes a number from 1 to 100, not '%s'",
						   optarg);

			break;
		case 't':
			if (!parse_uint(optarg, 1, 86400, &o->timeout))
				return usage_error("fuzz", "--timeout takes seconds from 1 to 86400, not '%s'",
						   optarg);

			break;
		case 'T':
			if (!parse_uint(optarg, 1, 10000000, &o->time_limit))
				return usage_error("fuzz", "--time-limit takes seconds from 1 to 10000000, not '%s'",
						   optarg);

			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage_of("fuzz", stdout);
			return -1;
		case ':':
			return usage_error("fuzz", "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("fuzz", "unknown option '%s'", argv[optind - 1]);
		}
	}
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
		    const char *trace, const char *report, struct fuzz_totals *tot)
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
		 gen_profile_name(g->profile), g->seed);
	keep(o, name, trace, report, kept, kept_diff, sizeof(kept));
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

int cmd_fuzz(int argc, char **argv)
{
	struct fuzz_opts o = { .count = 100, .mix = true, .confirm = 2,
			       .timeout = FUZZ_TIMEOUT_DEFAULT,
			       .keep = "traces/found" };
	struct fuzz_totals tot = { 0 };
	struct live_probe probe;
	char trace[4096], report[4096];
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
		       o.mix ? "profiles in turn" : gen_profile_name(o.gen.profile),
		       probe.kernel, o.keep);
	fflush(stdout);
	for (i = 0; i < o.count; i++) {
		struct gen_opts g = o.gen;

		if (o.time_limit && time(NULL) - start >= (time_t)o.time_limit) {
			printf("pidsim fuzz: --time-limit reached after %u traces\n", i);
			break;
		}
		g.seed = o.gen.seed + i;
		if (o.mix)
			g.profile = (enum gen_profile)(i % GEN__PROFILES);
		rc = fuzz_one(&o, &g, trace, report, &tot);
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
	unlink(trace);
	unlink(report);
	printf("pidsim fuzz: %u traces: %u agree, %u diverged, %u flaky, %u broke "
	       "(%lds)\n", tot.run, tot.agree, tot.diverged, tot.flaky, tot.broke,
	       (long)(time(NULL) - start));
	return status;
}
