/*
 * live.c - struct engine_ops on the real kernel (the interface is
 * engine_live.h, which live_root.c also implements: the probe, the agent):
 * what each statement does, what an expectation reads, and the life of a
 * trace from begin() to end().
 *
 * Every label that a successful fork/clone introduced is an agent: a real
 * process or thread, commanded over its channel (agent_proto.h,
 * live_agents.c). Namespaces are known by identity (live_ns.c). After a
 * statement that may leave the kernel working (exit, kill, wait) the tree
 * is settled (live_settle.c) before anything is read.
 *
 * One CPU: each statement is a ping-pong between this process and an agent,
 * and waking a second, idle CPU for each message costs more than the work
 * itself (about 0.7 ms per fork on a 2-CPU virtual machine, against 0.02 ms
 * on one CPU). So while a trace runs, this process and, by inheritance,
 * every agent stay on the CPU it was running on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/engine/live/engine_live.h"
#include "sim/engine/live/live_agents.h"
#include "sim/engine/live/live_chan.h"
#include "sim/engine/live/live_proc.h"
#include "sim/engine/live/live_settle.h"
#include "sim/engine/live/live_stuck.h"

#define LIVE_PID_MAX_ROOT	32768
#define LIVE_TIMEOUT_DEFAULT	10000
#define LIVE_FD_MARGIN		256	/* descriptors kept for all but channels */

static struct live_engine *to_live(struct engine *e)
{
	return (struct live_engine *)e;
}

const char *live_name(const struct live_engine *le, int l, char *buf,
		      size_t len)
{
	if (le->names && le->names[l])
		return le->names[l];
	snprintf(buf, len, "#%d", l);
	return buf;
}

void live_complain(const struct live_engine *le, int l, const char *what,
		   int err)
{
	char nb[16];

	if (err == -EINTR && live_stopping())
		return;		/* said once, by live_stopped() */
	if (le->quiet)
		return;		/* a teardown: agents may be gone already */
	fprintf(stderr, "pidsim: live: %s %s: %s\n", what,
		l >= 0 ? live_name(le, l, nb, sizeof(nb)) : "", strerror(-err));
}

/* A signal asked us to stop: say so once, and stop (-EINTR). */
int live_stopped(struct live_engine *le)
{
	if (!le->said_stop)
		fprintf(stderr, "pidsim: live: %s: taking the trace down\n",
			strsignal(live_stopping()));
	le->said_stop = true;
	return -EINTR;
}

/*
 * Does this kernel keep pid_max per namespace (6.14+)? Before, it is one
 * value for the whole machine, which a trace may not change: pid_max
 * statements are then skipped (ENGINE_SKIP_PID_MAX), by the model too in
 * a comparison. PIDSIM_LIVE_GLOBAL_PID_MAX=1 makes a newer kernel behave
 * as an older one here, so that the rule can be tested on it.
 */
static bool live_pid_max_supported(char *release, size_t len)
{
	const char *force = getenv("PIDSIM_LIVE_GLOBAL_PID_MAX");
	int major, minor;

	live_kernel_version(&major, &minor, release, len);
	if (force && !strcmp(force, "1"))
		return false;
	return major > 6 || (major == 6 && minor >= 14);
}

/*
 * Descriptors a trace of nlabels labels may need at once: a channel per
 * running process is parked when they do not fit (live_agents.h), but not
 * a thread's or a namespace's, and each label may be either; and a margin
 * for the program itself.
 */
static rlim_t live_files_needed(int nlabels)
{
	return (rlim_t)nlabels + LIVE_FD_MARGIN;
}

/*
 * Room for a big trace: the soft limit goes to the hard one, and with the
 * privilege (CAP_SYS_RESOURCE) both go up to what the trace may need.
 * Returns the soft limit now in force (0 when unknown).
 */
static rlim_t live_raise_nofile(int nlabels)
{
	rlim_t want = live_files_needed(nlabels);
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 0;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_max != RLIM_INFINITY &&
	    rl.rlim_max < want) {
		struct rlimit more = { want, want };

		if (!setrlimit(RLIMIT_NOFILE, &more))
			return want;
	}
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	return getrlimit(RLIMIT_NOFILE, &rl) ? 0 : rl.rlim_cur;
}

void live_no_files(struct live_engine *le, bool before)
{
	struct rlimit rl = { 0, 0 };

	getrlimit(RLIMIT_NOFILE, &rl);
	fprintf(stderr, "pidsim: live: %s file descriptors (the limit is %llu): a "
		"trace of %d labels needs up to %llu, one per thread and per PID "
		"namespace (processes beyond that share); raise the limit (ulimit -n "
		"%llu; above the hard limit that takes CAP_SYS_RESOURCE, and "
		"fs.nr_open above that)\n",
		before ? "this trace may run out of" : "out of",
		(unsigned long long)rl.rlim_cur, le->nlabels,
		(unsigned long long)live_files_needed(le->nlabels),
		(unsigned long long)live_files_needed(le->nlabels));
}

/* ---- namespaces ------------------------------------------------------ */

/* Register the trace root's namespace: index 0, level 0. */
static int live_ns_root(struct live_engine *le)
{
	struct stat sb;
	int fd, ret;

	fd = openat(le->root.procfd, "1/ns/pid", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb)) {
		close(fd);
		return -errno;
	}
	ret = live_ns_add(&le->nst, sb.st_dev, sb.st_ino, fd, -1);
	return ret < 0 ? ret : 0;
}

/* ---- statements ------------------------------------------------------ */

