/*
 * live_agents.c - the agents as the live engine knows them (live_agents.h):
 * commanding one, taking a new one in after a clone, recycling the stacks
 * of reaped ones, and reading one's state and parent through the trace
 * root's /proc.
 *
 * A label means one process for its whole life. Every task in the trace
 * root is an agent that this engine made, so a number there passes to a
 * new task only through a clone taken in here: a label's number is its own
 * while the number map (live_by_nr()) still gives it to that label, and
 * /proc under that number then shows that task or nothing. One descriptor
 * per agent (its channel, while it runs), no pidfd.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/live/live_agents.h"
#include "sim/engine/live/live_chan.h"
#include "sim/engine/live/live_proc.h"

#define LIVE_FD_KEEP	192	/* descriptors left for all but channels */

/* ---- open and parked channels ------------------------------------------ */

static void live_lru_unlink(struct live_engine *le, int l)
{
	struct live_label *lab = &le->lab[l];

	if (lab->lru_prev >= 0)
		le->lab[lab->lru_prev].lru_next = lab->lru_next;
	else if (le->lru_head == l)
		le->lru_head = lab->lru_next;
	if (lab->lru_next >= 0)
		le->lab[lab->lru_next].lru_prev = lab->lru_prev;
	else if (le->lru_tail == l)
		le->lru_tail = lab->lru_prev;
	lab->lru_prev = lab->lru_next = -1;
}

/* l's channel was just used: the last to be parked. */
static void live_lru_front(struct live_engine *le, int l)
{
	struct live_label *lab = &le->lab[l];

	live_lru_unlink(le, l);
	lab->lru_next = le->lru_head;
	if (le->lru_head >= 0)
		le->lab[le->lru_head].lru_prev = l;
	le->lru_head = l;
	if (le->lru_tail < 0)
		le->lru_tail = l;
}

/*
 * Over the budget of open channels, park the least recently used ones
 * that can be taken back: a running process's (its agent keeps our end at
 * AGENT_PEER_FD), never the root init's or a thread's (a pidfd of a
 * thread needs 6.9). Our copy is closed; nothing else changes.
 */
void live_chan_room(struct live_engine *le)
{
	/* What namespaces, /proc and the program leave to channels. */
	int budget = le->fd_limit - LIVE_FD_KEEP - le->nst.n, l = le->lru_tail;

	if (budget < 16)
		budget = 16;
	while (le->nopen >= budget && l >= 0) {
		struct live_label *lab = &le->lab[l];
		int prev = lab->lru_prev;

		if (l != LABEL_INIT && !lab->thread && lab->host_pid > 0 &&
		    lab->state == PS_RUNNING && lab->chan >= 0) {
			close(lab->chan);
			lab->chan = -1;
			lab->parked = true;
			live_lru_unlink(le, l);
			le->nopen--;
		}
		l = prev;
	}
}

void live_chan_opened(struct live_engine *le, int l)
{
	le->nopen++;
	live_lru_front(le, l);
}

void live_chan_close(struct live_engine *le, int l)
{
	struct live_label *lab = &le->lab[l];

	if (lab->chan >= 0) {
		close(lab->chan);
		lab->chan = -1;
		le->nopen--;
		live_lru_unlink(le, l);
	}
	lab->parked = false;
}

int live_unpark(struct live_engine *le, int l)
{
	struct live_label *lab = &le->lab[l];
	struct nspid host;
	int pidfd, fd, ret;

	if (!lab->parked)
		return 0;
	live_chan_room(le);
	pidfd = (int)syscall(SYS_pidfd_open, lab->host_pid, 0);
	if (pidfd < 0)
		return -errno == -ESRCH ? -EPIPE : -errno;
	/*
	 * Ours, not a process of the host that took the number after ours
	 * was released: the same numbers down to the trace root's levels.
	 */
	ret = live_pidfd_nspid(pidfd, &host);
	if (!ret && (host.n != le->root.skip + lab->nspid.n ||
		     memcmp(host.nr + le->root.skip, lab->nspid.nr,
			    lab->nspid.n * sizeof(int))))
		ret = -EPIPE;
	if (!ret) {
		fd = (int)syscall(SYS_pidfd_getfd, pidfd, AGENT_PEER_FD, 0);
		ret = fd < 0 ? -errno : 0;
	}
	close(pidfd);
	if (ret)
		return ret == -ESRCH ? -EPIPE : ret;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC)) {
		close(fd);
		return -errno;
	}
	lab->chan = fd;
	lab->parked = false;
	live_chan_opened(le, l);
	return 0;
}

