/*
 * report.c - CSV, charts and report.md from the results table (report.h).
 *
 * Files written into the report directory:
 *   all.csv                 every figure: median, min, max and each sample
 *   depth.csv occupancy-<pid_max>.csv lookup.csv replay-<workload>.csv
 *   memory.csv peak.csv live.csv   one table per chart or section
 *   *.gp, charts.gp         gnuplot scripts (`gnuplot charts.gp` redraws)
 *   *.png, *.svg            the charts
 *   report.md               the report
 *
 * Cost ratios are always "how many times the floor's cost": for ns per
 * operation model / floor, for rates floor / model.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/workload.h"
#include "bench/report.h"
#include "bench/targets.h"
#include "model/pid_limits.h"
#include "lib/util.h"

#define FIG_LEN		64

static const int depths[] = { 1, 2, 4, 8, 16, 32 };
static const double occs[] = { 0, 50, 90, 99, 99.99 };
static const int pid_maxes[] = { PID_MAX_DEFAULT, PID_MAX_LIMIT };
static const char *const alloc_vars[] = { "idr", "legacy", "summary", "flat", "floor" };

struct rep {
	const char *dir;
	const struct bench_cfg *cfg;
	const struct results *res;
	const struct sys_desc *sd;
	FILE *md;
	int err;
	bool charts;		/* gnuplot drew them */
	char chart_why[256];	/* why not */
};

/* -- numbers ------------------------------------------------------------ */

static const struct row *get(const struct rep *r, const char *group,
			     const char *variant, double param, double param2,
			     const char *label)
{
	const struct row *row = results_find(r->res, group, variant, param,
					     param2, label);

	return row && row->s.n ? row : NULL;
}

static double med(const struct row *row)
{
	return row ? series_median(&row->s) : NAN;
}

static bool is_rate(const struct row *row)
{
	size_t n = strlen(row->unit);

	return n > 2 && !strcmp(row->unit + n - 2, "/s");
}

