/*
 * runner.c - drive one engine through one trace (runner.h).
 *
 * Everything that must be the same for the model and the live kernel lives
 * here, so that `pidsim diff` compares engines, not two copies of these
 * rules (docs/semantics.md):
 *  - "Runner rules" 1 and 2: a label whose fork or clone did not succeed
 *    answers ESRCH wherever it is mentioned; an actor that is not running
 *    answers ESRCH (expect excepted). Rule 3 (set_tid past the trace root)
 *    is the engine's.
 *  - "expect on processes that are not running": which keys can be read
 *    from an exiting, zombie or reaped process.
 *  - `expect` pairs are checked left to right; the first that does not hold
 *    is the result, written KEY=VALUE-found; `=> R` is compared here.
 *
 *  - `show` (1.1) reads the same keys as `expect` and prints them; a key
 *    that cannot be read prints the errno instead of its value.
 *  - a label result (`wait P any`) is printed by the label's name, so that
 *    `pidsim diff` compares which process was reaped, not its number.
 *
 * Invariant: a label is "failed" from the statement that should have
 * created it on; failed[] has one bit per label of the trace.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run/report.h"
#include "sim/run/result.h"
#include "sim/run/runner.h"
#include "sim/trace/errnames.h"

struct runner {
	struct engine *e;
	const struct trace *t;
	int nlabels;
	unsigned char *failed;	/* bitmap by label id */
	bool begun;
	/* show's result: SHOW_KEYS_MAX pairs of at most "nspid=" + NSPID_MAX
	 * numbers each, a space between them */
	char show[SHOW_KEYS_MAX * (8 + NSPID_MAX * 12)];
	/* with e->explain: the reason for a result the runner itself gave */
	char why[512];
};

static bool is_failed(const struct runner *r, int label)
{
	if (label < 0 || label >= r->nlabels)
		return false;
	return r->failed[label / 8] & (1u << (label % 8));
}

static void set_failed(struct runner *r, int label)
{
	if (label >= 0 && label < r->nlabels)
		r->failed[label / 8] |= (unsigned char)(1u << (label % 8));
}

struct runner *runner_new(struct engine *e, const struct trace *t, int *err)
{
	struct trace_info info;
	struct runner *r;
	int rc;

	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = -ENOMEM;
		goto out_err;
	}
	r->e = e;
	r->t = t;
	r->nlabels = trace_label_count(t);
	r->failed = calloc((size_t)r->nlabels / 8 + 1, 1);
	if (!r->failed) {
		rc = -ENOMEM;
		goto out_free;
	}
	info.file = trace_path(t);
	info.nlabels = r->nlabels;
	info.label_names = trace_label_names(t);
	rc = e->ops->begin(e, &info);
	if (rc)
		goto out_free;
	r->begun = true;
	if (err)
		*err = 0;
	return r;

out_free:
	free(r->failed);
	free(r);
out_err:
	if (err)
		*err = rc;
	return NULL;
}

void runner_free(struct runner *r)
{
	if (!r)
		return;
	if (r->begun && r->e->ops->end)
		r->e->ops->end(r->e);
	free(r->failed);
	free(r);
}

static void set_errno(struct result *res, int err)
{
	res->kind = OC_ERRNO;
	res->err = err;
}

/*
 * The first label the statement uses (not the child it creates) that names
 * nothing, or LABEL_NONE.
 */
static int mentions_failed(const struct runner *r, const struct stmt *st)
{
	int i;

	if (is_failed(r, st->label[0]))
		return st->label[0];
	if (st->op != OP_FORK && st->op != OP_CLONE && is_failed(r, st->label[1]))
		return st->label[1];
	if (is_failed(r, st->label[2]))
		return st->label[2];
	for (i = 0; i < st->npairs; i++)
		if ((st->pairs[i].key == EK_PARENT || st->pairs[i].key == EK_PID_AT) &&
		    is_failed(r, st->pairs[i].label))
			return st->pairs[i].label;
	return LABEL_NONE;
}