static void live_res_ret(struct result *res, long ret)
{
	if (ret < 0) {
		res->kind = OC_ERRNO;
		res->err = (int)-ret;
	} else {
		res->kind = OC_OK;
	}
}

static void live_res_err(struct result *res, int err)
{
	res->kind = OC_ERRNO;
	res->err = err;
}

static int live_do_clone(struct live_engine *le, const struct stmt *st,
			 struct result *res)
{
	int p = st->label[0], c = st->label[1];
	struct agent_cmd cmd = { .op = AOP_CLONE, .exit_signal = SIGCHLD };
	struct agent_reply rep;
	bool thread = st->op == OP_CLONE && (st->flags & STMT_THREAD);
	int sv[2], ret;

	/*
	 * Every agent shares the trace root's memory (agent_proto.h): a fork
	 * is then as cheap as a thread, and nothing a trace can observe
	 * changes.
	 */
	cmd.flags = CLONE_VM;
	if (le->nstacks && !le->lab[p].own_mm)
		cmd.stack = le->stacks[--le->nstacks];
	if (st->op == OP_CLONE) {
		if (st->flags & STMT_NEWPID)
			cmd.flags |= CLONE_NEWPID;
		if (thread)
			cmd.flags |= CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
		if (st->flags & STMT_PARENT)
			cmd.flags |= CLONE_PARENT;
		/* clone3 wants 0 here: the kernel takes the parent's own. */
		if (cmd.flags & (CLONE_THREAD | CLONE_PARENT))
			cmd.exit_signal = 0;
		if (st->flags & STMT_SET_TID) {
			int rel = le->lab[p].pfc_level +
				  ((st->flags & STMT_NEWPID) ? 1 : 0);
			int n = st->set_tid_size;

			/* Runner rule 3: never reach the host's levels. */
			if (rel + 1 < n && n <= rel + 1 + (int)le->root.base_level) {
				res->kind = OC_SKIPPED;
				ret = 0;
				goto out_stack;
			}
			cmd.set_tid_size = n;
			memcpy(cmd.set_tid, st->set_tid, n * sizeof(int));
		}
	}
	live_chan_room(le);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		ret = -errno;
		if (ret == -EMFILE || ret == -ENFILE)
			live_no_files(le, false);
		goto out_stack;
	}
	/* A process keeps our end too, so that its channel can be parked. */
	if (!thread) {
		int both[2] = { sv[1], sv[0] };

		ret = live_call_fds(le, p, &cmd, both, 2, &rep, false, NULL);
	} else {
		ret = live_call_fds(le, p, &cmd, sv + 1, 1, &rep, false, NULL);
	}
	close(sv[1]);
	if (ret) {
		close(sv[0]);
		goto out_stack;
	}
	if (rep.ret < 0) {
		close(sv[0]);
		live_res_ret(res, rep.ret);
		goto out_stack;
	}
	/* after an exec, P's memory is its own: its stacks stay there */
	ret = live_adopt(le, c, sv[0], thread, le->lab[p].leader,
			 le->lab[p].own_mm ? 0 : rep.stack, (int)rep.ret);
	if (ret)
		return ret;
	le->lab[c].own_mm = le->lab[p].own_mm;
	res->kind = OC_NSPID;
	res->nspid = le->lab[c].nspid;
	return 0;

out_stack:
	/* Not used: a stack from the pool goes back to it. */
	if (cmd.stack)
		live_stack_put(le, &cmd.stack);
	return ret;
}

static int live_do_setns(struct live_engine *le, const struct stmt *st,
			 struct result *res)
{
	int p = st->label[0], t = st->label[1];
	bool children = st->flags & STMT_CHILDREN;
	struct agent_cmd cmd = { .op = AOP_SETNS, .arg2 = children };
	struct agent_reply rep;
	int ret;

	if (le->lab[t].state == PS_REAPED) {
		live_res_err(res, ENOENT);	/* there is no /proc/T */
		return 0;
	}
	cmd.arg = le->lab[t].nspid.nr[0];
	ret = live_call(le, p, &cmd, -1, &rep, false, NULL);
	if (ret)
		return ret;
	live_res_ret(res, rep.ret);
	if (rep.ret < 0)
		return 0;
	ret = live_ns_of(le, p, "pid_for_children");
	if (ret < 0) {
		live_complain(le, p, "reading pid_for_children of", ret);
		return ret;
	}
	le->lab[p].pfc_level = le->nst.ns[ret].level;
	return 0;
}

/* Wait until each running member of l's thread group has left. */
static int live_wait_group_gone(struct live_engine *le, int l)
{
	int leader = le->lab[l].leader, ret;

	for (int i = leader; i >= 0; i = le->lab[i].gnext) {
		struct live_label *lab = &le->lab[i];

		if (lab->chan < 0)
			continue;
		ret = live_wait_eof(lab->chan, le->cfg.settle_timeout_ms);
		if (ret) {
			live_complain(le, i, "an exiting agent did not exit:", ret);
			return ret;
		}
		live_chan_close(le, i);
	}
	return 0;
}

/* Is l the one running member of its thread group? */
static bool live_last_thread(struct live_engine *le, int l)
{
	for (int i = le->lab[l].leader; i >= 0; i = le->lab[i].gnext)
		if (i != l && le->lab[i].state == PS_RUNNING)
			return false;
	return true;
}

