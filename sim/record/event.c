/*
 * event.c - reading tracefs text lines into struct rec_event.
 *
 * Field values are found by key, and for the events whose COMM field comes
 * before the others (the task's name may hold spaces or look like a key),
 * by the last occurrence of the key, so that a hostile name cannot shift
 * the numbers that follow it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/record/event.h"
#include "lib/util.h"

static const struct {
	const char *name;
	enum rec_sys sys;
} sys_names[] = {
	{ "clone", RSYS_CLONE },
	{ "clone3", RSYS_CLONE3 },
	{ "fork", RSYS_FORK },
	{ "vfork", RSYS_VFORK },
	{ "execve", RSYS_EXECVE },
	{ "execveat", RSYS_EXECVEAT },
	{ "wait4", RSYS_WAIT4 },
	{ "waitid", RSYS_WAITID },
	{ "setsid", RSYS_SETSID },
	{ "setpgid", RSYS_SETPGID },
	{ "unshare", RSYS_UNSHARE },
	{ "setns", RSYS_SETNS },
	{ "prctl", RSYS_PRCTL },
	{ "rt_sigaction", RSYS_RT_SIGACTION },
	{ "kill", RSYS_KILL },
};

const char *rec_sys_name(enum rec_sys s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sys_names); i++)
		if (sys_names[i].sys == s)
			return sys_names[i].name;
	return "?";
}

enum rec_sys rec_sys_lookup(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sys_names); i++)
		if (strlen(sys_names[i].name) == len &&
		    memcmp(sys_names[i].name, name, len) == 0)
			return sys_names[i].sys;
	return RSYS_OTHER;
}

/* The last occurrence of needle in s, or NULL. */
static const char *strrstr(const char *s, const char *needle)
{
	const char *p, *last = NULL;

	for (p = strstr(s, needle); p; p = strstr(p + 1, needle))
		last = p;
	return last;
}

/* The integer after key (searched from the end when last), base 0. */
static int field_ll(const char *s, const char *key, bool last, long long *out)
{
	const char *p = last ? strrstr(s, key) : strstr(s, key);
	char *end;

	if (!p)
		return -EINVAL;
	p += strlen(key);
	errno = 0;
	*out = strtoll(p, &end, 0);
	if (errno || end == p)
		return -EINVAL;
	return 0;
}

static int field_int(const char *s, const char *key, bool last, int *out)
{
	long long v;
	int rc = field_ll(s, key, last, &v);

	if (!rc)
		*out = (int)v;
	return rc;
}

static int field_hex(const char *s, const char *key, bool last,
		     unsigned long long *out)
{
	const char *p = last ? strrstr(s, key) : strstr(s, key);
	char *end;

	if (!p)
		return -EINVAL;
	p += strlen(key);
	errno = 0;
	*out = strtoull(p, &end, 16);
	if (errno || end == p)
		return -EINVAL;
	return 0;
}

/*
 * The context before the event: "COMM-TID (TGID) [CPU] FLAGS COUNTER:".
 * Returns the offset of what follows the colon, or -EINVAL.
 */
static int parse_context(const char *line, struct rec_event *ev)
{
	const char *p, *start = line;
	int n, len;

	while (*start == ' ')
		start++;
	for (p = strchr(start, '-'); p; p = strchr(p + 1, '-')) {
		n = -1;
		if (sscanf(p, "-%d (%d) [%d] %*s %llu:%n", &ev->tid, &ev->tgid,
			   &ev->cpu, &ev->ts, &n) == 4 && n > 0)
			goto found;
		n = -1;
		if (sscanf(p, "-%d (-------) [%d] %*s %llu:%n", &ev->tid,
			   &ev->cpu, &ev->ts, &n) == 3 && n > 0) {
			ev->tgid = -1;
			goto found;
		}
	}
	return -EINVAL;
found:
	len = (int)(p - start);
	if (len > REC_COMM_MAX)
		len = REC_COMM_MAX;
	memcpy(ev->comm, start, (size_t)len);
	ev->comm[len] = '\0';
	return (int)(p - line) + n;
}