static const char *label_name(const struct runner *r, int label)
{
	const char *name;

	if (label == LABEL_NONE)
		return "-";
	name = trace_label_name(r->t, label);
	return name ? name : "?";
}

/* The runner's own reason for this step's result (one line). */
static void why_say(struct runner *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), cold));
static void why_say(struct runner *r, const char *fmt, ...)
{
	size_t o = strlen(r->why);
	va_list ap;

	if (o + 2 >= sizeof(r->why))
		return;
	if (o)
		r->why[o++] = '\n';
	va_start(ap, fmt);
	vsnprintf(r->why + o, sizeof(r->why) - o, fmt, ap);
	va_end(ap);
}

__attribute__((cold))
static void why_failed_label(struct runner *r, int label)
{
	why_say(r, "runner rule 1: %s names no process: the fork or clone that was to make it failed -> ESRCH",
		label_name(r, label));
}

/* "KEY=VALUE" of the pair's key with the observed value into buf. */
static void fmt_pair(const struct runner *r, const struct expect_pair *p,
		     const struct observation *obs, char *buf, size_t len)
{
	switch (p->key) {
	case EK_NSPID:
		memcpy(buf, "nspid=", 6);
		nspid_format(buf + 6, len - 6, &obs->nspid);
		return;
	case EK_STATE:
		snprintf(buf, len, "state=%s", proc_state_name(obs->state));
		return;
	case EK_PARENT:
		snprintf(buf, len, "parent=%s", label_name(r, obs->label));
		return;
	case EK_PID_AT:
		snprintf(buf, len, "pid@%s=%d", label_name(r, p->label), obs->value);
		return;
	case EK_PPID:
	case EK_PGID:
	case EK_SID:
	case EK_LAST_PID:
	case EK_PID_MAX:
		snprintf(buf, len, "%s=%d", expect_key_name(p->key), obs->value);
		return;
	}
	snprintf(buf, len, "?");
}

/* Does the observation satisfy the pair? If not, write what was found. */
static bool pair_holds(const struct runner *r, const struct expect_pair *p,
		       const struct observation *obs, char *found, size_t len)
{
	bool holds = false;

	switch (p->key) {
	case EK_NSPID:
		holds = nspid_match(&p->nspid, &obs->nspid);
		break;
	case EK_STATE:
		holds = p->state == obs->state;
		break;
	case EK_PARENT:
		holds = p->label == obs->label;
		break;
	case EK_PID_AT:
	case EK_PPID:
	case EK_PGID:
	case EK_SID:
	case EK_LAST_PID:
	case EK_PID_MAX:
		holds = p->value == obs->value;
		break;
	}
	if (!holds)
		fmt_pair(r, p, obs, found, len);
	return holds;
}

/*
 * Keys that cannot be read from P in its state (semantics.md, "expect on
 * processes that are not running"): a reaped process has only a state; an
 * exiting or zombie one can call nothing, so what it would read is gone.
 */
static bool unreadable(enum proc_state ps, enum expect_key key)
{
	if (key == EK_STATE)
		return false;
	if (ps == PS_REAPED)
		return true;
	if (ps == PS_RUNNING)
		return false;
	return key == EK_PPID || key == EK_PGID || key == EK_SID ||
	       key == EK_LAST_PID || key == EK_PID_MAX;
}

/*
 * One key of an expect or a show, as the runner's rules allow it to be
 * read: 0 with *obs filled (obs->err set when the key cannot be read),
 * -errno when the engine broke.
 */
static int observe_key(struct runner *r, enum proc_state ps, int label,
		       const struct expect_pair *p, struct observation *obs)
{
	struct engine *e = r->e;

	memset(obs, 0, sizeof(*obs));
	obs->label = LABEL_NONE;
	if (unreadable(ps, p->key) ||
	    (p->key == EK_PID_AT && e->ops->state(e, p->label) == PS_REAPED)) {
		obs->err = ESRCH;
		return 0;
	}
	return e->ops->observe(e, label, p, obs);
}