static int live_do_exit(struct live_engine *le, const struct stmt *st,
			struct result *res)
{
	int p = st->label[0], ret;
	struct live_label *lab = &le->lab[p];
	bool alone = lab->thread || (st->flags & STMT_EXIT_THREAD);
	struct agent_cmd cmd = { .op = AOP_EXIT, .arg = alone };
	/* the last thread of a group whose leader exited alone ends the
	 * group: a namespace init's takes its namespace down */
	bool ends = !alone || live_last_thread(le, p);

	ret = live_check_doom(le, st, p, !ends);
	if (ret)
		return ret;
	/* Each channel must be ours to see its end-of-file. */
	ret = alone ? live_unpark(le, p) : live_unpark_group(le, p);
	if (!ret)
		ret = live_send(lab->chan, &cmd, -1);
	if (ret && ret != -EPIPE) {
		live_complain(le, p, "lost the agent of", ret);
		return ret;
	}
	if (alone) {
		ret = live_wait_eof(lab->chan, le->cfg.settle_timeout_ms);
		if (ret) {
			live_complain(le, p, "an exiting agent did not exit:", ret);
			return ret;
		}
		live_chan_close(le, p);
		if (ends)
			live_watch_group(le, p);
		else
			live_watch(le, p);
	} else {
		/* exit_group: every thread leaves, each closing its channel. */
		ret = live_wait_group_gone(le, p);
		if (ret)
			return ret;
		live_watch_group(le, p);
	}
	res->kind = OC_OK;
	return live_settle(le);
}

/*
 * kill P -G [SIG] (kill(-pgid)) and kill P all [SIG] (kill(-1)): any
 * number of groups may die, P's own among them for a group kill, so every
 * label is read again afterwards. The check for inits the kernel could
 * never take down (live_check_doom) is not made here.
 */
static int live_group_held(struct live_engine *le, int g, bool *held);

/*
 * Send cmd from P, whose own thread group the call may end (may_end: a
 * signal to its own group): P then cannot answer, and its group's exit is
 * waited for instead (res: ok). Returns 0 to go on (settle), 1 when the
 * statement is over (res holds the error P was answered), or -errno.
 */
static int live_call_may_end(struct live_engine *le, int p,
			     const struct agent_cmd *cmd, bool may_end,
			     struct result *res)
{
	struct agent_reply rep;
	bool gone;
	int ret = may_end ? live_unpark_group(le, p) : 0;

	if (!ret)
		ret = live_call(le, p, cmd, -1, &rep, may_end, &gone);
	if (ret)
		return ret;
	if (gone) {
		res->kind = OC_OK;
		return live_wait_group_gone(le, p);
	}
	live_res_ret(res, rep.ret);
	return rep.ret < 0 ? 1 : 0;
}

static int live_do_kill_many(struct live_engine *le, const struct stmt *st,
			     struct result *res)
{
	int p = st->label[0], g = st->label[1];
	struct agent_cmd cmd = { .op = AOP_KILL, .arg2 = st->sig, .arg = -1 };
	bool pgrp = st->flags & STMT_PGRP;
	int ret;

	if (pgrp) {
		if (le->lab[g].state == PS_REAPED) {
			bool held;

			ret = live_group_held(le, g, &held);
			if (ret)
				return ret;
			if (!held) {
				live_res_err(res, ESRCH);	/* no such group */
				return 0;
			}
		}
		cmd.arg = -live_pid_in(le, g, le->lab[p].ns);
		if (!cmd.arg) {
			live_res_err(res, ESRCH);	/* not visible from P */
			return 0;
		}
	}
	/* P's own group may go: its channels must be ours to see it */
	ret = live_call_may_end(le, p, &cmd, pgrp, res);
	if (ret)
		return ret < 0 ? ret : 0;
	for (int i = 0; i < le->nlabels; i++)
		if (le->lab[i].created && le->lab[i].state != PS_REAPED)
			live_watch(le, i);
	return live_settle(le);
}

static int live_do_kill(struct live_engine *le, const struct stmt *st,
			struct result *res)
{
	int p = st->label[0], t = st->label[1];
	struct agent_cmd cmd = { .op = AOP_KILL, .arg2 = st->sig };
	bool self;
	int ret;

	if (st->flags & (STMT_PGRP | STMT_ALL))
		return live_do_kill_many(le, st, res);
	if (le->lab[t].state == PS_REAPED) {
		live_res_err(res, ESRCH);
		return 0;
	}
	cmd.arg = live_pid_in(le, t, le->lab[p].ns);
	if (!cmd.arg) {
		live_res_err(res, ESRCH);	/* not visible from P */
		return 0;
	}
	self = le->lab[t].leader == le->lab[p].leader;
	/* SIGKILL from inside to its own namespace's init is ignored, and
	 * so is any other signal to an init, from anywhere */
	if (!(live_is_init(le, le->lab[t].leader) &&
	      ((st->sig && st->sig != SIGKILL) ||
	       live_ns_below(&le->nst, le->lab[p].ns, le->lab[le->lab[t].leader].ns)))) {
		ret = live_check_doom(le, st, t, false);
		if (ret)
			return ret;
	}
	ret = live_call_may_end(le, p, &cmd, self, res);
	if (ret)
		return ret < 0 ? ret : 0;
	live_watch_group(le, t);
	return live_settle(le);
}

/*
 * The label of the process (a group leader, not reaped) whose number in
 * p's active namespace is nr, or -1. Children of p live in p's namespace
 * or below it.
 */
static int live_label_by_vnr(struct live_engine *le, int p, int nr)
{
	int pns = le->lab[p].ns;

	for (int n = 0; n < le->nst.n; n++) {
		if (!live_ns_below(&le->nst, n, pns))
			continue;
		for (int i = le->nst.ns[n].members; i >= 0; i = le->lab[i].nsnext)
			if (!le->lab[i].thread && live_pid_in(le, i, pns) == nr)
				return i;
	}
	return -1;
}

