/*
 * live_ns.c - the namespace table of a live trace (live_ns.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/nsfs.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/engine/live/live_ns.h"

int live_ns_add(struct live_nstab *t, dev_t dev, ino_t ino, int fd,
		int parent)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		struct live_ns *n = realloc(t->ns, cap * sizeof(*n));

		if (!n) {
			if (fd >= 0)
				close(fd);
			return -ENOMEM;
		}
		t->ns = n;
		t->cap = cap;
	}
	t->ns[t->n] = (struct live_ns){
		.dev = dev, .ino = ino, .fd = fd, .parent = parent,
		.level = parent >= 0 ? t->ns[parent].level + 1 : 0,
	};
	return t->n++;
}

static int live_ns_resolve_at(struct live_nstab *t, int fd, int depth)
{
	struct stat sb;
	int parent, pfd, ret;

	if (fstat(fd, &sb)) {
		ret = -errno;
		goto out_close;
	}
	for (int i = 0; i < t->n; i++) {
		if (t->ns[i].dev == sb.st_dev && t->ns[i].ino == sb.st_ino) {
			ret = i;
			goto out_close;
		}
	}
	/* Unknown: its parent must be known, or be found the same way. */
	if (!t->n || depth > NSPID_MAX) {
		ret = -EPROTO;
		goto out_close;
	}
	pfd = ioctl(fd, NS_GET_PARENT);
	if (pfd < 0) {
		ret = -errno;
		goto out_close;
	}
	parent = live_ns_resolve_at(t, pfd, depth + 1);
	if (parent < 0) {
		ret = parent;
		goto out_close;
	}
	return live_ns_add(t, sb.st_dev, sb.st_ino, fd, parent);

out_close:
	close(fd);
	return ret;
}

int live_ns_resolve(struct live_nstab *t, int fd)
{
	return live_ns_resolve_at(t, fd, 0);
}

bool live_ns_below(const struct live_nstab *t, int n, int anc)
{
	while (n >= 0 && t->ns[n].level > t->ns[anc].level)
		n = t->ns[n].parent;
	return n == anc;
}

int live_ns_pid_in(const struct live_nstab *t, int task_ns,
		   const struct nspid *nspid, int nsidx)
{
	int level = t->ns[nsidx].level;
	int n = task_ns;

	if (t->ns[n].level < level || level >= nspid->n)
		return 0;
	while (t->ns[n].level > level)
		n = t->ns[n].parent;
	return n == nsidx ? nspid->nr[level] : 0;
}

void live_ns_release(struct live_nstab *t)
{
	for (int i = 0; i < t->n; i++)
		if (t->ns[i].fd >= 0)
			close(t->ns[i].fd);
	free(t->ns);
	t->ns = NULL;
	t->n = t->cap = 0;
}