/* Why a key of an expect or show cannot be read from label in state ps. */
__attribute__((cold))
static void why_unreadable(struct runner *r, int label, enum proc_state ps,
			   const struct expect_pair *p)
{
	char key[LABEL_MAX_LEN + 8];

	if (p->key == EK_PID_AT)
		snprintf(key, sizeof(key), "pid@%s", label_name(r, p->label));
	else
		snprintf(key, sizeof(key), "%s", expect_key_name(p->key));
	if (p->key == EK_PID_AT && ps != PS_REAPED)
		why_say(r, "%s: %s was reaped: it has no namespace to count in -> ESRCH",
			key, label_name(r, p->label));
	else if (ps == PS_REAPED)
		why_say(r, "%s: %s was reaped: only its state can be read -> ESRCH",
			key, label_name(r, label));
	else
		why_say(r, "%s: %s is not running (state %s): only a running process can read its own %s -> ESRCH",
			key, label_name(r, label), proc_state_name(ps), key);
}

/* show P KEY ...: every key as KEY=VALUE, KEY=ERRNO where unreadable. */
static int run_show(struct runner *r, const struct stmt *st, struct result *res)
{
	struct engine *e = r->e;
	struct observation obs;
	enum proc_state ps;
	size_t o = 0, len = sizeof(r->show);
	int i, rc;

	ps = e->ops->state(e, st->label[0]);
	r->show[0] = '\0';
	for (i = 0; i < st->npairs; i++) {
		const struct expect_pair *p = &st->pairs[i];

		rc = observe_key(r, ps, st->label[0], p, &obs);
		if (rc < 0)
			return rc;
		if (obs.err == ESRCH && e->explain &&
		    (unreadable(ps, p->key) || p->key == EK_PID_AT))
			why_unreadable(r, st->label[0], ps, p);
		if (i && o + 1 < len)
			r->show[o++] = ' ';
		if (obs.err) {
			const char *name = errno_name(obs.err);

			if (p->key == EK_PID_AT)
				snprintf(r->show + o, len - o, "pid@%s=%s",
					 label_name(r, p->label), name ? name : "E?");
			else
				snprintf(r->show + o, len - o, "%s=%s",
					 expect_key_name(p->key), name ? name : "E?");
		} else {
			fmt_pair(r, p, &obs, r->show + o, len - o);
		}
		o += strlen(r->show + o);
	}
	if (e->explain && !r->why[0])
		why_say(r, "show: every key read from %s (state %s); show asserts nothing",
			label_name(r, st->label[0]), proc_state_name(ps));
	res->kind = OC_SHOW;
	res->text = r->show;
	return 0;
}

static int run_expect(struct runner *r, const struct stmt *st, struct result *res)
{
	struct engine *e = r->e;
	struct observation obs;
	enum proc_state ps;
	int i, rc;

	ps = e->ops->state(e, st->label[0]);
	for (i = 0; i < st->npairs; i++) {
		const struct expect_pair *p = &st->pairs[i];

		if (unreadable(ps, p->key) ||
		    (p->key == EK_PID_AT && e->ops->state(e, p->label) == PS_REAPED)) {
			if (e->explain)
				why_unreadable(r, st->label[0], ps, p);
			set_errno(res, ESRCH);
			return 0;
		}
		memset(&obs, 0, sizeof(obs));
		obs.label = LABEL_NONE;
		rc = e->ops->observe(e, st->label[0], p, &obs);
		if (rc < 0)
			return rc;
		if (obs.err) {
			if (e->explain)
				why_say(r, "expect: %s of %s cannot be read -> %s",
					expect_key_name(p->key), label_name(r, st->label[0]),
					errno_name(obs.err) ? errno_name(obs.err) : "E?");
			set_errno(res, obs.err);
			return 0;
		}
		if (!pair_holds(r, p, &obs, res->found, sizeof(res->found))) {
			if (e->explain)
				why_say(r, "expect: pair %d of %d does not hold: %s has %s",
					i + 1, st->npairs, label_name(r, st->label[0]),
					res->found);
			res->kind = OC_FOUND;
			return 0;
		}
	}
	if (e->explain)
		why_say(r, "expect: %d of %d pairs hold for %s", st->npairs, st->npairs,
			label_name(r, st->label[0]));
	res->kind = OC_OK;
	return 0;
}