/* wait P any: waitpid(-1, WNOHANG); the result is the label reaped. */
static int live_do_wait_any(struct live_engine *le, const struct stmt *st,
			    struct result *res)
{
	int p = st->label[0], c;
	struct agent_cmd cmd = { .op = AOP_WAIT, .arg = -1 };
	struct agent_reply rep;
	int ret;

	ret = live_call(le, p, &cmd, -1, &rep, false, NULL);
	if (ret)
		return ret;
	if (rep.ret == 0) {
		res->kind = OC_RUNNING;
		return 0;
	}
	if (rep.ret < 0) {
		live_res_ret(res, rep.ret);
		return 0;
	}
	c = live_label_by_vnr(le, p, (int)rep.ret);
	if (c < 0) {
		live_complain(le, p, "waitpid(-1) reaped a process no label names, by",
			      -EPROTO);
		return -EPROTO;
	}
	res->kind = OC_LABEL;
	res->label = c;
	live_watch(le, c);
	return live_settle(le);
}

static int live_do_wait(struct live_engine *le, const struct stmt *st,
			struct result *res)
{
	int p = st->label[0], c = st->label[1];
	struct agent_cmd cmd = { .op = AOP_WAIT };
	struct agent_reply rep;
	int ret;

	if (st->flags & STMT_ANY)
		return live_do_wait_any(le, st, res);
	if (le->lab[c].state == PS_REAPED) {
		live_res_err(res, ECHILD);
		return 0;
	}
	cmd.arg = live_pid_in(le, c, le->lab[p].ns);
	if (!cmd.arg) {
		live_res_err(res, ECHILD);	/* it cannot be P's child */
		return 0;
	}
	ret = live_call(le, p, &cmd, -1, &rep, false, NULL);
	if (ret)
		return ret;
	if (rep.ret == 0) {
		res->kind = OC_RUNNING;
		return 0;
	}
	live_res_ret(res, rep.ret);
	if (rep.ret < 0)
		return 0;
	live_watch(le, c);
	return live_settle(le);
}

/*
 * Does the struct pid that reaped label g had still hold its number, as
 * some process's group or session? Only then may the number be sent: while
 * it is held it cannot have been given to anyone else.
 */
static int live_group_held(struct live_engine *le, int g, bool *held)
{
	int nr = le->lab[g].nspid.nr[0];
	char path[64], buf[2048];
	struct live_stat ps;

	*held = false;
	/* A later label with the same number got it after g's was freed. */
	if (live_by_nr(le, nr) != g)
		return 0;
	/* Every living label, namespace by namespace. */
	for (int n = 0; n < le->nst.n; n++) {
		for (int i = le->nst.ns[n].members; i >= 0; i = le->lab[i].nsnext) {
			ssize_t got;

			snprintf(path, sizeof(path), "%d/stat", le->lab[i].nspid.nr[0]);
			got = live_read_at(le->root.procfd, path, buf, sizeof(buf));
			if (got < 0)
				return (int)got;
			if (live_parse_stat(buf, &ps))
				return -EPROTO;
			if (ps.pgrp == nr || ps.session == nr) {
				*held = true;
				return 0;
			}
		}
	}
	return 0;
}

/* A statement that is one call to P's agent, whose answer is the result. */
static int live_simple(struct live_engine *le, int p, struct agent_cmd *cmd,
		       struct result *res)
{
	struct agent_reply rep;
	int ret = live_call(le, p, cmd, -1, &rep, false, NULL);

	if (ret)
		return ret;
	live_res_ret(res, rep.ret);
	return 0;
}

static int live_do_setpgid(struct live_engine *le, const struct stmt *st,
			   struct result *res)
{
	int p = st->label[0], g = st->label[1];
	struct agent_cmd cmd = { .op = AOP_SETPGID };
	int ret;

	/* a group that is gone is gone for everyone: EPERM before ESRCH */
	if (le->lab[g].state == PS_REAPED) {
		bool held;

		ret = live_group_held(le, g, &held);
		if (ret)
			return ret;
		if (!held) {
			live_res_err(res, EPERM);	/* no such group any more */
			return 0;
		}
	}
	cmd.arg = live_pid_in(le, g, le->lab[p].ns);
	if (!cmd.arg) {
		live_res_err(res, ESRCH);	/* 0 would mean P's own pid */
		return 0;
	}
	if (st->flags & STMT_WHO) {
		/* setpgid P C G: C's number as P sees it */
		int c = st->label[2];

		cmd.arg2 = le->lab[c].state == PS_REAPED ? 0 :
			   live_pid_in(le, c, le->lab[p].ns);
		if (!cmd.arg2) {
			live_res_err(res, ESRCH);
			return 0;
		}
	}
	return live_simple(le, p, &cmd, res);
}

/*
 * exec P: the agent execs itself. de_thread() has killed and released the
 * other threads of P's group by the time the new image says hello; when P
 * was not the leader it now holds the leader's pid, the leader's label is
 * reaped and P's old number is free.
 */
static int live_do_exec(struct live_engine *le, const struct stmt *st,
			struct result *res)
{
	int p = st->label[0], leader = le->lab[p].leader, fd = -1, ret;
	struct agent_cmd cmd = { .op = AOP_EXEC };
	struct live_label *lab = &le->lab[p];
	struct agent_hello h;
	struct nspid host;
	ssize_t n;

