/*
 * model_options.c - the options that choose the model's world, which run
 * and diff share: the kernel profile, the reasons, and the two host-wide
 * limits a big trace can meet (struct model_opts).
 */
#include <stdio.h>
#include <string.h>

#include "lib/numparse.h"
#include "sim/cli/builtin.h"
#include "sim/engine/model/engine_model.h"

#define LIMIT_MAX	1073741823	/* FUTEX_TID_MASK: threads-max's ceiling */

const struct cmd_option model_cmd_options[] = {
	{ "kernel", 0, "VERSION", MODEL_OPT_KERNEL,
	  "the kernel profile to model (default: "
	  ENGINE_MODEL_DEFAULT_KERNEL ");\n"
	  "'list' names them all" },
	{ "threads-max", 0, "N", MODEL_OPT_THREADS_MAX,
	  "kernel.threads-max of the modelled host: tasks not yet\n"
	  "released (default 192730; 1 to 2^30-1)" },
	{ "max-pid-namespaces", 0, "N", MODEL_OPT_MAX_PID_NS,
	  "user.max_pid_namespaces of the modelled host\n"
	  "(default 96365; 1 to 2^30-1)" },
	{ NULL },
};

int model_option(const char *cmd, struct model_opts *o, int key, const char *arg)
{
	unsigned int v;
	int rc;

	switch (key) {
	case MODEL_OPT_KERNEL:
		rc = engine_model_kernel_arg(cmd, arg);
		if (rc)
			return rc > 0 ? -1 : EXIT_USAGE;
		o->kernel = arg;
		return 0;
	case MODEL_OPT_THREADS_MAX:
	case MODEL_OPT_MAX_PID_NS:
		if (!parse_uint(arg, 1, LIMIT_MAX, &v))
			return usage_error(cmd, "--%s takes a number from 1 to %d, not '%s'",
					   key == MODEL_OPT_THREADS_MAX ? "threads-max" :
					   "max-pid-namespaces", LIMIT_MAX, arg);
		if (key == MODEL_OPT_THREADS_MAX)
			o->threads_max = v;
		else
			o->max_pid_namespaces = v;
		return 0;
	}
	return 1;
}

int model_opts_engine(const char *cmd, const struct model_opts *o,
		      unsigned int base_level, struct engine **ep)
{
	int rc = engine_model_new(o->kernel, base_level, ep);

	if (rc) {
		fprintf(stderr, "pidsim %s: cannot create the model: %s\n", cmd,
			strerror(-rc));
		return EXIT_USAGE;
	}
	engine_model_set_limits(*ep, o->threads_max, o->max_pid_namespaces);
	return 0;
}