int live_unpark_group(struct live_engine *le, int l)
{
	int ret = 0;

	for (int i = le->lab[l].leader; i >= 0 && !ret; i = le->lab[i].gnext)
		if (le->lab[i].state == PS_RUNNING)
			ret = live_unpark(le, i);
	return ret;
}

/* ---- commands ------------------------------------------------------------ */

int live_call_fds(struct live_engine *le, int l, const struct agent_cmd *cmd,
		  const int *fds, int nfds, struct agent_reply *rep,
		  bool may_end, bool *gone)
{
	int ret;
	ssize_t n;

	if (gone)
		*gone = false;
	ret = live_unpark(le, l);
	if (ret)
		goto out_fail;
	if (le->lab[l].chan < 0)
		return -EPIPE;
	live_lru_front(le, l);
	ret = live_send_fds(le->lab[l].chan, cmd, fds, nfds);
	if (ret && !(may_end && ret == -EPIPE))
		goto out_fail;
	n = ret ? 0 : live_recv(le->lab[l].chan, rep, sizeof(*rep), NULL, 0,
				le->cfg.reply_timeout_ms);
	if (n > 0)
		return 0;
	ret = n ? (int)n : -EPIPE;
	if (!n && may_end) {
		*gone = true;
		return 0;
	}
out_fail:
	live_complain(le, l, ret == -ETIMEDOUT ? "no answer from the agent of" :
		      "lost the agent of", ret);
	return ret;
}

int live_call(struct live_engine *le, int l, const struct agent_cmd *cmd,
	      int passfd, struct agent_reply *rep, bool may_end,
	      bool *gone)
{
	return live_call_fds(le, l, cmd, &passfd, passfd >= 0 ? 1 : 0, rep,
			     may_end, gone);
}

