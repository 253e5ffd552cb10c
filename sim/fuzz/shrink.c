/*
 * shrink.c - delta debugging of traces (shrink.h).
 *
 * The trace is read once with the parser, each statement (ranges expanded)
 * becoming one unit: its text, the label it creates, the labels it uses.
 * A candidate is a set of units; before it is tried, closure() drops every
 * unit that uses a label no kept unit creates, in order, so a candidate is
 * always a valid trace and removing a fork removes its whole subtree.
 *
 * Invariants: `best` is always interesting and closed; a candidate is
 * written to a temporary file in TMPDIR and tried only if it differs from
 * every set tried before (a hash of the set); at most max_tests checks run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* mkostemp */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/proc.h"
#include "sim/fuzz/shrink.h"
#include "sim/trace/stmt.h"
#include "sim/trace/trace.h"

#define USES_MAX	(2 + EXPECT_PAIRS_MAX)
#define SEEN_BITS	14	/* 16384 hashes of candidates tried */

struct unit {
	char *text;		/* "fork a b => 7/1" */
	size_t plain;		/* length without " => R" */
	int creates;		/* label id, or -1 */
	bool v11;		/* a version 1.1 statement */
	unsigned int line;	/* of the statement (a range's share one) */
	unsigned int range_len;	/* on a range's first unit: its statements */
	char *range_text;	/* on a range's first unit: its source line */
	int nuses;
	int uses[USES_MAX];
};

struct shrinker {
	const struct shrink_opts *o;
	struct unit *u;
	unsigned int n;		/* units */
	int nlabels;
	bool *best;		/* the smallest interesting set so far */
	bool *cand, *created;
	bool strip;		/* write candidates without `=> R` */
	uint64_t seen[1u << SEEN_BITS];
	char path[4096];	/* the candidate file */
	struct shrink_stats st;
	unsigned int max_tests, timeout;
};

static void unit_free(struct shrinker *s)
{
	for (unsigned int i = 0; i < s->n; i++) {
		free(s->u[i].text);
		free(s->u[i].range_text);
	}
	free(s->u);
}

static int add_use(struct unit *u, int label)
{
	if (label < 0 || u->nuses >= USES_MAX)
		return 0;
	u->uses[u->nuses++] = label;
	return 0;
}

/* The statement as one line of text, from the parser's own tokens. */
static char *stmt_text(const struct stmt *st, size_t *plain)
{
	size_t len = strlen(stmt_op_name(st->op)) + 1, o;
	char *text;
	int i;

	for (i = 0; i < st->argc; i++)
		len += strlen(st->argv[i]) + 1;
	if (st->expect_text)
		len += strlen(st->expect_text) + 4;
	text = malloc(len);
	if (!text)
		return NULL;
	o = (size_t)sprintf(text, "%s", stmt_op_name(st->op));
	for (i = 0; i < st->argc; i++)
		o += (size_t)sprintf(text + o, " %s", st->argv[i]);
	*plain = o;
	if (st->expect_text)
		sprintf(text + o, " => %s", st->expect_text);
	return text;
}

/*
 * The units of a range statement share its line: note each run of them on
 * its first unit, with the source line (comment cut), so that a range
 * kept whole is written back as the one statement it was.
 */
static int load_ranges(struct shrinker *s, const char *path)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t cap = 0;
	unsigned int line = 0, i = 0;
	ssize_t len;
	int rc = 0;

	while (i < s->n) {
		unsigned int j = i + 1;

		while (j < s->n && s->u[j].line == s->u[i].line)
			j++;
		if (j - i > 1) {
			if (!f && !(f = fopen(path, "r")))
				return -errno;
			while (line < s->u[i].line && (len = getline(&buf, &cap, f)) >= 0)
				line++;
			if (line == s->u[i].line && buf) {
				buf[strcspn(buf, "#\r\n")] = '\0';
				for (len = (ssize_t)strlen(buf); len && (buf[len - 1] == ' ' ||
								       buf[len - 1] == '\t'); len--)
					buf[len - 1] = '\0';
				s->u[i].range_text = strdup(buf + strspn(buf, " \t"));
				if (!s->u[i].range_text) {
					rc = -ENOMEM;
					break;
				}
				s->u[i].range_len = j - i;
			}
		}
		i = j;
	}
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

