/*
 * profile.h - kernel eras as data. Each profile says which allocator runs,
 * where pid_max lives, what clone3 offers and which errno each failure
 * gives in that era (docs/kernel-rules.md, "Kernel-era profiles"). The
 * model consults the profile at the few places where eras differ; nothing
 * else branches on a kernel version.
 */
#ifndef PIDSIM_PROFILE_H
#define PIDSIM_PROFILE_H

#include <stdbool.h>

enum pid_allocator {
	PIDALLOC_IDR,		/* 4.15+: idr_alloc_cyclic, lo = 1 or 300 by cursor */
	PIDALLOC_LEGACY,	/* 2.6.24-4.14: alloc_pidmap scan from last_pid */
};

struct kernel_profile {
	const char *name;		/* "6.18" */
	const char *summary;		/* one line for --kernel listings */
	enum pid_allocator allocator;
	bool per_ns_pid_max;		/* 6.14+: each namespace has its own pid_max */
	bool new_ns_pid_max_limit;	/* new namespaces start at PID_MAX_LIMIT */
	int set_tid_errno;		/* 0: clone3 set_tid works; else what clone3 says */
	int exhaustion_errno;		/* fork with no free number: EAGAIN (4.1+) or ENOMEM */
	int nesting_errno;		/* level > MAX_PID_NS_LEVEL: ENOSPC (4.9+) or EINVAL */
	bool first_fail_resets_cursor;	/* IDR: a failed first fork puts the cursor back to 0 */
	bool group_kill_from_target;	/* a fatal signal wakes the threads from the signalled
					 * one round to the one before it (6.1 and older),
					 * not from the leader */
	/*
	 * 7.0's alloc_pid (docs/kernel-rules.md, "After 6.18: the 7.0
	 * profile"; read in the source, never run here): every set_tid entry
	 * is checked before any level allocates; a namespace that has no
	 * process yet gets its cursor put back to 0 when the allocation
	 * starts (not when it fails); at any level without a child reaper
	 * the number taken must be 1 (EINVAL otherwise, the set_tid-only
	 * rule gone); and a first process that fails late leaves its
	 * namespace usable.
	 */
	bool alloc_pid_7;
	/*
	 * A dying init whose namespace is already empty still sleeps in
	 * zap_pid_ns_processes() when another of its tasks died in the same
	 * burst (seen on 6.18 here); 6.12 and 6.1 (in a guest) go on at once.
	 */
	bool zap_sleeps_after_a_death;
	bool verified;			/* checked against a live kernel */
};

/* The profile named name, or NULL. NULL or "" names the default (newest). */
const struct kernel_profile *kernel_profile_find(const char *name);

/* The default profile: the one the live host runs, 6.18 (PROFILE_DEFAULT). */
#define PROFILE_DEFAULT	"6.18"
const struct kernel_profile *kernel_profile_default(void);

/* NULL-terminated list of every profile name, newest first. */
const char *const *model_profile_names(void);

/* Every profile, newest first; *n receives the count. */
const struct kernel_profile *kernel_profiles(unsigned int *n);

#endif /* PIDSIM_PROFILE_H */