	/* the other threads die: each channel must be ours to see it */
	ret = live_unpark_group(le, p);
	if (!ret)
		ret = live_send(lab->chan, &cmd, -1);
	if (ret) {
		live_complain(le, p, "lost the agent of", ret);
		return ret;
	}
	n = live_recv(lab->chan, &h, sizeof(h), &fd, 1, le->cfg.reply_timeout_ms);
	if (n <= 0 || h.magic != AGENT_MAGIC) {
		ret = n < 0 ? (int)n : -EPROTO;
		goto out_fail;
	}
	if (h.err) {
		if (fd >= 0)
			close(fd);
		live_res_err(res, -h.err);	/* execve() failed */
		return 0;
	}
	ret = fd < 0 ? -EPROTO : live_pidfd_nspid(fd, &host);
	if (ret || host.n - le->root.skip != lab->nspid.n)
		goto out_fail;
	/* the other threads are gone: their channels are closed */
	for (int i = leader; i >= 0; i = le->lab[i].gnext) {
		if (i == p || le->lab[i].chan < 0)
			continue;
		ret = live_wait_eof(le->lab[i].chan, le->cfg.settle_timeout_ms);
		if (ret)
			goto out_fail;
	}
	for (int i = leader, next; i >= 0; i = next) {
		next = le->lab[i].gnext;
		if (i != p)
			live_mark(le, i, PS_REAPED);
	}
	close(lab->pidfd);
	lab->pidfd = fd;
	if (p != leader) {
		if (live_by_nr(le, lab->nspid.nr[0]) == p)
			le->pidmap[lab->nspid.nr[0]] = -1;	/* freed */
		memcpy(lab->nspid.nr, host.nr + le->root.skip,
		       (size_t)lab->nspid.n * sizeof(int));
		le->pidmap[lab->nspid.nr[0]] = p;
		if (live_is_init(le, p) &&
		    live_vec_push(&le->inits, &le->ninits, &le->cap_inits, p))
			return -ENOMEM;
		live_watch_orphans(le, leader);
	}
	lab->thread = false;
	lab->leader = p;
	lab->gnext = -1;
	lab->gtail = p;
	/* nothing runs on its old stack in the trace's memory any more */
	if (!lab->own_mm && lab->stack)
		live_stack_put(le, &lab->stack);
	lab->stack = 0;
	lab->own_mm = true;
	res->kind = OC_OK;
	live_watch(le, p);
	return live_settle(le);

out_fail:
	if (fd >= 0)
		close(fd);
	live_complain(le, p, "exec went wrong in", ret ? ret : -EPROTO);
	return ret ? ret : -EPROTO;
}

static int live_exec(struct engine *e, const struct stmt *st,
		     struct result *res)
{
	struct live_engine *le = to_live(e);
	int p = st->label[0], ret = 0;
	struct agent_cmd cmd = { 0 };
	double t0 = live_now_ms();

	result_clear(res);
	if (!le->active)
		return -ENOTCONN;
	if (live_stopping())
		return live_stopped(le);
	if (p < 0 || p >= le->nlabels || st->op == OP_EXPECT)
		return -EINVAL;
	if (le->lab[p].state != PS_RUNNING) {
		live_res_err(res, ESRCH);
		goto out;
	}
	switch (st->op) {
	case OP_FORK:
	case OP_CLONE:
		ret = live_do_clone(le, st, res);
		break;
	case OP_UNSHARE:
		cmd.op = AOP_UNSHARE;
		cmd.flags = CLONE_NEWPID;
		ret = live_simple(le, p, &cmd, res);
		if (!ret && res->kind == OC_OK)
			le->lab[p].pfc_level = le->nst.ns[le->lab[p].ns].level + 1;
		break;
	case OP_SETNS:
		ret = live_do_setns(le, st, res);
		break;
	case OP_EXIT:
		ret = live_do_exit(le, st, res);
		break;
	case OP_KILL:
		ret = live_do_kill(le, st, res);
		break;
	case OP_WAIT:
		ret = live_do_wait(le, st, res);
		break;
	case OP_SETSID:
		ret = live_check_stuck(le, st, p);
		if (ret)
			break;
		cmd.op = AOP_SETSID;
		ret = live_simple(le, p, &cmd, res);
		break;
	case OP_SETPGID:
		ret = live_do_setpgid(le, st, res);
		break;
	case OP_SUBREAPER:
		cmd.op = AOP_SUBREAPER;
		ret = live_simple(le, p, &cmd, res);
		break;
	case OP_SIGCHLD:
		cmd.op = AOP_SIGCHLD;
		cmd.arg = (st->flags & STMT_IGNORE) != 0;
		ret = live_simple(le, p, &cmd, res);
		break;
	case OP_EXEC:
		ret = live_do_exec(le, st, res);
		break;
	case OP_NS_LAST_PID:
		cmd.op = AOP_SYSCTL_WRITE;
		cmd.arg = ASYS_NS_LAST_PID;
		cmd.arg2 = st->value;
		ret = live_simple(le, p, &cmd, res);
		break;
	case OP_PID_MAX:
		if (!le->pid_max_per_ns) {
			res->kind = OC_SKIPPED;	/* it would change the host */
			break;
		}
		cmd.op = AOP_SYSCTL_WRITE;
		cmd.arg = ASYS_PID_MAX;
		cmd.arg2 = st->value;
		ret = live_simple(le, p, &cmd, res);
		break;
	default:
		ret = -EINVAL;
		break;
	}
out:
	le->stmts++;
	le->busy_ms += live_now_ms() - t0;
	return ret;
}

