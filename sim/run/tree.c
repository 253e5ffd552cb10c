/*
 * tree.c - printing a snapshot (tree.h).
 *
 * Text:
 *   namespace 0: level 0, pid_max 32768, last_pid 3
 *     LABEL  NSPID  PPID  PGID  SID  STATE    PARENT
 *     init   1         0     0    0  running  -
 *     sh     2         1     0    0  running  init
 *     namespace 1: level 1, pid_max 32768, last_pid 1
 *       LABEL  NSPID  ...
 *       ls     3/1   ...
 *
 * Column widths are taken over the whole snapshot, so every table of one
 * listing lines up. Numbers are right-aligned, names left-aligned.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "sim/run/tree.h"

#define CELL_MAX	(NSPID_MAX * 12 + 8)

static const struct {
	const char *name;
	const char *heading;
	bool number;
} cols[TC__COUNT] = {
	[TC_NSPID]	= { "nspid", "NSPID", false },
	[TC_PID]	= { "pid", "PID", true },
	[TC_PPID]	= { "ppid", "PPID", true },
	[TC_PGID]	= { "pgid", "PGID", true },
	[TC_SID]	= { "sid", "SID", true },
	[TC_STATE]	= { "state", "STATE", false },
	[TC_PARENT]	= { "parent", "PARENT", false },
	[TC_LEADER]	= { "leader", "LEADER", false },
};

void tree_columns_default(struct tree_columns *c)
{
	static const enum tree_col def[] = {
		TC_NSPID, TC_PPID, TC_PGID, TC_SID, TC_STATE, TC_PARENT,
	};

	c->n = (int)ARRAY_SIZE(def);
	memcpy(c->col, def, sizeof(def));
}

const char *tree_column_names(void)
{
	return "nspid, pid, ppid, pgid, sid, state, parent, leader";
}

int tree_columns_parse(const char *spec, struct tree_columns *c, char *why,
		       size_t len)
{
	const char *p = spec;
	bool seen[TC__COUNT] = { false };

	c->n = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		int k;

		for (k = 0; k < TC__COUNT; k++)
			if (strlen(cols[k].name) == n && !strncmp(p, cols[k].name, n))
				break;
		if (k == TC__COUNT) {
			snprintf(why, len, "unknown column '%.*s' (the columns are %s)",
				 (int)n, p, tree_column_names());
			return -EINVAL;
		}
		if (seen[k]) {
			snprintf(why, len, "column '%s' is named twice", cols[k].name);
			return -EINVAL;
		}
		seen[k] = true;
		c->col[c->n++] = (enum tree_col)k;
		p += n;
		if (*p == ',' && *++p == '\0')
			break;	/* a trailing comma is an empty name */
	}
	if (!c->n || p[-1] == ',') {
		snprintf(why, len, "--columns needs column names separated by commas (%s)",
			 tree_column_names());
		return -EINVAL;
	}
	return 0;
}

static const char *label_name(const char *const *names, int nlabels, int l)
{
	if (l < 0 || l >= nlabels || !names || !names[l])
		return "-";
	return names[l];
}

static void nspid_text(const struct nspid *id, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < id->n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%d", i ? "/" : "",
					id->nr[i]);
}

static void num_text(int v, char *buf, size_t len)
{
	if (v == SNAP_UNKNOWN)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d", v);
}

static void cell(const struct snap_proc *p, enum tree_col c,
		 const char *const *names, int nlabels, char *buf, size_t len)
{
	switch (c) {
	case TC_NSPID:
		nspid_text(&p->nspid, buf, len);
		break;
	case TC_PID:
		num_text(p->nspid.n ? p->nspid.nr[p->nspid.n - 1] : SNAP_UNKNOWN, buf, len);
		break;
	case TC_PPID:
		num_text(p->ppid, buf, len);
		break;
	case TC_PGID:
		num_text(p->pgid, buf, len);
		break;
	case TC_SID:
		num_text(p->sid, buf, len);
		break;
	case TC_STATE:
		snprintf(buf, len, "%s", proc_state_name(p->state));
		break;
	case TC_PARENT:
		snprintf(buf, len, "%s", label_name(names, nlabels, p->parent));
		break;
	case TC_LEADER:
		snprintf(buf, len, "%s", label_name(names, nlabels, p->leader));
		break;
	case TC__COUNT:
		buf[0] = '\0';
		break;
	}
}

struct widths {
	int label;
	int col[TC__COUNT];
};

static void measure(const struct snapshot *s, const char *const *names,
		    int nlabels, const struct tree_columns *c, struct widths *w)
{
	char buf[CELL_MAX];

	w->label = (int)strlen("LABEL");
	for (int k = 0; k < c->n; k++)
		w->col[k] = (int)strlen(cols[c->col[k]].heading);
	for (int i = 0; i < s->nproc; i++) {
		int n = (int)strlen(label_name(names, nlabels, s->proc[i].label));

		if (n > w->label)
			w->label = n;
		for (int k = 0; k < c->n; k++) {
			cell(&s->proc[i], c->col[k], names, nlabels, buf, sizeof(buf));
			n = (int)strlen(buf);
			if (n > w->col[k])
				w->col[k] = n;
		}
	}
}