int runner_step(struct runner *r, const struct stmt *st, struct result *res,
		int *held)
{
	bool creates = st->op == OP_FORK || st->op == OP_CLONE;
	struct engine *e = r->e;
	int rc = 0, failed;

	result_clear(res);
	r->why[0] = '\0';
	*held = -1;

	if ((failed = mentions_failed(r, st)) != LABEL_NONE) {
		set_errno(res, ESRCH);		/* rule 1 */
		if (e->explain)
			why_failed_label(r, failed);
	} else if (st->op == OP_EXPECT) {
		rc = run_expect(r, st, res);
	} else if (st->op == OP_SHOW) {
		rc = run_show(r, st, res);
	} else if (e->ops->state(e, st->label[0]) != PS_RUNNING) {
		set_errno(res, ESRCH);		/* rule 2 */
		if (e->explain)
			why_say(r, "runner rule 2: %s is not running (state %s): it can make no call -> ESRCH",
				label_name(r, st->label[0]),
				proc_state_name(e->ops->state(e, st->label[0])));
	} else if (st->op == OP_PID_MAX && (e->skips & ENGINE_SKIP_PID_MAX)) {
		res->kind = OC_SKIPPED;		/* engine.h */
		if (e->explain)
			why_say(r, "pid_max is one value for the whole machine on the kernel compared with: the statement is left out -> skipped");
	} else {
		rc = e->ops->exec(e, st, res);
		if (rc == 0 && e->explain && e->ops->why)
			res->why = e->ops->why(e);
	}
	if (rc < 0)
		return rc;
	if (e->explain && r->why[0] && !res->why)
		res->why = r->why;
	if (res->kind == OC_LABEL)
		res->text = label_name(r, res->label);

	/* from here on the child's label names no process */
	if (creates && res->kind != OC_NSPID)
		set_failed(r, st->label[1]);

	if (st->op == OP_EXPECT)
		*held = res->kind == OC_OK;
	else if (st->has_expectation && st->expect.kind == OC_SHOW)
		*held = res->kind == OC_SHOW && st->expect_text &&
			strcmp(res->text, st->expect_text) == 0;
	else if (st->has_expectation)
		*held = expectation_holds(&st->expect, res);
	return 0;
}

int runner_run_trace(struct runner *r, struct trace *t, struct report *rp,
		     FILE *err)
{
	FILE *out = rp->out;
	struct result res;
	struct stmt *st;
	int rc, held;

	/* a statement is ~10 KiB: keep it off the stack of small threads */
	st = malloc(sizeof(*st));
	if (!st)
		return -ENOMEM;
	rc = trace_rewind(t);
	if (rc) {
		report_flush(rp);
		fflush(out);
		fprintf(err, "%s: %s\n", trace_path(t), strerror(-rc));
		goto out_free;
	}
	for (;;) {
		rc = trace_next(t, st);
		if (rc == 0)
			break;
		if (rc < 0) {
			report_flush(rp);
			fflush(out);
			fprintf(err, "%s: %s\n", trace_path(t),
				rc == -ESTALE ? "the file changed while it was being run"
					      : strerror(-rc));
			goto out_free;
		}
		rc = runner_step(r, st, &res, &held);
		if (rc == -EINTR) {
			/* stopped by a signal (live): not a failure of the engine */
			report_flush(rp);
			fflush(out);
			fprintf(err, "%s:%u: interrupted\n", trace_path(t), st->line);
			goto out_free;
		}
		if (rc < 0) {
			report_flush(rp);
			fflush(out);
			fprintf(err, "%s:%u: the %s engine failed: %s\n", trace_path(t),
				st->line, r->e->ops->name, strerror(-rc));
			goto out_free;
		}
		report_stmt(rp, st, &res, held);
	}
	rc = 0;
out_free:
	report_flush(rp);
	free(st);
	return rc;
}