/* ---- observations ---------------------------------------------------- */

static int live_observe(struct engine *e, int l, const struct expect_pair *pair,
			struct observation *obs)
{
	struct live_engine *le = to_live(e);
	struct live_label *lab;
	struct agent_cmd cmd = { 0 };
	struct agent_reply rep;
	double t0 = live_now_ms();
	int ret = 0;

	memset(obs, 0, sizeof(*obs));
	obs->label = LABEL_NONE;
	if (!le->active)
		return -ENOTCONN;
	if (live_stopping())
		return live_stopped(le);
	if (l < 0 || l >= le->nlabels)
		return -EINVAL;
	lab = &le->lab[l];
	if (!lab->created) {
		obs->err = ESRCH;
		goto out;
	}
	switch (pair->key) {
	case EK_STATE:
		obs->state = lab->state;
		break;
	case EK_NSPID:
		if (lab->state == PS_REAPED)
			obs->err = ESRCH;
		else
			obs->nspid = lab->nspid;
		break;
	case EK_PARENT:
		if (lab->state == PS_REAPED) {
			obs->err = ESRCH;
			break;
		}
		ret = live_parent(le, l, &obs->label);
		if (ret)
			live_complain(le, l, "reading the parent of", ret);
		break;
	case EK_PID_AT:
		if (lab->state == PS_REAPED || pair->label < 0 ||
		    pair->label >= le->nlabels || !le->lab[pair->label].created) {
			obs->err = ESRCH;
			break;
		}
		obs->value = live_pid_in(le, l, le->lab[pair->label].ns);
		break;
	case EK_PPID:
	case EK_PGID:
	case EK_SID:
	case EK_LAST_PID:
	case EK_PID_MAX:
		/* Only P itself can ask the kernel these. */
		if (lab->state != PS_RUNNING) {
			obs->err = ESRCH;
			break;
		}
		if (pair->key == EK_LAST_PID || pair->key == EK_PID_MAX) {
			cmd.op = AOP_SYSCTL_READ;
			cmd.arg = pair->key == EK_LAST_PID ? ASYS_NS_LAST_PID :
							      ASYS_PID_MAX;
		} else {
			cmd.op = AOP_GETIDS;
		}
		ret = live_call(le, l, &cmd, -1, &rep, false, NULL);
		if (ret)
			break;
		if (rep.ret < 0)
			obs->err = (int)-rep.ret;
		else if (pair->key == EK_PPID)
			obs->value = rep.v[0];
		else if (pair->key == EK_PGID)
			obs->value = rep.v[1];
		else if (pair->key == EK_SID)
			obs->value = rep.v[2];
		else
			obs->value = rep.v[0];
		break;
	}
out:
	le->busy_ms += live_now_ms() - t0;
	return ret;
}

static enum proc_state live_state(struct engine *e, int l)
{
	struct live_engine *le = to_live(e);

	if (!le->active || l < 0 || l >= le->nlabels || !le->lab[l].created)
		return PS_REAPED;
	return le->lab[l].state;
}

/* ---- world ----------------------------------------------------------- */

static void live_release(struct live_engine *le)
{
	for (int i = 0; i < le->nlabels; i++) {
		if (le->lab[i].chan >= 0)
			close(le->lab[i].chan);
		if (le->lab[i].pidfd >= 0)
			close(le->lab[i].pidfd);
	}
	free(le->lab);
	live_ns_release(&le->nst);
	free(le->stacks);
	free(le->watchq);
	free(le->exitq);
	free(le->inits);
	free(le->pidmap);
	le->lab = NULL;
	le->stacks = NULL;
	le->watchq = le->exitq = le->inits = le->pidmap = NULL;
	le->nwatch = le->cap_watch = le->nexit = le->cap_exit = 0;
	le->ninits = le->cap_inits = le->cap_pidmap = 0;
	le->watch_lost = false;
	le->nlabels = 0;
	le->nstacks = le->cap_stacks = 0;
}

/* Keep this process (and so the root and its agents) on its current CPU. */
static void live_pin(struct live_engine *le)
{
	cpu_set_t one;
	int cpu;

	if (le->cfg.spread || le->pinned)
		return;
	cpu = sched_getcpu();
	if (cpu < 0 || sched_getaffinity(0, sizeof(le->cpus), &le->cpus))
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (!sched_setaffinity(0, sizeof(one), &one))
		le->pinned = true;
}

static void live_unpin(struct live_engine *le)
{
	if (le->pinned)
		sched_setaffinity(0, sizeof(le->cpus), &le->cpus);
	le->pinned = false;
}

static void live_end(struct engine *e)
{
	struct live_engine *le = to_live(e);
	int ret;

	if (!le->active)
		return;
	le->active = false;
	/*
	 * Best effort, quietly: when a signal killed the launcher with us
	 * (its process group), the agents are already gone, and the root's
	 * death below proves the end either way.
	 */
	live_teardown_enter();
	le->quiet = true;
	live_unstick(le);
	le->quiet = false;
	live_teardown_leave();
	ret = live_root_kill(&le->root, le->cfg.settle_timeout_ms);
	if (ret)
		live_complain(le, -1, "the trace root would not die", ret);
	live_release(le);
	live_unpin(le);
}

