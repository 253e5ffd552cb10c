/*
 * pid_limits.h - the pid-space constants of a 64-bit kernel with 4 KiB pages
 * (include/linux/threads.h, include/linux/pid.h; docs/kernel-rules.md,
 * "Constants").
 */
#ifndef PIDSIM_PID_LIMITS_H
#define PIDSIM_PID_LIMITS_H

#define PID_MAX_DEFAULT		0x8000			/* 32768 */
#define PID_MAX_LIMIT		(4 * 1024 * 1024)	/* 4194304 */
#define RESERVED_PIDS		300	/* wrap-around lower bound in every namespace */
#define PIDS_PER_CPU_DEFAULT	1024
#define PIDS_PER_CPU_MIN	8
#define MAX_PID_NS_LEVEL	32

#endif /* PIDSIM_PID_LIMITS_H */
