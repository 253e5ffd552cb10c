/*
 * profile.c - the table of kernel eras. Facts and their sources are in
 * docs/kernel-rules.md, "Kernel-era profiles" (with "The legacy scan" and
 * "pid_max per namespace"). Newest first; the default is PROFILE_DEFAULT.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "model/profile.h"

static const struct kernel_profile profiles[] = {
	{
		.name = "7.0",
		.summary = "as 6.18, with 7.0's alloc_pid: a level without init must take 1 "
			   "(not verified on a live kernel)",
		.allocator = PIDALLOC_IDR,
		.per_ns_pid_max = true,
		.new_ns_pid_max_limit = true,
		.set_tid_errno = 0,
		.exhaustion_errno = EAGAIN,
		.nesting_errno = ENOSPC,
		.first_fail_resets_cursor = false,	/* at the start instead */
		.alloc_pid_7 = true,
		.zap_sleeps_after_a_death = true,
	},
	{
		.name = "6.18",
		.verified = true,
		.zap_sleeps_after_a_death = true,
		.summary = "IDR cursor policy, per-namespace pid_max, clone3 set_tid (default)",
		.allocator = PIDALLOC_IDR,
		.per_ns_pid_max = true,
		.new_ns_pid_max_limit = true,
		.set_tid_errno = 0,
		.exhaustion_errno = EAGAIN,
		.nesting_errno = ENOSPC,
		.first_fail_resets_cursor = true,
	},
	{
		.name = "6.12",
		.summary = "IDR cursor policy, one global pid_max, clone3 set_tid",
		.allocator = PIDALLOC_IDR,
		.per_ns_pid_max = false,
		.set_tid_errno = 0,
		.exhaustion_errno = EAGAIN,
		.nesting_errno = ENOSPC,
		.first_fail_resets_cursor = true,
	},
	{
		/*
		 * Debian 12's kernel. Read against 6.12 (Debian 6.1.192 and
		 * 6.12.117 sources): alloc_pid, the cursor rules, pid_max and
		 * ns_last_pid (both global, bounded by the one pid_max),
		 * set_tid, zap_pid_ns_processes and the reaper search are the
		 * same. One thing differs: complete_signal() wakes a group
		 * killed by a fatal signal from the signalled thread on, round
		 * the ring of threads, where 6.12 starts at the leader; on one
		 * CPU that is the order of their exits, which decides who
		 * inherits a dying init's reaper role (found by diffing in a
		 * 6.1 VM, docs/kernels.md). What 6.1 lacks beside
		 * (pidfd_open PIDFD_THREAD, clone3 CLONE_PIDFD with
		 * CLONE_THREAD: 6.9+) is no part of the model.
		 */
		.name = "6.1",
		.summary = "as 6.12, but a group kill wakes the threads from the signalled one (Debian 12)",
		.allocator = PIDALLOC_IDR,
		.per_ns_pid_max = false,
		.set_tid_errno = 0,
		.exhaustion_errno = EAGAIN,
		.nesting_errno = ENOSPC,
		.first_fail_resets_cursor = true,
		.group_kill_from_target = true,
	},
	{
		.name = "5.4",
		.summary = "IDR cursor policy, global pid_max, clone3 without set_tid (E2BIG)",
		.allocator = PIDALLOC_IDR,
		.per_ns_pid_max = false,
		.set_tid_errno = E2BIG,
		.exhaustion_errno = EAGAIN,
		.nesting_errno = ENOSPC,
		.first_fail_resets_cursor = true,
		.group_kill_from_target = true,
	},
	{
		.name = "4.14",
		.summary = "legacy alloc_pidmap scan, global pid_max, no clone3 (ENOSYS)",
		.allocator = PIDALLOC_LEGACY,
		.per_ns_pid_max = false,
		.set_tid_errno = ENOSYS,
		.exhaustion_errno = EAGAIN,
		.nesting_errno = ENOSPC,
		.first_fail_resets_cursor = false,
		.group_kill_from_target = true,
	},
	{
		.name = "4.0",
		.summary = "legacy scan; exhaustion reported as ENOMEM, nesting limit as EINVAL",
		.allocator = PIDALLOC_LEGACY,
		.per_ns_pid_max = false,
		.set_tid_errno = ENOSYS,
		.exhaustion_errno = ENOMEM,
		.nesting_errno = EINVAL,
		.first_fail_resets_cursor = false,
		.group_kill_from_target = true,
	},
};

#define NR_PROFILES (sizeof(profiles) / sizeof(profiles[0]))

static const char *const profile_names[NR_PROFILES + 1] = {
	"7.0", "6.18", "6.12", "6.1", "5.4", "4.14", "4.0", NULL,
};

const struct kernel_profile *kernel_profile_default(void)
{
	return &profiles[1];	/* PROFILE_DEFAULT */
}

const struct kernel_profile *kernel_profile_find(const char *name)
{
	size_t i;

	if (!name || !*name)
		return kernel_profile_default();
	for (i = 0; i < NR_PROFILES; i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

const char *const *model_profile_names(void)
{
	return profile_names;
}

const struct kernel_profile *kernel_profiles(unsigned int *n)
{
	*n = NR_PROFILES;
	return profiles;
}