static int live_begin(struct engine *e, const struct trace_info *info)
{
	struct live_engine *le = to_live(e);
	struct agent_cmd cmd = { .op = AOP_SYSCTL_WRITE, .arg = ASYS_PID_MAX,
				 .arg2 = LIVE_PID_MAX_ROOT };
	struct agent_reply rep;
	const char *agent;
	char why[256];
	struct live_label *init;
	rlim_t limit;
	int ret;

	live_end(e);
	le->stmts = 0;
	le->busy_ms = 0;
	le->names = info ? info->label_names : NULL;
	le->nlabels = info && info->nlabels > 0 ? info->nlabels : 1;
	le->lab = calloc(le->nlabels, sizeof(*le->lab));
	if (!le->lab)
		return -ENOMEM;
	for (int i = 0; i < le->nlabels; i++) {
		le->lab[i].state = PS_REAPED;
		le->lab[i].chan = le->lab[i].pidfd = -1;
		le->lab[i].leader = i;
	}
	limit = live_raise_nofile(le->nlabels);
	/* Channels beyond what fits are parked (live_agents.h). */
	le->fd_limit = limit > INT32_MAX ? INT32_MAX : (int)limit;
	le->lru_head = le->lru_tail = -1;
	le->nopen = 0;
	if (limit < live_files_needed(le->nlabels) && !le->said_files) {
		/* Said once, before anything runs: the run may still fit. */
		live_no_files(le, true);
		le->said_files = true;
	}
	le->pid_max_per_ns = live_pid_max_supported(NULL, 0);

	agent = le->cfg.agent_path ? le->cfg.agent_path : live_agent_path();
	if (!agent) {
		fprintf(stderr, "pidsim: live: pidsim-agent not found\n");
		ret = -ENOENT;
		goto out_free;
	}
	live_pin(le);
	ret = live_root_spawn(agent, le->cfg.reply_timeout_ms, &le->root, why,
			      sizeof(why));
	if (ret) {
		fprintf(stderr, "pidsim: live: %s\n", why);
		live_unpin(le);
		goto out_free;
	}
	le->active = true;
	init = &le->lab[LABEL_INIT];
	*init = (struct live_label){
		.created = true, .state = PS_RUNNING, .leader = LABEL_INIT,
		.chan = le->root.chan, .pidfd = le->root.pidfd,
		.zparent = LABEL_NONE, .nspid = { .n = 1, .nr = { 1 } },
	};
	/* The label table owns them from now on. */
	le->root.chan = le->root.pidfd = -1;
	ret = live_ns_root(le);
	if (!ret)
		ret = live_track(le, LABEL_INIT);
	if (ret)
		goto out_end;
	live_chan_opened(le, LABEL_INIT);
	if (le->pid_max_per_ns) {
		ret = live_call(le, LABEL_INIT, &cmd, -1, &rep, false, NULL);
		if (!ret && rep.ret < 0)
			ret = (int)rep.ret;
		if (ret) {
			live_complain(le, -1, "setting the root's pid_max", ret);
			goto out_end;
		}
	}
	return 0;

out_end:
	live_end(e);
	return ret;
out_free:
	live_release(le);
	return ret;
}

/* What running label l reads for key, or SNAP_UNKNOWN. */
static int live_read_key(struct engine *e, int l, enum expect_key key)
{
	struct expect_pair pair = { .key = key };
	struct observation obs;

	if (live_observe(e, l, &pair, &obs) || obs.err)
		return SNAP_UNKNOWN;
	return obs.value;
}