static int load(struct shrinker *s, const char *path)
{
	struct stmt *st = malloc(sizeof(*st));
	struct trace *t = trace_open(path, stderr);
	unsigned long long count;
	int rc = -EINVAL, i;

	if (!t || !st)
		goto out;
	count = trace_statement_count(t);
	if (count > SHRINK_STATEMENTS_MAX) {
		fprintf(stderr, "pidsim shrink: %s: %llu statements, more than the %d "
			"a trace to shrink may have\n", path, count,
			SHRINK_STATEMENTS_MAX);
		goto out;
	}
	rc = -ENOMEM;
	s->u = calloc(count ? count : 1, sizeof(*s->u));
	if (!s->u)
		goto out;
	s->nlabels = trace_label_count(t);
	while ((rc = trace_next(t, st)) > 0) {
		struct unit *u = &s->u[s->n];

		u->text = stmt_text(st, &u->plain);
		if (!u->text) {
			rc = -ENOMEM;
			goto out;
		}
		s->n++;
		u->line = st->line;
		u->creates = -1;
		u->v11 = st->version == TRACE_VERSION_1_1;
		add_use(u, st->label[0]);
		if (st->op == OP_FORK || st->op == OP_CLONE)
			u->creates = st->label[1];
		else
			add_use(u, st->label[1]);
		add_use(u, st->label[2]);	/* setpgid P C G's C */
		/* `wait P any => C` names C (the shrinker may strip it, or not) */
		if (st->has_expectation && st->expect.kind == OC_LABEL)
			add_use(u, st->expect.label);
		for (i = 0; i < st->npairs; i++)
			if (st->pairs[i].key == EK_PARENT || st->pairs[i].key == EK_PID_AT)
				add_use(u, st->pairs[i].label);
	}
	if (!rc)
		rc = load_ranges(s, path);
out:
	free(st);
	trace_close(t);
	return rc;
}

/* Drop from set every unit that uses a label no earlier kept unit creates. */
static void closure(struct shrinker *s, bool *set)
{
	memset(s->created, 0, (size_t)s->nlabels * sizeof(bool));
	s->created[0] = true;	/* init */
	for (unsigned int i = 0; i < s->n; i++) {
		const struct unit *u = &s->u[i];

		if (!set[i])
			continue;
		for (int k = 0; k < u->nuses; k++) {
			if (!s->created[u->uses[k]]) {
				set[i] = false;
				break;
			}
		}
		if (set[i] && u->creates >= 0)
			s->created[u->creates] = true;
	}
}

static unsigned int count_set(const struct shrinker *s, const bool *set)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->n; i++)
		n += set[i];
	return n;
}

static uint64_t set_hash(const struct shrinker *s, const bool *set)
{
	uint64_t h = 14695981039346656037ULL ^ s->strip;

	for (unsigned int i = 0; i < s->n; i++)
		if (set[i])
			h = (h ^ i) * 1099511628211ULL;
	return h | 1;	/* 0 marks an empty slot */
}

/* Remember h; false if it was seen before. */
static bool first_time(struct shrinker *s, uint64_t h)
{
	unsigned int mask = (1u << SEEN_BITS) - 1, i = (unsigned int)h & mask;

	for (unsigned int probe = 0; probe <= mask; probe++, i = (i + 1) & mask) {
		if (s->seen[i] == h)
			return false;
		if (!s->seen[i]) {
			s->seen[i] = h;
			return true;
		}
	}
	return true;	/* full: just try again */
}

static int write_set(const struct shrinker *s, const bool *set, FILE *out)
{
	bool v11 = false;

	for (unsigned int i = 0; i < s->n; i++)
		v11 |= set[i] && s->u[i].v11;
	fputs(v11 ? "pidsim 1.1\n" : "pidsim 1\n", out);
	for (unsigned int i = 0; i < s->n; i++) {
		const struct unit *u = &s->u[i];
		unsigned int k = 0;

		/* a range kept whole is written as the range */
		while (u->range_text && k < u->range_len && set[i + k])
			k++;
		if (u->range_text && k == u->range_len) {
			const char *x = s->strip ? strstr(u->range_text, "=>") : NULL;
			size_t n = x ? (size_t)(x - u->range_text) : strlen(u->range_text);

			while (n && u->range_text[n - 1] == ' ')
				n--;
			fprintf(out, "%.*s\n", (int)n, u->range_text);
			i += k - 1;
			continue;
		}
		if (set[i])
			fprintf(out, "%.*s\n", (int)(s->strip ? u->plain : strlen(u->text)),
				u->text);
	}
	return ferror(out) ? -EIO : 0;
}