/* A number as people read it: 3 significant digits, thousands grouped. */
static const char *num(char *buf, size_t len, double v)
{
	char raw[48];
	size_t i, n, o = 0, lead;

	if (!isfinite(v)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	if (fabs(v) < 10)
		snprintf(raw, sizeof(raw), "%.2f", v);
	else if (fabs(v) < 100)
		snprintf(raw, sizeof(raw), "%.1f", v);
	else
		snprintf(raw, sizeof(raw), "%.0f", v);
	n = strcspn(raw, ".");
	lead = raw[0] == '-' ? 1 : 0;
	for (i = 0; raw[i] && o + 2 < len; i++) {
		if (i > lead && i < n && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
	return buf;
}

/* "12.3 (11.9-13.0)": median (min-max). */
static const char *fig(char *buf, size_t len, const struct row *row)
{
	char a[24], b[24], c[24];

	if (!row) {
		snprintf(buf, len, "-");
		return buf;
	}
	snprintf(buf, len, "%s (%s-%s)", num(a, sizeof(a), med(row)),
		 num(b, sizeof(b), series_min(&row->s)),
		 num(c, sizeof(c), series_max(&row->s)));
	return buf;
}

/* Cost of model relative to floor, per repetition. */
static struct series cost_ratio(const struct row *model, const struct row *floor_row)
{
	struct series none = { 0 };

	if (!model || !floor_row)
		return none;
	return is_rate(model) ? series_ratio(&floor_row->s, &model->s)
			      : series_ratio(&model->s, &floor_row->s);
}

static const char *xfig(char *buf, size_t len, const struct series *s)
{
	char a[24], b[24], c[24];

	if (!s->n) {
		snprintf(buf, len, "-");
		return buf;
	}
	snprintf(buf, len, "%sx (%s-%s)", num(a, sizeof(a), series_median(s)),
		 num(b, sizeof(b), series_min(s)), num(c, sizeof(c), series_max(s)));
	return buf;
}

/* -- files -------------------------------------------------------------- */

static FILE *open_in(struct rep *r, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	f = fopen(path, "w");
	if (!f && !r->err)
		r->err = -errno;
	return f;
}

static void close_file(struct rep *r, FILE *f)
{
	if (!f)
		return;
	if ((ferror(f) | fclose(f)) && !r->err)
		r->err = -EIO;
}

static void md(struct rep *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void md(struct rep *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(r->md, fmt, ap);
	va_end(ap);
}

static void csv_stats(FILE *f, const struct row *row)
{
	if (row)
		fprintf(f, ",%.6g,%.6g,%.6g", med(row), series_min(&row->s),
			series_max(&row->s));
	else
		fputs(",,,", f);
}

static void write_all_csv(struct rep *r)
{
	FILE *f = open_in(r, "all.csv");
	size_t i;
	int j;

	if (!f)
		return;
	fputs("group,variant,label,param,param2,unit,samples,median,min,max,values\n", f);
	for (i = 0; i < r->res->n; i++) {
		const struct row *row = r->res->rows[i];

		fprintf(f, "%s,%s,%s,%.10g,%.10g,%s,%d", row->group, row->variant,
			row->label, row->param, row->param2, row->unit, row->s.n);
		if (row->s.n)
			csv_stats(f, row);
		else
			fputs(",,,", f);
		fputc(',', f);
		for (j = 0; j < row->s.n; j++)
			fprintf(f, "%s%.6g", j ? ";" : "", row->s.v[j]);
		fputc('\n', f);
	}
	close_file(r, f);
}

/* -- charts ------------------------------------------------------------- */

/*
 * The charts' gnuplot scripts are files of the source tree (bench/gp/);
 * a report carries a copy of each one it draws, so that `gnuplot
 * charts.gp` in the report's directory redraws them.
 */
static void copy_gp(struct rep *r, const char *name)
{
	char src[4096], file[64], buf[4096];
	FILE *in, *out;
	size_t n;

	snprintf(src, sizeof(src), "%s/bench/gp/%s.gp", PIDBENCH_SOURCE_DIR, name);
	snprintf(file, sizeof(file), "%s.gp", name);
	in = fopen(src, "r");
	if (!in) {
		fprintf(stderr, "pidbench: %s: %s\n", src, strerror(errno));
		r->err = -errno;
		return;
	}
	out = open_in(r, file);
	if (out) {
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			fwrite(buf, 1, n, out);
		close_file(r, out);
	}
	fclose(in);
}

/* Does this gnuplot have the cairo PNG terminal? */
static const char *png_terminal(void)
{
	const char *argv[] = { "gnuplot", "-e", "set terminal pngcairo", NULL };
	struct sys_run *sr = malloc(sizeof(*sr));
	const char *t = "png";

	if (sr && sys_run(argv, true, 30, sr) == 0 && sr->status == 0 &&
	    !strstr(sr->out, "unknown"))
		t = "pngcairo";
	free(sr);
	return t;
}

/* A chart (bench/gp/NAME.gp) and the group of rows it draws from. */
static const struct chart_def {
	const char *name;
	const char *group;
} charts[] = {
	{ "depth", "depth" },
	{ "occupancy", "occupancy" },
	{ "lookup", "lookup" },
	{ "replay", "replay" },
	{ "live", "live" },
};

static bool has_data(const struct rep *r, const char *group)
{
	size_t i;

	for (i = 0; i < r->res->n; i++)
		if (!strcmp(r->res->rows[i]->group, group) && r->res->rows[i]->s.n)
			return true;
	return false;
}

static bool drawn(const struct rep *r, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.png", r->dir, name);
	return r->charts && access(path, F_OK) == 0;
}

/*
 * Write the scripts of the charts that have data, and run gnuplot on
 * them. Charts of an earlier run in the same directory are removed first,
 * so the report never shows a chart this run did not draw.
 */
static void draw_charts(struct rep *r, bool with_live)
{
	char path[4096];
	const char *argv[] = { "gnuplot", path, NULL };
	struct sys_run *sr;
	const char *png;
	size_t i;
	FILE *f;

	f = open_in(r, "charts.gp");
	if (!f)
		return;
	png = png_terminal();
	fprintf(f, "# Draws every chart of the pidbench report: gnuplot charts.gp\n"
		"# (run from this directory)\n");
	for (i = 0; i < ARRAY_SIZE(charts); i++) {
		const char *name = charts[i].name;

		snprintf(path, sizeof(path), "%s/%s.png", r->dir, name);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s.svg", r->dir, name);
		unlink(path);
		if (!has_data(r, charts[i].group) ||
		    (!with_live && !strcmp(name, "live")))
			continue;
		copy_gp(r, name);
		fprintf(f, "set terminal %s size 1000,600 noenhanced font \",10\"\n"
			"set output \"%s.png\"\nload \"%s.gp\"\nunset output\n"
			"set terminal svg size 1000,600 noenhanced font \"sans,10\" background \"white\"\n"
			"set output \"%s.svg\"\nload \"%s.gp\"\nunset output\n",
			png, name, name, name, name);
	}
	close_file(r, f);

	sr = malloc(sizeof(*sr));
	if (!sr)
		return;
	/* gnuplot reads relative names: cd into the directory first */
	snprintf(path, sizeof(path), "%s/.cd.gp", r->dir);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "cd '%s'\nload 'charts.gp'\n", r->dir);
		fclose(f);
	}
	if (sys_run(argv, true, 120, sr) == 0 && sr->status == 0) {
		r->charts = true;
		if (sr->outlen)
			bench_notef("gnuplot said: %.200s", sr->out);
	} else {
		snprintf(r->chart_why, sizeof(r->chart_why), "%.200s",
			 sr->exec_failed ? "gnuplot is not installed (scripts/install-deps.sh installs gnuplot-nox)"
					 : sr->out);
		r->chart_why[strcspn(r->chart_why, "\n")] = '\0';
	}
	unlink(path);
	free(sr);
}

static void chart(struct rep *r, const char *name, const char *alt)
{
	if (drawn(r, name))
		md(r, "![%s](%s.png)\n\n[SVG](%s.svg)\n\n", alt, name, name);
}

/* -- sections ------------------------------------------------------------- */

/* The source tree's commit, "-dirty" when it has changes; "" if unknown. */
static void source_commit(char *out, size_t len)
{
	const char *argv[] = { "git", "-C", PIDBENCH_SOURCE_DIR, "describe",
			       "--always", "--dirty", "--abbrev=12", NULL };
	struct sys_run *sr = malloc(sizeof(*sr));

	out[0] = '\0';
	if (sr && sys_run(argv, true, 30, sr) == 0 && sr->status == 0)
		snprintf(out, len, "%.*s", (int)strcspn(sr->out, "\n"), sr->out);
	free(sr);
}

static void section_machine(struct rep *r, double elapsed_s)
{
	const struct sys_desc *sd = r->sd;
	char commit[64];

	md(r, "# pidsim benchmark report\n\n"
	   "Written by `pidbench --report%s` (%s mode) on %s in %.0f s. "
	   "How to reproduce and what each figure means: docs/bench.md in the "
	   "source tree.\n\n",
	   r->cfg->quick ? " --quick" : "", r->cfg->quick ? "quick" : "full",
	   sd->date, elapsed_s);
	md(r, "## Machine and build\n\n| | |\n| --- | --- |\n");
	md(r, "| CPU | %s, %d cores online (%s) |\n", sd->cpu, sd->cpus_online, sd->machine);
	md(r, "| Memory | %lu MiB |\n", sd->mem_mb);
	md(r, "| Kernel | %s |\n", sd->kernel);
	md(r, "| OS | %s |\n", sd->os);
	md(r, "| Compiler | %s |\n", PIDBENCH_COMPILER);
	md(r, "| Build type | %s; pidbench's copy of the model built with `%s`%s |\n",
	   PIDBENCH_BUILD_TYPE[0] ? PIDBENCH_BUILD_TYPE : "(none)", PIDBENCH_C_FLAGS,
	   PIDBENCH_SANITIZED ? "; **sanitizers on: timings are not representative**" : "");
	md(r, "| Load average (1 min) | %.2f at the start, %.2f at the end, on %d cores: %s |\n",
	   sd->load1, sys_load1(), sd->cpus_online,
	   sd->load1 > 0.5 * sd->cpus_online ? "the machine was shared while it ran" : "quiet");
	source_commit(commit, sizeof(commit));
	md(r, "| Source | %s |\n", commit[0] ? commit : "unknown (not a git tree)");
	md(r, "| Method | %d repetitions per figure, samples of about %.0f ms; seed %llu |\n\n",
	   r->cfg->reps, r->cfg->sample_s * 1000, (unsigned long long)r->cfg->seed);
	md(r, "Every figure is the **median** of its samples, with (min-max). A model "
	   "figure and its floor are sampled back to back in each repetition, in "
	   "the same process; their ratio is the median of the per-repetition "
	   "ratios, so it holds when the machine is noisy and the absolute "
	   "numbers move. The machine is shared: absolute figures may vary from "
	   "run to run by tens of percent; ratios much less.\n\n");
}

/* The targets of bench/targets.c, evaluated on this run. */
static void section_targets(struct rep *r)
{
	size_t i;

	md(r, "## Targets\n\nThe project's own performance targets for the "
	   "model (set by its issues, not by any outside standard), checked "
	   "against ratios measured in this run (the table is bench/targets.c; "
	   "`pidbench --check DIR` evaluates the same).\n\n"
	   "| target | measured | met |\n| --- | --- | --- |\n");
	for (i = 0; i < bench_targets_n; i++) {
		const struct target_def *t = &bench_targets[i];
		struct target_result tr;
		char a[24], b[24], v[24], fig_s[160];

		target_eval(t, r->res, &tr);
		if (!tr.known)
			snprintf(fig_s, sizeof(fig_s), "%s",
				 !strcmp(t->group, "live") ? "live kernel skipped (see Notes)"
							   : "not measured");
		else if (!t->ref_variant)
			snprintf(fig_s, sizeof(fig_s), "**%s %s**",
				 num(v, sizeof(v), tr.value), t->unit);
		else
			snprintf(fig_s, sizeof(fig_s), "%s%s%s vs %s: **%s%s**",
				 tr.label, tr.label[0] ? ": " : "",
				 num(a, sizeof(a), tr.figure), num(b, sizeof(b), tr.ref),
				 num(v, sizeof(v), tr.value), t->unit);
		md(r, "| %s | %s | %s |\n", t->what, fig_s,
		   !tr.known ? "n/a" : tr.met ? "**met**" : "**not met**");
	}
	md(r, "\n");
	if (r->cfg->quick)
		md(r, "Quick mode: samples are short and sizes small; these ratios are "
		   "indicative only. CI checks sanity, never these thresholds.\n\n");
}

static void section_depth(struct rep *r)
{
	const struct row *d1 = get(r, "depth", "model", 1, PID_MAX_DEFAULT, "");
	FILE *f = open_in(r, "depth.csv");
	size_t i;

	md(r, "## alloc_pid + free_pid\n\nA cycle allocates one pid (one number "
	   "per level, deepest first) and frees it at once, as a process that "
	   "forks and is reaped does. The **floor** runs the same cursor policy on "
	   "a bare flat bitmap per level (a `uint64_t` array; no pages, summaries, "
	   "struct pid or hash). Every variant starts from the same cursors and "
	   "must hand out the same numbers at every level; %llu allocations were "
	   "compared in this run, all identical (a mismatch aborts the run).\n\n",
	   r->res->compared);
	md(r, "### By nesting depth\n\nThe root has pid_max 32768; nested "
	   "namespaces have 4194304 (6.18). No other process is live. Each "
	   "repetition measures every depth in turn, so *vs depth 1* is paired "
	   "by repetition too.\n\n"
	   "| levels | model ns/cycle | floor ns/cycle | model/floor | vs depth 1 |\n"
	   "| --- | --- | --- | --- | --- |\n");
	if (f)
		fputs("depth,model,model_min,model_max,floor,floor_min,floor_max,ratio\n", f);
	for (i = 0; i < ARRAY_SIZE(depths); i++) {
		const struct row *m = get(r, "depth", "model", depths[i], PID_MAX_DEFAULT, "");
		const struct row *fl = get(r, "depth", "floor", depths[i], PID_MAX_DEFAULT, "");
		struct series x = cost_ratio(m, fl), y = { 0 };
		char a[FIG_LEN], b[FIG_LEN], c[FIG_LEN], d[FIG_LEN];

		if (m && d1)
			y = series_ratio(&m->s, &d1->s);
		md(r, "| %d | %s | %s | %s | %s |\n", depths[i], fig(a, sizeof(a), m),
		   fig(b, sizeof(b), fl), xfig(c, sizeof(c), &x), xfig(d, sizeof(d), &y));
		if (f) {
			fprintf(f, "%d", depths[i]);
			csv_stats(f, m);
			csv_stats(f, fl);
			fprintf(f, ",%.6g\n", x.n ? series_median(&x) : NAN);
		}
	}
	close_file(r, f);
	md(r, "\n");
	chart(r, "depth", "cost by depth");
}

static void section_occupancy(struct rep *r)
{
	size_t p, o, v;

	md(r, "### By occupancy, and the allocators side by side\n\n"
	   "Depth 1. The map is filled with published pids (struct pid in the "
	   "namespace's table, as live processes hold them), then random numbers are freed "
	   "down to each occupancy of [300, pid_max) (2..299 stay taken). "
	   "Variants on the same bitmaps and cursor:\n\n"
	   "- **idr**: `alloc_pid`/`free_pid`, 6.18 profile (the IDR cursor "
	   "policy on the summary search `pidmap_next_zero`);\n"
	   "- **legacy**: the same calls with the 4.14 profile: the faithful "
	   "`alloc_pidmap` scan;\n"
	   "- **summary** / **flat**: the cursor policy alone on the model's "
	   "bitmap with `pidmap_next_zero` / `pidmap_next_zero_flat` (no struct "
	   "pid, no hash);\n"
	   "- **floor**: the bare flat bitmap.\n\n"
	   "The last column, *worst*, has one free number, just behind the "
	   "cursor: every allocation searches the whole map.\n\n");
	for (p = 0; p < ARRAY_SIZE(pid_maxes); p++) {
		char name[64];
		FILE *f;

		snprintf(name, sizeof(name), "occupancy-%d.csv", pid_maxes[p]);
		f = open_in(r, name);
		if (f) {
			fputs("index,occupancy", f);
			for (v = 0; v < ARRAY_SIZE(alloc_vars); v++)
				fprintf(f, ",%s,%s_min,%s_max", alloc_vars[v],
					alloc_vars[v], alloc_vars[v]);
			fputs(",idr_over_floor\n", f);
		}
		md(r, "pid_max %d, ns per cycle:\n\n| occupancy |", pid_maxes[p]);
		for (v = 0; v < ARRAY_SIZE(alloc_vars); v++)
			md(r, " %s |", alloc_vars[v]);
		md(r, " idr/floor | flat/summary |\n| --- |");
		for (v = 0; v < ARRAY_SIZE(alloc_vars) + 2; v++)
			md(r, " --- |");
		md(r, "\n");
		for (o = 0; o <= ARRAY_SIZE(occs); o++) {
			bool worst = o == ARRAY_SIZE(occs);
			const char *group = worst ? "worst" : "occupancy";
			double param = worst ? 1 : occs[o];
			const struct row *idr = get(r, group, "idr", param, pid_maxes[p], "");
			const struct row *fl = get(r, group, "floor", param, pid_maxes[p], "");
			const struct row *sum = get(r, group, "summary", param, pid_maxes[p], "");
			const struct row *flat = get(r, group, "flat", param, pid_maxes[p], "");
			struct series x = cost_ratio(idr, fl), y = cost_ratio(flat, sum);
			char label[32], a[FIG_LEN];

			if (worst)
				snprintf(label, sizeof(label), "worst");
			else
				snprintf(label, sizeof(label), "%g%%", occs[o]);
			md(r, "| %s |", label);
			if (f)
				fprintf(f, "%zu,%s", o, label);
			for (v = 0; v < ARRAY_SIZE(alloc_vars); v++) {
				const struct row *row = get(r, group, alloc_vars[v], param,
							    pid_maxes[p], "");

				md(r, " %s |", fig(a, sizeof(a), row));
				if (f)
					csv_stats(f, row);
			}
			md(r, " %s |", xfig(a, sizeof(a), &x));
			md(r, " %s |\n", xfig(a, sizeof(a), &y));
			if (f)
				fprintf(f, ",%.6g\n", x.n ? series_median(&x) : NAN);
		}
		md(r, "\n");
		close_file(r, f);
	}
	chart(r, "occupancy", "cost by occupancy");
}

static void section_lookup(struct rep *r)
{
	FILE *f = open_in(r, "lookup.csv");
	size_t i;

	md(r, "## find_pid_ns\n\nPublished pids of the root numbered 1..N; hits "
	   "ask for random live numbers, misses for random free numbers below "
	   "pid_max (4194304), in an order fixed in advance. Two floors answer "
	   "the same queries from an array of pointers indexed by number, called "
	   "out of line as find_pid_ns is (one call per lookup, nothing inlined "
	   "or vectorised): **array**, the bare load, and **fair**, the load "
	   "and then a read of the found struct pid's own number, as any table "
	   "whose key lives in the element pays. All three answer every query "
	   "alike (checked for each query, and by checksum in each sample). "
	   "*load* is the namespace table's entries per bucket, *visits* the "
	   "entries a hit walks on average (model/pid.c: identity hash, a table "
	   "that doubles at the first collision, up to 8 buckets per entry).\n\n"
	   "| live pids | hit ns | array ns | fair ns | hit/array | hit/fair | miss ns | array ns | fair ns | miss/array | miss/fair | load | visits |\n"
	   "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
	if (f)
		fputs("live,hit,hit_min,hit_max,floor_hit,floor_hit_min,floor_hit_max,"
		      "fair_hit,fair_hit_min,fair_hit_max,"
		      "miss,miss_min,miss_max,floor_miss,floor_miss_min,floor_miss_max,"
		      "fair_miss,fair_miss_min,fair_miss_max\n", f);
	for (i = 0; i < r->res->n; i++) {
		const struct row *hit = r->res->rows[i], *fh, *kh, *ms, *fm, *km, *ld, *vs;
		struct series x1, x2, y1, y2;
		char a[FIG_LEN], b[FIG_LEN], c[FIG_LEN], d[FIG_LEN], e[FIG_LEN];
		char g[FIG_LEN], h[FIG_LEN], j[FIG_LEN], k[FIG_LEN], l[FIG_LEN];
		char n1[24], n2[24], n3[24];

		if (strcmp(hit->group, "lookup") || strcmp(hit->variant, "hit"))
			continue;
		fh = get(r, "lookup", "floor-hit", hit->param, 0, "");
		kh = get(r, "lookup", "floor-key-hit", hit->param, 0, "");
		ms = get(r, "lookup", "miss", hit->param, 0, "");
		fm = get(r, "lookup", "floor-miss", hit->param, 0, "");
		km = get(r, "lookup", "floor-key-miss", hit->param, 0, "");
		ld = get(r, "lookup", "hash-load", hit->param, 0, "");
		vs = get(r, "lookup", "hash-visits", hit->param, 0, "");
		x1 = cost_ratio(hit, fh);
		x2 = cost_ratio(hit, kh);
		y1 = cost_ratio(ms, fm);
		y2 = cost_ratio(ms, km);
		md(r, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
		   num(n1, sizeof(n1), hit->param), fig(a, sizeof(a), hit),
		   fig(b, sizeof(b), fh), fig(c, sizeof(c), kh),
		   xfig(d, sizeof(d), &x1), xfig(e, sizeof(e), &x2),
		   fig(g, sizeof(g), ms), fig(h, sizeof(h), fm), fig(j, sizeof(j), km),
		   xfig(k, sizeof(k), &y1), xfig(l, sizeof(l), &y2),
		   num(n2, sizeof(n2), med(ld)), num(n3, sizeof(n3), med(vs)));
		if (f) {
			fprintf(f, "%.0f", hit->param);
			csv_stats(f, hit);
			csv_stats(f, fh);
			csv_stats(f, kh);
			csv_stats(f, ms);
			csv_stats(f, fm);
			csv_stats(f, km);
			fputc('\n', f);
		}
	}
	close_file(r, f);
	md(r, "\n");
	chart(r, "lookup", "lookup by live pids");
}

static void section_replay(struct rep *r)
{
	int w;

	md(r, "## Whole-trace replay\n\nGenerated workloads (`pidbench --gen "
	   "WORKLOAD N --seed %llu` writes the same files), replayed through the "
	   "code `pidsim run` runs: the validating first pass, the runner, the "
	   "model engine. **pidsim-run** prints every statement to /dev/null as "
	   "`pidsim run FILE > /dev/null` does; **run** skips the printing; "
	   "**parse** (the floor) only reads the trace, both passes. Every "
	   "expectation of the generated traces held in every replay.\n\n",
	   (unsigned long long)r->cfg->seed);
	for (w = 0; w < WL__COUNT; w++)
		md(r, "- **%s**: %s.\n", workload_name((enum workload)w),
		   workload_summary((enum workload)w));
	md(r, "\n| workload | statements | pidsim-run stmts/s | run stmts/s | parse stmts/s | pidsim-run cost / parse |\n"
	   "| --- | --- | --- | --- | --- | --- |\n");
	for (w = 0; w < WL__COUNT; w++) {
		const char *name = workload_name((enum workload)w);
		char file[64];
		FILE *f;
		size_t i;

		snprintf(file, sizeof(file), "replay-%s.csv", name);
		f = open_in(r, file);
		if (f)
			fputs("statements,pidsim_run,pidsim_run_min,pidsim_run_max,"
			      "run,run_min,run_max,parse,parse_min,parse_max\n", f);
		for (i = 0; i < r->res->n; i++) {
			const struct row *pr = r->res->rows[i], *run, *parse;
			struct series x;
			char a[FIG_LEN], b[FIG_LEN], c[FIG_LEN], d[FIG_LEN], e[24];

			if (strcmp(pr->group, "replay") || strcmp(pr->variant, "pidsim-run") ||
			    strcmp(pr->label, name))
				continue;
			run = get(r, "replay", "run", pr->param, 0, name);
			parse = get(r, "replay", "parse", pr->param, 0, name);
			x = cost_ratio(pr->s.n ? pr : NULL, parse);
			md(r, "| %s | %s | %s | %s | %s | %s |\n", name,
			   num(e, sizeof(e), pr->param), fig(a, sizeof(a), pr->s.n ? pr : NULL),
			   fig(b, sizeof(b), run), fig(c, sizeof(c), parse),
			   xfig(d, sizeof(d), &x));
			if (f) {
				fprintf(f, "%.0f", pr->param);
				csv_stats(f, pr->s.n ? pr : NULL);
				csv_stats(f, run);
				csv_stats(f, parse);
				fputc('\n', f);
			}
		}
		close_file(r, f);
	}
	md(r, "\n");
	chart(r, "replay", "replay throughput");
}

static void section_memory(struct rep *r)
{
	FILE *f = open_in(r, "memory.csv");
	size_t i;
	double n = 0;

	md(r, "## Memory\n\nHeap bytes in use (malloc's count, its chunk overhead "
	   "included) per process forked by the init of the deepest namespace: "
	   "task, signal_struct, struct pid and its upids (each with its table "
	   "entry), the tables' buckets, bitmap pages. The floor is what numbers alone need: "
	   "per level one bit and one 8-byte array slot.\n\n"
	   "| levels | model B/process | floor B/process | model/floor |\n| --- | --- | --- | --- |\n");
	if (f)
		fputs("depth,model,model_min,model_max,floor,floor_min,floor_max\n", f);
	for (i = 0; i < r->res->n; i++) {
		const struct row *m = r->res->rows[i], *fl;
		struct series x;
		char a[FIG_LEN], b[FIG_LEN], c[FIG_LEN];

		if (strcmp(m->group, "memory") || strcmp(m->variant, "model"))
			continue;
		fl = get(r, "memory", "floor", m->param, 0, "");
		x = cost_ratio(m->s.n ? m : NULL, fl);
		md(r, "| %.0f | %s | %s | %s |\n", m->param, fig(a, sizeof(a), m),
		   fig(b, sizeof(b), fl), xfig(c, sizeof(c), &x));
		if (f) {
			fprintf(f, "%.0f", m->param);
			csv_stats(f, m->s.n ? m : NULL);
			csv_stats(f, fl);
			fputc('\n', f);
		}
	}
	close_file(r, f);

	f = open_in(r, "peak.csv");
	if (f)
		fputs("processes,peak_mib,peak_mib_min,peak_mib_max,bytes_per_process,"
		      "bpp_min,bpp_max,floor_mib,floor_min,floor_max,forks_per_s,fps_min,fps_max\n", f);
	for (i = 0; i < r->res->n; i++)
		if (!strcmp(r->res->rows[i]->group, "peak")) {
			n = r->res->rows[i]->param;
			break;
		}
	if (n > 0) {
		const struct row *rss = get(r, "peak", "model", n, 0, "");
		const struct row *per = get(r, "peak", "model-per-process", n, 0, "");
		const struct row *fl = get(r, "peak", "floor", n, 0, "");
		const struct row *rate = get(r, "peak", "fork-rate", n, 0, "");
		char a[FIG_LEN], b[FIG_LEN], c[FIG_LEN], d[FIG_LEN], e[24];

		md(r, "\nPeak resident set (VmHWM) of a run that forks processes "
		   "from init into a root of pid_max 4194304 until the number "
		   "asked for, in a fresh `pidbench --child-peak` process; bytes "
		   "per process after subtracting an empty run's:\n\n"
		   "| processes | peak RSS MiB | B/process | floor MiB | forks/s |\n"
		   "| --- | --- | --- | --- | --- |\n| %s | %s | %s | %s | %s |\n\n",
		   num(e, sizeof(e), n), fig(a, sizeof(a), rss),
		   fig(b, sizeof(b), per), fig(c, sizeof(c), fl), fig(d, sizeof(d), rate));
		if (f) {
			fprintf(f, "%.0f", n);
			csv_stats(f, rss);
			csv_stats(f, per);
			csv_stats(f, fl);
			csv_stats(f, rate);
			fputc('\n', f);
		}
	}
	close_file(r, f);
	md(r, "\n");
}

/* Identical work: fork, exit, wait by init, three ways. */
static void section_forkloop(struct rep *r)
{
	const struct row *k = NULL, *m, *b, *v;
	char a[FIG_LEN], c[FIG_LEN], d[FIG_LEN], dv[FIG_LEN], e[24], g[24], h[24], hv[24];
	size_t i;

	for (i = 0; i < r->res->n && !k; i++)
		if (!strcmp(r->res->rows[i]->group, "forkloop") &&
		    !strcmp(r->res->rows[i]->variant, "model"))
			k = r->res->rows[i];
	if (!k)
		return;
	m = get(r, "forkloop", "model", k->param, 0, "");
	k = get(r, "forkloop", "kernel", m ? m->param : 0, 0, "");
	b = get(r, "forkloop", "bare", m ? m->param : 0, 0, "");
	v = get(r, "forkloop", "bare-vm", m ? m->param : 0, 0, "");
	md(r, "### Identical work: fork, exit, wait\n\nA trace of nothing but "
	   "`fork init cN`, `exit cN`, `wait init cN`, replayed "
	   "by the model as `pidsim run` does, run by `pidsim live`, and done by "
	   "a bare C loop in a fresh PID namespace (`pidbench --child-forkloop`: "
	   "its init creates a child that exits at once and reaps it; three "
	   "statements per cycle), once with fork() and once with "
	   "clone(CLONE_VM) as pidsim live's agents create processes (no page "
	   "tables copied). Ratios of medians.\n\n"
	   "| model stmts/s | pidsim live stmts/s | fork() loop stmts/s | CLONE_VM loop stmts/s | model/live | model/fork loop | model/CLONE_VM loop |\n"
	   "| --- | --- | --- | --- | --- | --- | --- |\n"
	   "| %s | %s | %s | %s | **%s** | **%s** | %s |\n\n",
	   fig(a, sizeof(a), m), fig(c, sizeof(c), k), fig(d, sizeof(d), b),
	   fig(dv, sizeof(dv), v), num(g, sizeof(g), med(m) / med(k)),
	   num(h, sizeof(h), med(m) / med(b)), num(hv, sizeof(hv), med(m) / med(v)));
	md(r, "The trace has %s statements.\n\n", num(e, sizeof(e), m ? m->param : 0));
}

static bool section_live(struct rep *r)
{
	FILE *f = NULL;
	bool any = false;
	size_t i;

	md(r, "## The live kernel\n\n`pidsim live FILE` as a subprocess on the "
	   "same generated trace (a fresh PID namespace per trace; its own "
	   "statements/s line, setup and teardown included), against the model "
	   "replaying the file as `pidsim run` does (the validating pass "
	   "included, which `pidsim live`'s rate leaves out: the ratio is "
	   "conservative). Ratio of medians. Two ceilings on the same file: "
	   "*parse only*, the parser alone (no replay that reads the trace "
	   "through it can go faster), and *engine only*, the runner and the "
	   "model engine over statements parsed beforehand, without output "
	   "(the model's own speed).\n\n");
	for (i = 0; i < r->res->n; i++) {
		const struct row *k = r->res->rows[i], *m, *p, *en;
		char a[FIG_LEN], b[FIG_LEN], c[FIG_LEN], d[FIG_LEN], e[24], g[24], h[24];
		char j[24];

		if (strcmp(k->group, "live") || strcmp(k->variant, "kernel") || !k->s.n)
			continue;
		m = get(r, "live", "model", k->param, 0, k->label);
		p = get(r, "live", "parse", k->param, 0, k->label);
		en = get(r, "live", "engine", k->param, 0, k->label);
		if (!any) {
			md(r, "| workload | statements | kernel stmts/s | model (pidsim run) stmts/s | **model/kernel** | parse only stmts/s | parse/kernel | engine only stmts/s | engine/kernel |\n"
			   "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
			f = open_in(r, "live.csv");
			if (f)
				fputs("workload,statements,kernel,kernel_min,kernel_max,"
				      "model,model_min,model_max,parse,parse_min,parse_max,"
				      "engine,engine_min,engine_max,ratio\n", f);
			any = true;
		}
		md(r, "| %s | %s | %s | %s | **%s** | %s | %s | %s | %s |\n", k->label,
		   num(e, sizeof(e), k->param), fig(a, sizeof(a), k), fig(b, sizeof(b), m),
		   num(g, sizeof(g), med(m) / med(k)), fig(c, sizeof(c), p),
		   num(h, sizeof(h), med(p) / med(k)), fig(d, sizeof(d), en),
		   num(j, sizeof(j), med(en) / med(k)));
		if (f) {
			fprintf(f, "%s,%.0f", k->label, k->param);
			csv_stats(f, k);
			csv_stats(f, m);
			csv_stats(f, p);
			csv_stats(f, en);
			fprintf(f, ",%.6g\n", med(m) / med(k));
		}
	}
	close_file(r, f);
	if (!any) {
		md(r, "**Skipped**: see Notes for the reason.\n\n");
	} else {
		md(r, "\n");
		chart(r, "live", "model vs kernel");
	}
	section_forkloop(r);
	return any;
}

static void section_notes(struct rep *r)
{
	const char *notes = bench_notes();

	md(r, "## Notes\n\n");
	if (!r->charts)
		md(r, "- Charts not drawn: %s\n", r->chart_why[0] ? r->chart_why : "unknown reason");
	if (r->res->insane)
		md(r, "- **%d figures or checks were not sane** (see pidbench's standard error).\n",
		   r->res->insane);
	md(r, "%s", notes);
	if (!notes[0] && r->charts && !r->res->insane)
		md(r, "- Nothing was skipped.\n");
	md(r, "- Data: `all.csv` holds every sample of every figure; the other CSV "
	   "files feed the charts (`gnuplot charts.gp` in this directory redraws "
	   "them).\n");
}

int report_write(const char *dir, const struct bench_cfg *cfg,
		 const struct results *res, const struct sys_desc *sd,
		 double elapsed_s)
{
	struct rep r = { .dir = dir, .cfg = cfg, .res = res, .sd = sd };
	char *body = NULL;
	size_t body_len = 0;
	bool live;
	FILE *out;

	/*
	 * Two passes: the sections write the CSV files the charts are drawn
	 * from, and the Markdown shows a chart only once it exists. The first
	 * pass keeps the CSV files and throws its Markdown away.
	 */
	r.md = open_memstream(&body, &body_len);
	if (!r.md)
		return -ENOMEM;
	write_all_csv(&r);
	section_depth(&r);
	section_occupancy(&r);
	section_lookup(&r);
	section_replay(&r);
	section_memory(&r);
	live = section_live(&r);
	fclose(r.md);
	free(body);
	body = NULL;
	if (r.err)
		return r.err;

	draw_charts(&r, live);

	/* now for real, with the charts in place */
	out = open_in(&r, "report.md");
	if (!out)
		return r.err;
	r.md = out;
	section_machine(&r, elapsed_s);
	section_targets(&r);
	section_depth(&r);
	section_occupancy(&r);
	section_lookup(&r);
	section_replay(&r);
	section_memory(&r);
	section_live(&r);
	section_notes(&r);
	close_file(&r, out);
	return r.err;
}
