/*
 * harness.h - small helpers for the model's unit tests: build a machine,
 * make processes and threads, and check the model's invariants after
 * every step (every helper calls machine_check()).
 */
#ifndef PIDSIM_TEST_HARNESS_H
#define PIDSIM_TEST_HARNESS_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "model/exit.h"
#include "model/fork.h"
#include "model/machine.h"
#include "model/nsproxy.h"
#include "model/pid.h"
#include "model/pid_namespace.h"
#include "model/pid_sysctl.h"
#include "model/sigkill.h"
#include "model/signal.h"
#include "model/sys.h"
#include "model/syscall.h"
#include "model/wait.h"
#include "model/task.h"

/*
 * A machine for profile name ("6.18" when NULL) at real level base. Tasks
 * the helpers create are held by the harness until free_machine(), so a
 * test may look at a task after it was reaped.
 */
struct machine *mk_machine(const char *profile, unsigned int base);
void free_machine(struct machine *m);

/* Assert the invariants; report the first violation with the caller's line. */
#define CHECK(m) check_machine((m), __FILE__, __LINE__)
void check_machine(struct machine *m, const char *file, int line);

/*
 * clone_task - clone by parent with CLONE_* flags (CLONE_THREAD implies
 * SIGHAND|VM) and an optional set_tid list (n entries, innermost first).
 * Returns the child's number in parent's namespace or -errno; *child gets
 * the task (NULL on failure). Checks the machine afterwards.
 */
int clone_task(struct task_struct *parent, unsigned long flags,
	       const int *set_tid, size_t n, struct task_struct **child);

/* fork() that must succeed. */
struct task_struct *xfork(struct task_struct *parent);

/* clone(CLONE_NEWPID) that must succeed: the init of a new namespace. */
struct task_struct *xnewpid(struct task_struct *parent);

/* Number of t's own pid at level (0 = trace root), or 0. */
int nr_at(const struct task_struct *t, unsigned int level);

/* Number of t's own pid in its deepest namespace. */
int vnr(const struct task_struct *t);

/* exit, then wait by the parent: the number is released. */
/* The trace's `exit t`: exit_group for a leader, exit for another thread. */
void trace_exit(struct task_struct *t);

void exit_and_reap(struct task_struct *t);

/* Is number nr taken in ns? */
int taken(const struct pid_namespace *ns, int nr);

/* State as the trace language names it. */
const char *state_of(const struct task_struct *t);



/* One suite per executable: name, then {name, fn} pairs ending in NULL. */
struct test_case {
	const char *name;
	void (*fn)(void);
};

/* Run the suite; returns the exit status (0 when every assertion held). */
int run_suite(const char *name, const struct test_case *cases);
#endif /* PIDSIM_TEST_HARNESS_H */