/* The check's exit status on path (0..255, 128+N), or -errno. */
static int check_status(const struct shrink_opts *o, const char *path,
			unsigned int timeout, bool *timed_out, const char *out_path)
{
	char *argv[8];
	char *cmd = NULL;
	int i = 0, rc;

	if (o->check) {
		/* the candidate as the command's last argument, quoted by sh */
		if (asprintf(&cmd, "%s \"$1\"", o->check) < 0)
			return -ENOMEM;
		argv[i++] = "/bin/sh";
		argv[i++] = "-c";
		argv[i++] = cmd;
		argv[i++] = "sh";
	} else {
		argv[i++] = (char *)(o->pidsim ? o->pidsim : self_exe());
		argv[i++] = "diff";
		if (o->kernel) {
			argv[i++] = "--kernel";
			argv[i++] = (char *)o->kernel;
		}
	}
	argv[i++] = (char *)path;
	argv[i] = NULL;
	rc = run_capture(argv, out_path, timeout, timed_out);
	free(cmd);
	return rc;
}

int run_check(const struct shrink_opts *o, const char *path, unsigned int timeout,
	      bool *timed_out)
{
	int rc = check_status(o, path, timeout, timed_out, NULL);

	if (rc < 0)
		return rc;
	if (rc == 77 && !o->check)
		return 77;
	return rc == 1;
}

static int write_candidate(struct shrinker *s, const bool *set)
{
	FILE *f = fopen(s->path, "w");
	int rc;

	if (!f)
		return -errno;
	rc = write_set(s, set, f);
	if (fclose(f) && !rc)
		rc = -EIO;
	return rc;
}

/* Is the candidate set interesting? 1 yes, 0 no, -errno. */
static int try_set(struct shrinker *s, const bool *set)
{
	bool timed_out;
	int rc;

	if (s->st.tests >= s->max_tests) {
		s->st.exhausted = true;
		return 0;
	}
	if (!first_time(s, set_hash(s, set)))
		return 0;
	rc = write_candidate(s, set);
	if (rc)
		return rc;
	s->st.tests++;
	rc = run_check(s->o, s->path, s->timeout, &timed_out);
	if (timed_out)
		s->st.timeouts++;
	return rc == 77 ? 0 : rc;
}


/* Try best minus the units in drop[] (closed); keep it if interesting. */
static int try_without(struct shrinker *s, const unsigned int *drop,
		       unsigned int ndrop)
{
	unsigned int i;
	int rc;

	memcpy(s->cand, s->best, s->n * sizeof(bool));
	for (i = 0; i < ndrop; i++)
		s->cand[drop[i]] = false;
	closure(s, s->cand);
	rc = try_set(s, s->cand);
	if (rc == 1)
		memcpy(s->best, s->cand, s->n * sizeof(bool));
	return rc;
}

/* Indices of the units in best, into idx; returns how many. */
static unsigned int kept(const struct shrinker *s, unsigned int *idx)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->n; i++)
		if (s->best[i])
			idx[n++] = i;
	return n;
}

/* ddmin, complements only: drop one of `chunks` slices at a time. */
static int ddmin(struct shrinker *s, unsigned int *idx)
{
	unsigned int n = kept(s, idx), chunks = 2;
	int rc;

	while (n >= 2 && !s->st.exhausted) {
		bool reduced = false;

		for (unsigned int c = 0; c < chunks && !reduced; c++) {
			unsigned int lo = (unsigned int)((uint64_t)n * c / chunks);
			unsigned int hi = (unsigned int)((uint64_t)n * (c + 1) / chunks);

			rc = try_without(s, idx + lo, hi - lo);
			if (rc < 0)
				return rc;
			reduced = rc == 1;
		}
		if (reduced) {
			n = kept(s, idx);
			chunks = chunks > 2 ? chunks - 1 : 2;
		} else {
			if (chunks >= n)
				break;
			chunks = chunks * 2 < n ? chunks * 2 : n;
		}
	}
	return 0;
}

/*
 * One unit at a time, latest first; only creators when subtrees. Returns
 * 1 when something went, 0 when nothing did.
 */
static int one_by_one(struct shrinker *s, bool subtrees)
{
	bool any = false;
	int rc;

	for (unsigned int i = s->n; i-- > 0 && !s->st.exhausted;) {
		if (!s->best[i] || (subtrees && s->u[i].creates < 0))
			continue;
		rc = try_without(s, &i, 1);
		if (rc < 0)
			return rc;
		any |= rc == 1;
	}
	return any;
}

static void progress(const struct shrinker *s, const char *phase)
{
	if (s->o->log)
		fprintf(s->o->log, "pidsim shrink: after %s: %u statements (%u checks)\n",
			phase, count_set(s, s->best), s->st.tests);
}

