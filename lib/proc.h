/*
 * proc.h - running another program and waiting for it, with a time limit:
 * what `pidsim shrink` and `pidsim fuzz` need to run checks and `pidsim
 * diff` in a process of their own (so that an engine that hangs or crashes
 * cannot take the fuzzer down with it).
 */
#ifndef PIDSIM_PROC_H
#define PIDSIM_PROC_H

#include <stdbool.h>

/*
 * run_capture - run argv (argv[0] a path, no PATH search) in a process
 * group of its own, with standard input from /dev/null and standard output
 * and error into the file out_path (created or truncated; NULL: /dev/null).
 * After timeout seconds (0: no limit) the group gets SIGTERM, and SIGKILL
 * 5 s later. Returns the exit status (0..255), 128 + N when killed by
 * signal N, or -errno when it cannot be started; *timed_out (may be NULL)
 * says whether the time limit stopped it.
 */
int run_capture(char *const argv[], const char *out_path, unsigned int timeout,
		bool *timed_out);

/*
 * run_capture_split - run_capture() with standard output into out_path
 * and standard error into err_path, each NULL for /dev/null; the same
 * path for both shares one file, as run_capture() does.
 */
int run_capture_split(char *const argv[], const char *out_path,
		      const char *err_path, unsigned int timeout, bool *timed_out);

/* The running executable's path (/proc/self/exe resolved), or "pidsim". */
const char *self_exe(void);

#endif /* PIDSIM_PROC_H */
