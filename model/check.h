/*
 * check.h - the model's invariants, checked from the outside after every
 * operation by the tests and the fuzzers.
 */
#ifndef PIDSIM_CHECK_H
#define PIDSIM_CHECK_H

struct machine;

/*
 * machine_check - verify that bitmaps, hash entries, published pids, task
 * attachments and counters agree at every level (see check.c for the
 * list). Returns 0, or -EUCLEAN with the first violation described in msg.
 * Never changes the machine.
 */
int machine_check(const struct machine *m, char *msg, unsigned long len);

#endif /* PIDSIM_CHECK_H */
