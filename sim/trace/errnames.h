/*
 * errnames.h - errno values and their upper-case names ("ENOMEM"), as the
 * trace language writes results (docs/trace-language.md, "Results").
 *
 * The table holds the whole Linux errno set. Aliases (EWOULDBLOCK,
 * EDEADLOCK, ENOTSUP) are accepted by name but never printed: a value is
 * always printed by its canonical name.
 */
#ifndef PIDSIM_ERRNAMES_H
#define PIDSIM_ERRNAMES_H

#include <stddef.h>

/* The canonical name of a positive errno value, or NULL if it has none. */
const char *errno_name(int err);

/*
 * The positive errno value named by the len bytes at name (no terminating
 * NUL needed), aliases included; 0 when the name is unknown. Case matters.
 */
int errno_by_name(const char *name, size_t len);

#endif /* PIDSIM_ERRNAMES_H */
