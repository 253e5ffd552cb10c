/*
 * result.c - results as tokens, and expectations compared with results
 * (result.h). The token of a result is what the text output prints after
 * "->" and what `pidsim diff` compares between engines.
 */
#include <stdio.h>
#include <string.h>

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

/*
 * One element of an nspid ("/" first unless it is the first, then the
 * number or "*") into out, which holds at least 14 bytes: its length.
 * Formatted by hand because snprintf showed up in replay profiles.
 */
static size_t nspid_piece(char *out, int i, int nr)
{
	char digits[12];
	size_t o = 0, d = 0;
	unsigned int u;

	if (i)
		out[o++] = '/';
	if (nr == NSPID_ANY) {
		out[o++] = '*';
		return o;
	}
	if (nr < 0)
		out[o++] = '-';
	u = nr < 0 ? 0u - (unsigned int)nr : (unsigned int)nr;
	do {
		digits[d++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (d)
		out[o++] = digits[--d];
	return o;
}

size_t nspid_format(char *buf, size_t len, const struct nspid *n)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n->n && i < NSPID_MAX; i++) {
		char piece[16];
		size_t w = nspid_piece(piece, i, n->nr[i]);

		if (w >= len - o) {
			/* What does not fit is cut, as snprintf would. */
			memcpy(buf + o, piece, len - o - 1);
			buf[len - 1] = '\0';
			break;
		}
		memcpy(buf + o, piece, w);
		o += w;
		buf[o] = '\0';
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

