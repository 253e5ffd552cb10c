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

static unsigned int live_ns_slot(const struct live_nstab *t, dev_t dev,
				 ino_t ino)
{
	unsigned long long h = (unsigned long long)ino * 0x9E3779B97F4A7C15ULL ^
			       (unsigned long long)dev;

	return (unsigned int)(h >> 17) & (t->hcap - 1);
}

int live_ns_find(const struct live_nstab *t, dev_t dev, ino_t ino)
{
	if (!t->hcap)
		return -1;
	for (unsigned int s = live_ns_slot(t, dev, ino);; s = (s + 1) & (t->hcap - 1)) {
		int i = t->hash[s];

		if (i < 0)
			return -1;
		if (t->ns[i].dev == dev && t->ns[i].ino == ino)
			return i;
	}
}

/* Room for one more entry in the hash (kept under half full). */
static int live_ns_grow_hash(struct live_nstab *t)
{
	unsigned int cap = t->hcap ? t->hcap * 2 : 64;
	int *h;

	if (t->hcap > 2u * (unsigned int)(t->n + 1))
		return 0;
	h = malloc(cap * sizeof(*h));
	if (!h)
		return -ENOMEM;
	for (unsigned int i = 0; i < cap; i++)
		h[i] = -1;
	free(t->hash);
	t->hash = h;
	t->hcap = cap;
	for (int i = 0; i < t->n; i++) {
		unsigned int s = live_ns_slot(t, t->ns[i].dev, t->ns[i].ino);

		while (h[s] >= 0)
			s = (s + 1) & (cap - 1);
		h[s] = i;
	}
	return 0;
}

int live_ns_add(struct live_nstab *t, dev_t dev, ino_t ino, int fd,
		int parent)
{
	unsigned int s;

	if (live_ns_grow_hash(t)) {
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
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
		.child = -1, .sibling = -1, .members = -1,
	};
	if (parent >= 0) {
		t->ns[t->n].sibling = t->ns[parent].child;
		t->ns[parent].child = t->n;
	}
	for (s = live_ns_slot(t, dev, ino); t->hash[s] >= 0; s = (s + 1) & (t->hcap - 1))
		;
	t->hash[s] = t->n;
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
	ret = live_ns_find(t, sb.st_dev, sb.st_ino);
	if (ret >= 0)
		goto out_close;
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
	free(t->hash);
	t->ns = NULL;
	t->hash = NULL;
	t->n = t->cap = 0;
	t->hcap = 0;
}
