/*
 * fuzz_trace.c - libFuzzer harness of the trace parser: any bytes must be
 * either refused with a message or streamed to the end, without a crash,
 * a leak or undefined behaviour, and pass 2 must yield exactly as many
 * statements as pass 1 counted. Built with -DPIDSIM_FUZZ=ON (clang):
 *
 *   build/tests/parse/fuzz_trace -max_len=8192 traces/examples
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct stmt st;
	static FILE *devnull;
	unsigned long long n = 0;
	struct trace *t;
	char path[64];
	int fd;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	/* a memory file: trace_open reads by path, twice */
	fd = memfd_create("trace", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	t = trace_open(path, devnull);
	if (t) {
		while (trace_next(t, &st) == 1)
			n++;
		if (n != trace_statement_count(t))
			abort();
		trace_close(t);
	}
	close(fd);
	return 0;
}