/* "name(a: 1, b: 0x10)" or "name -> 0xffff..." after "sys_". */
static int parse_syscall(const char *s, struct rec_event *ev)
{
	const char *name = s, *p = s;
	unsigned long long v;
	char *end;

	while (*p && *p != '(' && *p != ' ')
		p++;
	ev->sys = rec_sys_lookup(name, (size_t)(p - name));
	if (ev->sys == RSYS_OTHER)
		return 0;
	if (*p == '(') {
		ev->type = EV_SYS_ENTER;
		ev->nargs = 0;
		p++;
		while (*p && *p != ')' && ev->nargs < REC_SYS_ARGS) {
			p = strchr(p, ':');
			if (!p)
				return -EINVAL;
			p++;
			errno = 0;
			v = strtoull(p, &end, 0);
			if (errno || end == p)
				return -EINVAL;
			ev->args[ev->nargs++] = v;
			p = end;
			if (*p == ',')
				p++;
		}
		return 1;
	}
	if (strncmp(p, " -> ", 4) != 0)
		return -EINVAL;
	p += 4;
	errno = 0;
	v = strtoull(p, &end, 0);
	if (errno || end == p)
		return -EINVAL;
	ev->type = EV_SYS_EXIT;
	ev->ret = (long long)v;
	return 1;
}

static int parse_newtask(const char *f, struct rec_event *ev)
{
	if (field_int(f, "pid=", false, &ev->child) ||
	    field_hex(f, " clone_flags=", true, &ev->clone_flags))
		return -EINVAL;
	ev->type = EV_NEWTASK;
	return 1;
}

static int parse_exit(const char *f, struct rec_event *ev)
{
	const char *g = strrstr(f, " group_dead=");

	if (!g)
		return -EINVAL;
	ev->group_dead = strncmp(g + 12, "true", 4) == 0 || g[12] == '1';
	ev->type = EV_EXIT;
	return 1;
}

static int parse_exec(const char *f, struct rec_event *ev)
{
	const char *end = strrstr(f, " pid=");
	size_t len;

	if (strncmp(f, "filename=", 9) != 0 || !end ||
	    field_int(f, " pid=", true, &ev->exec_pid) ||
	    field_int(f, " old_pid=", true, &ev->exec_old_pid))
		return -EINVAL;
	len = (size_t)(end - (f + 9));
	if (len >= sizeof(ev->filename))
		len = sizeof(ev->filename) - 1;
	memcpy(ev->filename, f + 9, len);
	ev->filename[len] = '\0';
	ev->type = EV_EXEC;
	return 1;
}

static int parse_generate(const char *f, struct rec_event *ev)
{
	if (field_int(f, "sig=", false, &ev->sig) ||
	    field_int(f, " code=", false, &ev->code) ||
	    field_int(f, " pid=", true, &ev->target) ||
	    field_int(f, " grp=", true, &ev->group) ||
	    field_int(f, " res=", true, &ev->result))
		return -EINVAL;
	ev->type = EV_SIG_GENERATE;
	return 1;
}

static int parse_deliver(const char *f, struct rec_event *ev)
{
	unsigned long long h;

	if (field_int(f, "sig=", false, &ev->sig) ||
	    field_int(f, " code=", false, &ev->code) ||
	    field_hex(f, " sa_handler=", false, &h))
		return -EINVAL;
	ev->handler = (unsigned long)h;
	ev->type = EV_SIG_DELIVER;
	return 1;
}

int rec_event_parse(const char *line, struct rec_event *ev)
{
	static const struct {
		const char *name;
		int (*parse)(const char *fields, struct rec_event *ev);
	} events[] = {
		{ "task_newtask: ", parse_newtask },
		{ "sched_process_exit: ", parse_exit },
		{ "sched_process_exec: ", parse_exec },
		{ "signal_generate: ", parse_generate },
		{ "signal_deliver: ", parse_deliver },
	};
	const char *rest;
	size_t i, len;
	int off;

	if (line[0] == '#' || line[0] == '\0')
		return 0;
	memset(ev, 0, sizeof(*ev));
	off = parse_context(line, ev);
	if (off < 0)
		return -EINVAL;
	rest = line + off;
	while (*rest == ' ')
		rest++;
	if (strncmp(rest, "sys_", 4) == 0)
		return parse_syscall(rest + 4, ev);
	for (i = 0; i < ARRAY_SIZE(events); i++) {
		len = strlen(events[i].name);
		if (strncmp(rest, events[i].name, len) == 0)
			return events[i].parse(rest + len, ev);
	}
	return 0;
}