static int live_snapshot(struct engine *e, struct snapshot *snap)
{
	struct live_engine *le = to_live(e);
	int i, ret;

	if (!le->active)
		return 0;
	for (i = 0; i < le->nst.n; i++) {
		struct snap_ns n = {
			.parent = le->nst.ns[i].parent,
			.level = le->nst.ns[i].level,
			.pid_max = SNAP_UNKNOWN,
			.last_pid = SNAP_UNKNOWN,
			.accepting = 1,
		};

		/* a namespace stops taking processes when its init exits */
		for (int l = 0; l < le->nlabels; l++) {
			const struct live_label *lab = &le->lab[l];

			if (lab->created && lab->ns == i && lab->nspid.n &&
			    lab->nspid.nr[lab->nspid.n - 1] == 1 &&
			    lab->state != PS_RUNNING)
				n.accepting = 0;
		}

		/* the sysctls are read by a running member of the namespace */
		for (int l = 0; l < le->nlabels; l++) {
			if (!le->lab[l].created || le->lab[l].state != PS_RUNNING ||
			    le->lab[l].ns != i)
				continue;
			n.pid_max = live_read_key(e, l, EK_PID_MAX);
			n.last_pid = live_read_key(e, l, EK_LAST_PID);
			break;
		}
		ret = snapshot_add_ns(snap, &n);
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < le->nlabels; i++) {
		struct live_label *lab = &le->lab[i];
		struct snap_proc p = {
			.label = i, .ns = lab->ns, .state = lab->state,
			.nspid = lab->nspid, .parent = LABEL_NONE,
			.leader = lab->leader, .ppid = SNAP_UNKNOWN,
			.pgid = SNAP_UNKNOWN, .sid = SNAP_UNKNOWN,
		};

		if (!lab->created || lab->state == PS_REAPED)
			continue;
		if (live_parent(le, i, &p.parent))
			p.parent = LABEL_NONE;
		if (lab->state == PS_RUNNING) {
			p.ppid = live_read_key(e, i, EK_PPID);
			p.pgid = live_read_key(e, i, EK_PGID);
			p.sid = live_read_key(e, i, EK_SID);
		}
		ret = snapshot_add_proc(snap, &p);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static void live_destroy(struct engine *e)
{
	if (!e)
		return;
	live_end(e);
	free(e);
}

static const struct engine_ops live_ops = {
	.name = "live",
	.begin = live_begin,
	.state = live_state,
	.exec = live_exec,
	.observe = live_observe,
	.snapshot = live_snapshot,
	.end = live_end,
	.destroy = live_destroy,
};

struct engine *engine_live_new(const struct live_config *cfg)
{
	struct live_engine *le = calloc(1, sizeof(*le));

	if (!le)
		return NULL;
	le->e.ops = &live_ops;
	if (!live_pid_max_supported(NULL, 0))
		le->e.skips |= ENGINE_SKIP_PID_MAX;
	if (cfg)
		le->cfg = *cfg;
	if (!le->cfg.reply_timeout_ms)
		le->cfg.reply_timeout_ms = LIVE_TIMEOUT_DEFAULT;
	if (!le->cfg.settle_timeout_ms)
		le->cfg.settle_timeout_ms = LIVE_TIMEOUT_DEFAULT;
	le->root.launcher = le->root.host_pid = 0;
	le->root.lchan = le->root.chan = le->root.pidfd = le->root.procfd = -1;
	live_cleanup_install();
	return &le->e;
}

unsigned int engine_live_base_level(const struct engine *e)
{
	return ((const struct live_engine *)e)->root.base_level;
}

bool engine_live_pid_max_per_ns(const struct engine *e)
{
	return ((const struct live_engine *)e)->pid_max_per_ns;
}

void engine_live_stats(const struct engine *e, unsigned long long *stmts,
		       double *seconds)
{
	const struct live_engine *le = (const struct live_engine *)e;

	*stmts = le->stmts;
	*seconds = le->busy_ms / 1e3;
}

/* Are we in a user namespace other than the machine's first one? */
static bool live_in_user_ns(void)
{
	char buf[256];
	unsigned long long inside, outside, count;
	ssize_t n = live_read_at(AT_FDCWD, "/proc/self/uid_map", buf, sizeof(buf));

	if (n <= 0 || sscanf(buf, "%llu %llu %llu", &inside, &outside, &count) != 3)
		return false;
	return !(inside == 0 && outside == 0 && count == 4294967295ULL);
}

/*
 * Can the agents run SCHED_FIFO? Settling relies on it: an agent is never
 * preempted by this process, so no read ever finds a task of the trace
 * half-way through an exit (live_root.c). Without it results would be
 * wrong now and then, so the engine refuses. A child tries, so that this
 * process keeps its own policy. 0, or -errno with why set.
 */
static int live_probe_fifo(char *why, size_t len)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		struct sched_param sp = { .sched_priority = 1 };

		_exit(sched_setscheduler(0, SCHED_FIFO, &sp) ? (errno & 0x7f) : 0);
	}
	if (pid < 0)
		return -errno;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	snprintf(why, len, "the agents cannot run SCHED_FIFO here (%s), which the "
		 "live engine needs to read the kernel's state at settled moments%s",
		 WIFEXITED(status) ? strerror(WEXITSTATUS(status)) : "the probe died",
		 live_in_user_ns() ? "; this is a user namespace, where real-time "
		 "scheduling is not granted: run as root on the host" : "");
	return -EPERM;
}

int live_probe(const struct live_config *cfg, struct live_probe *p)
{
	struct live_root r;
	const char *agent;
	int ret;

	memset(p, 0, sizeof(*p));
	p->pid_max_per_ns = live_pid_max_supported(p->kernel, sizeof(p->kernel));
	if (geteuid() != 0) {
		snprintf(p->why, sizeof(p->why),
			 "live runs need root (CAP_SYS_ADMIN) to make PID namespaces");
		return -EPERM;
	}
	if (access("/proc/self", F_OK)) {
		snprintf(p->why, sizeof(p->why),
			 "/proc is not mounted (mount -t proc proc /proc)");
		return -ENOENT;
	}
	if (access("/proc/self/ns/pid", F_OK)) {
		snprintf(p->why, sizeof(p->why),
			 "this kernel has no PID namespaces (no /proc/self/ns/pid)");
		return -ENOSYS;
	}
	agent = cfg && cfg->agent_path ? cfg->agent_path : live_agent_path();
	if (!agent) {
		snprintf(p->why, sizeof(p->why),
			 "pidsim-agent not found (set PIDSIM_AGENT)");
		return -ENOENT;
	}
	/*
	 * The system calls the engine cannot do without, by their answer to a
	 * bad descriptor: ENOSYS means the kernel lacks them.
	 */
	if (syscall(SYS_pidfd_open, 0, 0) < 0 && errno == ENOSYS) {
		snprintf(p->why, sizeof(p->why),
			 "this kernel has no pidfd_open() (Linux 5.3 or later needed)");
		return -ENOSYS;
	}
	if (syscall(SYS_pidfd_getfd, -1, 0, 0) < 0 && errno == ENOSYS) {
		snprintf(p->why, sizeof(p->why),
			 "this kernel has no pidfd_getfd() (Linux 5.6 or later needed)");
		return -ENOSYS;
	}
	ret = live_probe_fifo(p->why, sizeof(p->why));
	if (ret)
		return ret;
	ret = live_root_spawn(agent, cfg && cfg->reply_timeout_ms ?
			      cfg->reply_timeout_ms : LIVE_TIMEOUT_DEFAULT,
			      &r, p->why, sizeof(p->why));
	if (ret)
		return ret;
	p->base_level = r.base_level;
	return live_root_kill(&r, LIVE_TIMEOUT_DEFAULT);
}

