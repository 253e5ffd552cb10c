/*
 * result.c - results as tokens, and expectations compared with results
 * (result.h). The token of a result is what the text output prints after
 * "->" and what `pidsim diff` compares between engines.
 */
#include <stdio.h>

#include "sim/run/result.h"
#include "sim/trace/errnames.h"

bool nspid_match(const struct nspid *pattern, const struct nspid *v)
{
	int i;

	if (pattern->n != v->n)
		return false;
	for (i = 0; i < v->n; i++)
		if (pattern->nr[i] != NSPID_ANY && pattern->nr[i] != v->nr[i])
			return false;
	return true;
}

size_t nspid_format(char *buf, size_t len, const struct nspid *n)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n->n && i < NSPID_MAX; i++) {
		int w;

		if (n->nr[i] == NSPID_ANY)
			w = snprintf(buf + o, len - o, "%s*", i ? "/" : "");
		else
			w = snprintf(buf + o, len - o, "%s%d", i ? "/" : "", n->nr[i]);
		if (w < 0 || (size_t)w >= len - o)
			break;
		o += (size_t)w;
	}
	return o;
}

const char *result_token(const struct result *res, char *buf, size_t len)
{
	const char *name;

	switch (res->kind) {
	case OC_OK:
		return "ok";
	case OC_RUNNING:
		return "running";
	case OC_SKIPPED:
		return "skipped";
	case OC_FOUND:
		return res->found;
	case OC_LABEL:
	case OC_SHOW:
		return res->text ? res->text : "?";
	case OC_NSPID:
		nspid_format(buf, len, &res->nspid);
		return buf;
	case OC_ERRNO:
		name = errno_name(res->err);
		if (name)
			return name;
		/* not a Linux errno: keep it readable and distinct */
		snprintf(buf, len, "E%d", res->err);
		return buf;
	}
	return "?";
}

bool expectation_holds(const struct expectation *x, const struct result *res)
{
	switch (x->kind) {
	case OC_OK:
		/* `=> ok` on fork or clone: any success */
		return res->kind == OC_OK || res->kind == OC_NSPID;
	case OC_NSPID:
		return res->kind == OC_NSPID && nspid_match(&x->nspid, &res->nspid);
	case OC_RUNNING:
	case OC_SKIPPED:
		return res->kind == x->kind;
	case OC_ERRNO:
		return res->kind == OC_ERRNO && res->err == x->err;
	case OC_LABEL:
		return res->kind == OC_LABEL && res->label == x->label;
	case OC_FOUND:
	case OC_SHOW:	/* compared as text by runner_step() */
		break;
	}
	return false;
}

void run_totals_add(struct run_totals *tot, int held)
{
	tot->statements++;
	if (held >= 0)
		tot->expectations++;
	if (held == 0)
		tot->failed++;
}