int live_vec_push(int **vec, int *n, int *cap, int v)
{
	if (*n == *cap) {
		int ncap = *cap ? *cap * 2 : 64;
		int *nv = realloc(*vec, (size_t)ncap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		*vec = nv;
		*cap = ncap;
	}
	(*vec)[(*n)++] = v;
	return 0;
}

void live_watch(struct live_engine *le, int l)
{
	if (le->lab[l].watch)
		return;
	/* Without room, it is read by no settle: say so rather than guess. */
	if (live_vec_push(&le->watchq, &le->nwatch, &le->cap_watch, l)) {
		le->watch_lost = true;
		return;
	}
	le->lab[l].watch = true;
}

void live_watch_orphans(struct live_engine *le, int l)
{
	for (int z = le->lab[l].zkids; z >= 0; z = le->lab[z].znext)
		live_watch(le, z);
}

/* Take z out of its zparent's list of zombie children. */
static void live_zunlink(struct live_engine *le, int z)
{
	struct live_label *lab = &le->lab[z];

	if (lab->zparent >= 0) {
		if (lab->zprev >= 0)
			le->lab[lab->zprev].znext = lab->znext;
		else
			le->lab[lab->zparent].zkids = lab->znext;
		if (lab->znext >= 0)
			le->lab[lab->znext].zprev = lab->zprev;
	}
	lab->zparent = LABEL_NONE;
	lab->zprev = lab->znext = -1;
}

void live_set_zparent(struct live_engine *le, int z, int parent)
{
	struct live_label *lab = &le->lab[z];

	if (lab->zparent == parent)
		return;
	live_zunlink(le, z);
	lab->zparent = parent;
	if (parent >= 0) {
		lab->znext = le->lab[parent].zkids;
		if (lab->znext >= 0)
			le->lab[lab->znext].zprev = z;
		le->lab[parent].zkids = z;
	}
}

int live_track(struct live_engine *le, int l)
{
	struct live_label *lab = &le->lab[l];
	struct live_ns *ns = &le->nst.ns[lab->ns];
	int nr = lab->nspid.nr[0];

	lab->zparent = LABEL_NONE;
	lab->zprev = lab->znext = lab->zkids = -1;
	lab->gnext = -1;
	lab->gtail = l;
	lab->lru_prev = lab->lru_next = -1;
	lab->parked = false;
	if (nr >= le->cap_pidmap) {
		int cap = le->cap_pidmap ? le->cap_pidmap : 1024;
		int *m;

		while (cap <= nr)
			cap *= 2;
		m = realloc(le->pidmap, (size_t)cap * sizeof(*m));
		if (!m)
			return -ENOMEM;
		for (int i = le->cap_pidmap; i < cap; i++)
			m[i] = -1;
		le->pidmap = m;
		le->cap_pidmap = cap;
	}
	if (live_is_init(le, l) &&
	    live_vec_push(&le->inits, &le->ninits, &le->cap_inits, l))
		return -ENOMEM;
	le->pidmap[nr] = l;
	/* The namespace's living labels, newest first. */
	lab->nsprev = -1;
	lab->nsnext = ns->members;
	if (ns->members >= 0)
		le->lab[ns->members].nsprev = l;
	ns->members = l;
	if (lab->thread) {
		struct live_label *leader = &le->lab[lab->leader];

		le->lab[leader->gtail].gnext = l;
		leader->gtail = l;
	}
	return 0;
}

/* Give a stack back to the pool (*stack becomes 0). */
void live_stack_put(struct live_engine *le, uint64_t *stack)
{
	if (le->nstacks == le->cap_stacks) {
		int cap = le->cap_stacks ? le->cap_stacks * 2 : 64;
		uint64_t *n = realloc(le->stacks, cap * sizeof(*n));

		if (!n)
			return;	/* the agent makes a new one instead */
		le->stacks = n;
		le->cap_stacks = cap;
	}
	le->stacks[le->nstacks++] = *stack;
	*stack = 0;
}

void live_mark(struct live_engine *le, int l, enum proc_state st)
{
	struct live_label *lab = &le->lab[l];
	enum proc_state was = lab->state;

	lab->state = st;
	if (st == was)
		return;
	if (st == PS_EXITING)
		live_vec_push(&le->exitq, &le->nexit, &le->cap_exit, l);
	if (st == PS_REAPED && lab->created) {
		struct live_ns *ns = &le->nst.ns[lab->ns];

		if (lab->nsprev >= 0)
			le->lab[lab->nsprev].nsnext = lab->nsnext;
		else
			ns->members = lab->nsnext;
		if (lab->nsnext >= 0)
			le->lab[lab->nsnext].nsprev = lab->nsprev;
		lab->nsprev = lab->nsnext = -1;
		live_zunlink(le, l);
	}
	if (st != PS_RUNNING)
		live_chan_close(le, l);	/* a parked one went with its agent */
	if (st == PS_REAPED && lab->pidfd >= 0) {
		close(lab->pidfd);
		lab->pidfd = -1;
	}
	/* Released: nothing will ever run on its stack again. */
	if (st == PS_REAPED && lab->stack)
		live_stack_put(le, &lab->stack);
}

/*
 * The numbers of thread tid (its number in its own namespace) of the group
 * that leader leads, from the trace root down: the one task of the group
 * whose innermost number is tid. (A thread's agent sends no pidfd:
 * pidfd_open() of a thread needs PIDFD_THREAD, which 6.9 introduced.)
 */
static int live_thread_nspid(struct live_engine *le, int leader, int tid,
			     struct nspid *out)
{
	char path[64], buf[2048];
	struct dirent *d;
	DIR *dir;
	int fd, ret = -ESRCH;

	snprintf(path, sizeof(path), "%d/task", le->lab[leader].nspid.nr[0]);
	fd = openat(le->root.procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -errno;
	}
	while ((d = readdir(dir))) {
		struct nspid ns;
		ssize_t n;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%.20s/status", d->d_name);
		n = live_read_at(dirfd(dir), path, buf, sizeof(buf));
		if (n < 0 || live_parse_levels(buf, "NSpid", &ns))
			continue;	/* gone meanwhile: not the new one */
		if (ns.nr[ns.n - 1] == tid) {
			*out = ns;
			ret = 0;
			break;
		}
	}
	closedir(dir);
	return ret;
}

/*
 * The numbers of a new process from the pidfd its agent sent (fd is
 * closed): as our /proc shows them, checked against the trace root's.
 */
static int live_process_nspid(struct live_engine *le, int fd, struct nspid *out,
			      int *host_pid)
{
	char path[64], buf[2048];
	struct nspid host;
	ssize_t n;
	int ret;

	ret = live_pidfd_nspid(fd, &host);
	close(fd);
	if (ret || host.n <= le->root.skip)
		return ret ? ret : -EPROTO;
	snprintf(path, sizeof(path), "%d/status", host.nr[le->root.skip]);
	n = live_read_at(le->root.procfd, path, buf, sizeof(buf));
	ret = n < 0 ? (int)n : live_parse_levels(buf, "NSpid", out);
	if (ret)
		return ret;
	/* Both views are the kernel's; they must agree. */
	if (out->n != host.n - le->root.skip ||
	    memcmp(out->nr, host.nr + le->root.skip, out->n * sizeof(int)))
		return -EPROTO;
	*host_pid = host.nr[0];
	return 0;
}

/*
 * Take in the agent that a successful clone made for label c (tid: the
 * clone's result, its number in its creator's namespace): its hello, its
 * numbers (from the trace root's /proc) and its namespace. No descriptor
 * is kept but the channel: a label's number names it for as long as the
 * number map says so (live_engine.h).
 */
int live_adopt(struct live_engine *le, int c, int chan, bool thread,
	       int leader, uint64_t stack, int tid)
{
	struct live_label *lab = &le->lab[c];
	struct agent_hello h;
	struct nspid ns;
	int fd, ret, host_pid = 0;
	ssize_t n;

	n = live_recv(chan, &h, sizeof(h), &fd, 1, le->cfg.reply_timeout_ms);
	if (n <= 0) {
		ret = n ? (int)n : -EPIPE;
		goto out_close;
	}
	if (h.magic != AGENT_MAGIC || h.err || (fd < 0 && !thread)) {
		ret = h.err ? h.err : -EPROTO;
		if (fd >= 0)
			close(fd);
		goto out_close;
	}
	if (fd >= 0)
		ret = live_process_nspid(le, fd, &ns, &host_pid);
	else
		ret = live_thread_nspid(le, leader, tid, &ns);
	if (ret)
		goto out_close;
	*lab = (struct live_label){
		.created = true, .thread = thread, .state = PS_RUNNING,
		.chan = chan, .pidfd = -1, .leader = thread ? leader : c,
		.zparent = LABEL_NONE, .stack = stack, .nspid = ns,
		.host_pid = host_pid,
	};
	ret = live_ns_of(le, c, "pid");
	if (ret < 0)
		goto out_undo;
	if (le->nst.ns[ret].level != ns.n - 1) {
		ret = -EPROTO;
		goto out_undo;
	}
	lab->ns = ret;
	lab->pfc_level = ns.n - 1;	/* a new task's pid_for_children is its own */
	ret = live_track(le, c);
	if (ret)
		goto out_undo;
	live_chan_opened(le, c);
	return 0;

out_undo:
	lab->created = false;
	lab->state = PS_REAPED;
	lab->chan = -1;
	lab->stack = 0;
out_close:
	close(chan);
	if (ret == -EMFILE || ret == -ENFILE)
		live_no_files(le, false);
	else
		live_complain(le, c, "could not take in the new agent", ret);
	return ret;
}

/* The namespace /proc/<label>/ns/<which> names, as an index. */
int live_ns_of(struct live_engine *le, int l, const char *which)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "%d/ns/%s", le->lab[l].nspid.nr[0], which);
	fd = openat(le->root.procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return live_ns_resolve(&le->nst, fd);
}

int live_stat_of(struct live_engine *le, int l, struct live_stat *ps)
{
	char path[64], buf[2048];
	ssize_t n;

	snprintf(path, sizeof(path), "%d/stat", le->lab[l].nspid.nr[0]);
	n = live_read_at(le->root.procfd, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return live_parse_stat(buf, ps);
}

/* l's parent, as a label (LABEL_NONE outside the trace root). */
int live_parent(struct live_engine *le, int l, int *parent)
{
	char path[64], buf[2048];
	long long ppid;
	ssize_t n;
	int ret;

	snprintf(path, sizeof(path), "%d/status", le->lab[l].nspid.nr[0]);
	n = live_read_at(le->root.procfd, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	ret = live_parse_field(buf, "PPid", &ppid);
	if (ret)
		return ret;
	*parent = LABEL_NONE;
	if (!ppid)
		return 0;	/* outside the trace root: init's parent */
	/* A parent is alive: its number is its own, and it leads its group. */
	ret = ppid <= INT32_MAX ? live_by_nr(le, (int)ppid) : -1;
	if (ret < 0 || le->lab[ret].thread || le->lab[ret].state == PS_REAPED)
		return -EPROTO;
	*parent = ret;
	return 0;
}