static void row(FILE *out, int indent, const struct widths *w,
		const struct tree_columns *c, const char *label,
		const char *const cells[])
{
	fprintf(out, "%*s%-*s", indent, "", w->label, label);
	for (int k = 0; k < c->n; k++) {
		bool last = k == c->n - 1;

		if (cols[c->col[k]].number)
			fprintf(out, "  %*s", w->col[k], cells[k]);
		else if (last)
			fprintf(out, "  %s", cells[k]);
		else
			fprintf(out, "  %-*s", w->col[k], cells[k]);
	}
	fputc('\n', out);
}

static void print_ns_text(FILE *out, const struct snapshot *s, int ns,
			  int indent, const char *const *names, int nlabels,
			  const struct tree_columns *c, const struct widths *w)
{
	const struct snap_ns *n = &s->ns[ns];
	char pm[16], lp[16];
	const char *heads[TC__COUNT];
	char bufs[TC__COUNT][CELL_MAX];
	const char *cells[TC__COUNT];
	bool any = false;

	num_text(n->pid_max, pm, sizeof(pm));
	num_text(n->last_pid, lp, sizeof(lp));
	fprintf(out, "%*snamespace %d: level %d, pid_max %s, last_pid %s%s\n",
		indent, "", ns, n->level, pm, lp,
		n->accepting == 0 ? ", no new processes (its init died)" : "");
	for (int i = 0; i < s->nproc; i++) {
		const struct snap_proc *p = &s->proc[i];

		if (p->ns != ns)
			continue;
		if (!any) {
			for (int k = 0; k < c->n; k++)
				heads[k] = cols[c->col[k]].heading;
			row(out, indent + 2, w, c, "LABEL", heads);
			any = true;
		}
		for (int k = 0; k < c->n; k++) {
			cell(p, c->col[k], names, nlabels, bufs[k], sizeof(bufs[k]));
			cells[k] = bufs[k];
		}
		row(out, indent + 2, w, c, label_name(names, nlabels, p->label), cells);
	}
	for (int k = 0; k < s->nns; k++)
		if (s->ns[k].parent == ns)
			print_ns_text(out, s, k, indent + 2, names, nlabels, c, w);
}

static void json_num(struct json *j, const char *key, int v)
{
	json_key(j, key);
	if (v == SNAP_UNKNOWN)
		json_null(j);
	else
		json_int(j, v);
}

static void json_label(struct json *j, const char *key, const char *const *names,
		       int nlabels, int l)
{
	json_key(j, key);
	if (l < 0 || l >= nlabels)
		json_null(j);
	else
		json_string(j, label_name(names, nlabels, l));
}

static void print_json(FILE *out, const char *file, const struct snapshot *s,
		       const char *const *names, int nlabels)
{
	struct json j;

	json_start(&j, out);
	json_object_begin(&j);
	json_key(&j, "tree");
	json_object_begin(&j);
	if (file)
		json_kv_string(&j, "file", file);
	json_key(&j, "namespaces");
	json_array_begin(&j);
	for (int i = 0; i < s->nns; i++) {
		const struct snap_ns *n = &s->ns[i];

		json_object_begin(&j);
		json_kv_int(&j, "id", i);
		json_key(&j, "parent");
		if (n->parent < 0)
			json_null(&j);
		else
			json_int(&j, n->parent);
		json_kv_int(&j, "level", n->level);
		json_num(&j, "pid_max", n->pid_max);
		json_num(&j, "last_pid", n->last_pid);
		json_key(&j, "accepting");
		if (n->accepting == SNAP_UNKNOWN)
			json_null(&j);
		else
			json_bool(&j, n->accepting);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, "processes");
	json_array_begin(&j);
	for (int i = 0; i < s->nproc; i++) {
		const struct snap_proc *p = &s->proc[i];

		json_object_begin(&j);
		json_label(&j, "label", names, nlabels, p->label);
		json_kv_int(&j, "namespace", p->ns);
		json_key(&j, "nspid");
		json_array_begin(&j);
		for (int k = 0; k < p->nspid.n; k++)
			json_int(&j, p->nspid.nr[k]);
		json_array_end(&j);
		json_kv_string(&j, "state", proc_state_name(p->state));
		json_label(&j, "parent", names, nlabels, p->parent);
		json_label(&j, "leader", names, nlabels, p->leader);
		json_num(&j, "ppid", p->ppid);
		json_num(&j, "pgid", p->pgid);
		json_num(&j, "sid", p->sid);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_object_end(&j);
	json_end_line(&j);
}

void tree_print(FILE *out, bool json, const char *file,
		const struct snapshot *s, const char *const *names, int nlabels,
		const struct tree_columns *c)
{
	struct widths w;

	if (json) {
		print_json(out, file, s, names, nlabels);
		return;
	}
	measure(s, names, nlabels, c, &w);
	for (int i = 0; i < s->nns; i++)
		if (s->ns[i].parent < 0)
			print_ns_text(out, s, i, 0, names, nlabels, c, &w);
}
