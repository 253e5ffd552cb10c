/*
 * replay_main.c - main() for a harness built without libFuzzer: run
 * LLVMFuzzerTestOneInput() once on each file given, or on every file of
 * each directory given (in name order, dot files skipped). CTest replays
 * the seed corpus and the regression inputs this way in every build, so
 * the harnesses compile and their corpus stays clean without clang.
 *
 * Exit status: 0 when every input ran (a failed check aborts the process
 * instead), 2 when a file cannot be read.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc = 2;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *p = realloc(buf, cap ? cap * 2 : 4096);

			if (!p)
				goto out;
			buf = p;
			cap = cap ? cap * 2 : 4096;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		goto out;
	}
	fprintf(stderr, "%s\n", path);
	LLVMFuzzerTestOneInput(buf, len);
	rc = 0;
out:
	free(buf);
	fclose(f);
	return rc;
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int run_path(const char *path, unsigned int *count)
{
	struct dirent **ents;
	struct stat sb;
	int i, n, rc = 0;

	if (stat(path, &sb) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	if (!S_ISDIR(sb.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	n = scandir(path, &ents, not_dot, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	for (i = 0; i < n; i++) {
		char sub[4096];

		snprintf(sub, sizeof(sub), "%s/%s", path, ents[i]->d_name);
		if (!rc && stat(sub, &sb) == 0 && S_ISREG(sb.st_mode)) {
			(*count)++;
			rc = run_file(sub);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned int count = 0;
	int i, rc = 0;

	for (i = 1; i < argc && !rc; i++)
		rc = run_path(argv[i], &count);
	fprintf(stderr, "%u inputs replayed\n", count);
	return rc;
}
