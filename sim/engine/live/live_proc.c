/*
 * live_proc.c - /proc reading and parsing for the live engine
 * (live_proc.h). Parsers take text only, so that tests can feed them the
 * kernel's exact formats.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "sim/engine/live/live_proc.h"

ssize_t live_read_at(int dirfd, const char *path, char *buf, size_t len)
{
	size_t got = 0;
	int fd, err = 0;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got + 1 < len) {
		ssize_t n = read(fd, buf + got, len - 1 - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out_close;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
out_close:
	close(fd);
	return err ? err : (ssize_t)got;
}

static const char *live_find_key(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':')
			return p + klen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

int live_parse_levels(const char *text, const char *key, struct nspid *out)
{
	const char *p = live_find_key(text, key);

	out->n = 0;
	if (!p)
		return -ENOENT;
	while (*p && *p != '\n') {
		char *end;
		long v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n' || !*p)
			break;
		v = strtol(p, &end, 10);
		if (end == p || out->n >= NSPID_MAX)
			return -EPROTO;
		out->nr[out->n++] = (int)v;
		p = end;
	}
	return out->n ? 0 : -EPROTO;
}

int live_parse_field(const char *text, const char *key, long long *out)
{
	const char *p = live_find_key(text, key);
	char *end;

	if (!p)
		return -ENOENT;
	*out = strtoll(p, &end, 10);
	return end == p ? -EPROTO : 0;
}

int live_parse_hex(const char *text, const char *key, unsigned long long *out)
{
	const char *p = live_find_key(text, key);
	char *end;

	if (!p)
		return -ENOENT;
	*out = strtoull(p, &end, 16);
	return end == p ? -EPROTO : 0;
}

int live_parse_stat(const char *text, struct live_stat *st)
{
	const char *p = strrchr(text, ')');
	unsigned long long v[32];
	int field = 3;

	/* Fields after "pid (comm)": 3 state, 4 ppid, 5 pgrp, ..., 31 signal. */
	if (!p || p[1] != ' ' || !p[2])
		return -EPROTO;
	st->state = p[2];
	p += 3;
	while (field < 31) {
		char *end;

		field++;
		while (*p == ' ')
			p++;
		v[field] = strtoull(p, &end, 10);
		if (end == p)
			return -EPROTO;
		p = end;
	}
	st->pgrp = (int)v[5];
	st->session = (int)v[6];
	st->flags = (unsigned long)v[9];
	st->pending = v[31];
	return 0;
}

bool live_exit_wait_settled(char state, const char *wchan)
{
	if (!strcmp(wchan, "zap_pid_ns_processes"))
		return state == 'S' || state == 'I' || state == 'D';
	if (!strcmp(wchan, "do_wait"))
		return state == 'S';
	return false;
}

int live_pidfd_released(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int n;

	do
		n = poll(&p, 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n > 0 && (p.revents & POLLHUP) ? 1 : 0;
}

int live_pidfd_nspid(int pidfd, struct nspid *out)
{
	char path[64], buf[1024];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	n = live_read_at(AT_FDCWD, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return live_parse_levels(buf, "NSpid", out);
}

void live_kernel_version(int *major, int *minor, char *release, size_t len)
{
	struct utsname u;

	*major = *minor = 0;
	if (uname(&u))
		return;
	if (release)
		snprintf(release, len, "%s", u.release);
	sscanf(u.release, "%d.%d", major, minor);
}
