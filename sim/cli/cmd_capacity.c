/*
 * cmd_capacity.c - `pidsim capacity [--pid-max N] [--kernel VERSION]
 * [--json] [--chart PREFIX] FILE`: replay a recording on the model as a
 * program and answer what if: per namespace the numbers held at most and
 * the cursor's wraps, the first fork that fails at pid_max N, and the
 * smallest pid_max at which none does (sim/capacity/capacity.h).
 *
 * Exit 0 nothing fails at N, 1 a fork fails at N, 2 bad command line or
 * malformed trace.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "sim/capacity/capacity.h"
#include "lib/numparse.h"
#include "sim/cli/builtin.h"
#include "sim/engine/model/engine_model.h"
#include "sim/trace/trace.h"

struct capacity_opts {
	int pid_max;		/* 0: as recorded */
	const char *kernel;
	const char *chart;	/* PREFIX for PREFIX.dat and PREFIX.gp */
	bool json;
};

static int cmd_capacity(int argc, char **argv);

static const struct cmd_option capacity_options[] = {
	{ "pid-max", 0, "N", 'm',
	  "the root namespace's pid_max in the replay (301 to\n"
	  "4194304; default: as recorded)" },
	{ "kernel", 0, "VERSION", 'k', "the kernel profile to model (default: "
	  ENGINE_MODEL_DEFAULT_KERNEL ")" },
	{ "json", 0, NULL, 'j', "one JSON object" },
	{ "chart", 0, "PREFIX", 'c',
	  "also write PREFIX.dat (numbers held, line by line)\n"
	  "and PREFIX.gp, a gnuplot script drawing PREFIX.png" },
	{ NULL },
};

const struct builtin builtin_capacity = {
	.name = "capacity",
	.fn = cmd_capacity,
	.summary = "replay a recording under another pid_max: when does fork fail?",
	.synopsis = "[--pid-max N] [--kernel VERSION] [--json] [--chart PREFIX] FILE",
	.description =
		"Replay the trace FILE (a `pidsim record` recording, or any trace) on\n"
		"the model as a program: expectations are not checked, so a `wait P\n"
		"any` may reap another child and a fork may get another number. Report\n"
		"per namespace the numbers held at most and the wraps of the allocation\n"
		"cursor, the first fork or clone that fails with EAGAIN at pid_max N\n"
		"(everything after it is counterfactual), and the smallest pid_max at\n"
		"which no fork fails, found by bisection over replays.",
	.options = capacity_options,
	.exit_status = "0 no fork fails at N, 1 one does, 2 bad command line or\n"
		"malformed trace.",
};

static int parse_opts(int argc, char **argv, struct capacity_opts *o)
{
	struct cmd_parser p;
	unsigned int v;
	int c, rc;

	cmd_parse_init(&p, &builtin_capacity);
	while ((c = cmd_parse_next(&p, argc, argv)) > 0) {
		switch (c) {
		case 'm':
			if (!parse_uint(optarg, CAPACITY_PID_MAX_MIN, CAPACITY_PID_MAX_LIMIT, &v))
				return usage_error("capacity", "--pid-max takes a number from %d to %d, not '%s'",
						   CAPACITY_PID_MAX_MIN, CAPACITY_PID_MAX_LIMIT, optarg);
			o->pid_max = (int)v;
			break;
		case 'k':
			rc = engine_model_kernel_arg("capacity", optarg);
			if (rc)
				return rc > 0 ? -1 : EXIT_USAGE;
			o->kernel = optarg;
			break;
		case 'c':
			o->chart = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		}
	}
	if (c < 0)
		return c == CMD_HELP ? -1 : EXIT_USAGE;
	if (optind != argc - 1)
		return usage_error("capacity", "%s", optind >= argc ? "no recording given"
						       : "one recording at a time");
	return 0;
}

static const char *label_or(const struct trace *t, int label, char *buf, size_t len)
{
	if (label >= 0 && label < trace_label_count(t))
		return trace_label_name(t, label);
	snprintf(buf, len, "?");
	return buf;
}

static void print_text(const struct trace *t, const struct capacity_result *res,
		       int smallest, unsigned int replays, int hi)
{
	char buf[8];
	int i;

	printf("%s at pid_max %d: %llu statements, %lu forks (%lu failed)\n",
	       trace_path(t), res->pid_max, res->statements, res->forks,
	       res->failed_forks);
	for (i = 0; i < res->nns; i++)
		printf("  namespace %d (level %d, first process %s): peak %d numbers held (line %u), %lu wraps\n",
		       i, res->ns[i].level, label_or(t, res->ns[i].init_label, buf, sizeof(buf)),
		       res->ns[i].peak, res->ns[i].peak_line, res->ns[i].wraps);
	if (res->failed)
		printf("  first failure: line %u: %s; everything after it is counterfactual\n",
		       res->fail_line, res->fail_text);
	else
		printf("  no fork fails for want of a number\n");
	if (smallest)
		printf("  smallest pid_max that never fails: %d (%u replays)\n", smallest, replays);
	else
		printf("  it fails even at pid_max %d\n", hi);
}