static int make_temp(struct shrinker *s)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if (snprintf(s->path, sizeof(s->path), "%s/pidsim-shrink-XXXXXX.trace", dir) >=
	    (int)sizeof(s->path))
		return -ENAMETOOLONG;
	fd = mkostemps(s->path, 6, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * Say in a comment what the shrunk trace still shows: the divergence
 * `pidsim diff` reports on it, or which check it still fails.
 */
static void preserved(struct shrinker *s, FILE *out)
{
	char report[4096 + 8], *line = NULL, *at;
	size_t cap = 0;
	bool timed_out;
	FILE *f;
	int shown = 0;

	if (s->o->check) {
		fprintf(out, "# still interesting: `%s FILE` exits 1 on it\n", s->o->check);
		return;
	}
	snprintf(report, sizeof(report), "%s.out", s->path);
	if (write_candidate(s, s->best) ||
	    check_status(s->o, s->path, s->timeout, &timed_out, report) != 1)
		goto out;
	f = fopen(report, "r");
	/* "PATH: diverge at line N (statement M): ...", less the path, and
	 * the two results under it */
	while (f && shown < 3 && getline(&line, &cap, f) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		at = strstr(line, ": diverge at line ");
		if (!shown && at)
			fprintf(out, "# it still diverges%s\n", at + strlen(": diverge"));
		else if (shown && (!strncmp(line, "  model:", 8) || !strncmp(line, "  live:", 7)))
			fprintf(out, "# %s\n", line + 2);
		else
			continue;
		shown++;
	}
	if (f)
		fclose(f);
out:
	free(line);
	unlink(report);
}

int shrink_trace(const char *path, const struct shrink_opts *o, FILE *out,
		 struct shrink_stats *stats)
{
	struct shrinker *s = calloc(1, sizeof(*s));
	unsigned int *idx = NULL;
	bool have_temp = false, timed_out;
	int rc;

	if (!s)
		return -ENOMEM;
	s->o = o;
	s->max_tests = o->max_tests ? o->max_tests : SHRINK_TESTS_DEFAULT;
	s->timeout = o->timeout ? o->timeout : SHRINK_TIMEOUT_DEFAULT;
	rc = load(s, path);
	if (rc)
		goto out;
	rc = -ENOMEM;
	s->best = calloc(s->n + 1, sizeof(bool));
	s->cand = calloc(s->n + 1, sizeof(bool));
	s->created = calloc((size_t)s->nlabels + 1, sizeof(bool));
	idx = calloc(s->n + 1, sizeof(*idx));
	if (!s->best || !s->cand || !s->created || !idx)
		goto out;
	rc = make_temp(s);
	if (rc)
		goto out;
	have_temp = true;

	/* the whole trace, as the parser reads it, must be interesting */
	for (unsigned int i = 0; i < s->n; i++)
		s->best[i] = true;
	s->st.before = s->n;
	rc = write_candidate(s, s->best);
	if (rc)
		goto out;
	first_time(s, set_hash(s, s->best));
	s->st.tests++;
	rc = check_status(o, s->path, s->timeout, &timed_out, NULL);
	if (rc >= 0)
		s->st.first_status = rc;
	if (timed_out)
		rc = -ETIME;	/* the whole trace: a check that never answers */
	else if (rc == 126 || rc == 127 || (rc == 2 && !o->check))
		rc = -EBADE;	/* sh could not run it, or pidsim diff refused */
	else if (rc >= 0)
		rc = rc == 77 && !o->check ? 77 : rc == 1;
	if (rc == 77) {
		rc = -ENODEV;	/* the default check cannot run here */
		goto out;
	}
	if (rc < 0)
		goto out;
	if (rc == 0) {
		rc = -ENOEXEC;
		goto out;
	}
	/* without any `=> R`: both engines then compare results only */
	s->strip = true;
	rc = try_set(s, s->best);
	if (rc < 0)
		goto out;
	s->strip = rc == 1;

	rc = ddmin(s, idx);
	progress(s, "delta debugging");
	if (rc >= 0)
		rc = one_by_one(s, true);
	progress(s, "label subtrees");
	while (rc >= 0 && !s->st.exhausted) {
		rc = one_by_one(s, false);
		progress(s, "single statements");
		if (rc == 0)
			break;		/* 1-minimal */
	}
	if (rc < 0)
		goto out;
	s->st.after = count_set(s, s->best);
	fprintf(out, "# shrunk by pidsim shrink from %s: %u of %u statements, %u checks\n",
		path, s->st.after, s->st.before, s->st.tests);
	preserved(s, out);
	rc = write_set(s, s->best, out);
out:
	if (have_temp)
		unlink(s->path);
	if (stats)
		*stats = s->st;
	free(idx);
	free(s->best);
	free(s->cand);
	free(s->created);
	unit_free(s);
	free(s);
	return rc;
}
