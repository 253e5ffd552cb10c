/*
 * result.h - a statement's result as the one token the output shows
 * ("7/1", "ok", "ENOMEM", "state=zombie", a label), whether it satisfies
 * an expectation `=> R`, and the counts of a run.
 */
#ifndef PIDSIM_RESULT_H
#define PIDSIM_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/run/engine.h"

/* The room a token needs in buf: "nspid=" and NSPID_MAX numbers. */
#define RESULT_TOKEN_MAX	(8 + NSPID_MAX * 12)

/* The longest result there is: show's pairs, each up to a token, a space
 * between them. */
#define RESULT_TEXT_MAX		(SHOW_KEYS_MAX * RESULT_TOKEN_MAX)

/* The result as one token; may point into buf, or into res. */
const char *result_token(const struct result *res, char *buf, size_t len);

/* Does res satisfy the expectation `=> R`? (show's pairs: compared as text
 * by the runner, never here.) */
bool expectation_holds(const struct expectation *x, const struct result *res);

/* Does v match pattern, whose levels may be NSPID_ANY ('*')? */
bool nspid_match(const struct nspid *pattern, const struct nspid *v);

/* "7/1" (a '*' for NSPID_ANY) into buf; returns the length written. */
size_t nspid_format(char *buf, size_t len, const struct nspid *n);

struct run_totals {
	unsigned long long statements;
	unsigned long long expectations;
	unsigned long long failed;
};

/* Count one statement whose expectation held (1), failed (0) or was
 * absent (-1). */
void run_totals_add(struct run_totals *tot, int held);

#endif /* PIDSIM_RESULT_H */