static void print_json(const struct trace *t, const struct capacity_result *res,
		       int smallest, unsigned int replays)
{
	char buf[8];
	int i;

	printf("{\"file\":");
	json_put_string(stdout, trace_path(t));
	printf(",\"pid_max\":%d,\"statements\":%llu,\"forks\":%lu,\"failed_forks\":%lu,\"namespaces\":[",
	       res->pid_max, res->statements, res->forks, res->failed_forks);
	for (i = 0; i < res->nns; i++) {
		printf("%s{\"level\":%d,\"first\":", i ? "," : "", res->ns[i].level);
		json_put_string(stdout, label_or(t, res->ns[i].init_label, buf, sizeof(buf)));
		printf(",\"peak\":%d,\"peak_line\":%u,\"wraps\":%lu}", res->ns[i].peak,
		       res->ns[i].peak_line, res->ns[i].wraps);
	}
	printf("],\"first_failure\":");
	if (res->failed) {
		printf("{\"line\":%u,\"statement\":", res->fail_line);
		json_put_string(stdout, res->fail_text);
		printf("}");
	} else {
		printf("null");
	}
	printf(",\"smallest_pid_max\":");
	if (smallest)
		printf("%d", smallest);
	else
		printf("null");
	printf(",\"replays\":%u}\n", replays);
}

/* PREFIX.dat (line, numbers held in the root) and PREFIX.gp to draw it. */
static int write_chart(struct trace *t, const struct capacity_opts *o,
		       struct capacity_result *res)
{
	char path[4096];
	FILE *dat, *gp;
	int rc;

	snprintf(path, sizeof(path), "%s.dat", o->chart);
	dat = fopen(path, "we");
	if (!dat)
		return -errno;
	rc = capacity_replay(t, o->kernel, o->pid_max, res, dat);
	if (fclose(dat) && !rc)
		rc = -EIO;
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s.gp", o->chart);
	gp = fopen(path, "we");
	if (!gp)
		return -errno;
	fprintf(gp, "# gnuplot %s.gp: numbers held in the trace root, statement by statement\n"
		"set terminal pngcairo size 1000,500 noenhanced\n"
		"set yrange [0:*]\n"
		"set output '%s.png'\n"
		"set xlabel 'trace line'\n"
		"set ylabel 'numbers held (root namespace)'\n"
		"set title 'pid numbers held, pid_max %d'\n",
		o->chart, o->chart, res->pid_max);
	if (res->failed)
		fprintf(gp, "set arrow from %u, graph 0 to %u, graph 1 nohead\n"
			"set label 'first failure' at %u, graph 0.95\n",
			res->fail_line, res->fail_line, res->fail_line);
	fprintf(gp, "plot '%s.dat' using 1:2 with steps title 'held'\n", o->chart);
	if (fclose(gp))
		return -EIO;
	return 0;
}

static int cmd_capacity(int argc, char **argv)
{
	struct capacity_opts o = { 0 };
	struct capacity_result *res = NULL;
	struct trace *t = NULL;
	unsigned int replays = 0;
	int rc, status = 0, smallest = 0, hi;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	t = trace_open(argv[optind], stderr);
	if (!t)
		return EXIT_USAGE;
	res = malloc(sizeof(*res));
	if (!res) {
		status = 1;
		goto out;
	}
	rc = capacity_replay(t, o.kernel, o.pid_max, res, NULL);
	if (rc)
		goto out_rc;
	/* more numbers than the kernel allows a namespace are never the answer */
	hi = CAPACITY_PID_MAX_LIMIT;
	rc = capacity_smallest(t, o.kernel, CAPACITY_PID_MAX_MIN, hi, &smallest, &replays);
	if (rc)
		goto out_rc;
	/* the answers are about the replay at N: run it last, for --chart too */
	if (o.chart)
		rc = write_chart(t, &o, res);
	else
		rc = capacity_replay(t, o.kernel, o.pid_max, res, NULL);
	if (rc)
		goto out_rc;
	if (o.json)
		print_json(t, res, smallest, replays);
	else
		print_text(t, res, smallest, replays, hi);
	status = res->failed ? 1 : 0;
	goto out;
out_rc:
	fprintf(stderr, "pidsim capacity: %s: the replay failed: %s\n", argv[optind],
		strerror(-rc));
	status = EXIT_USAGE;
out:
	free(res);
	trace_close(t);
	return status;
}
