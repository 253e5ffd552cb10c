/*
 * test_live_units.c - the live engine's pure parts, without a kernel:
 * the /proc parsers (live_proc.h) on the kernel's exact formats, the rule
 * that says when a dying init has settled, and the namespace table
 * (live_ns.h) built by hand.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "sim/engine/live/live_ns.h"
#include "sim/engine/live/live_proc.h"

static const char status_text[] =
	"Name:\tpidsim-agent\n"
	"State:\tS (sleeping)\n"
	"Tgid:\t7\n"
	"PPid:\t1\n"
	"NStgid:\t41\t7\t1\n"
	"NSpid:\t41\t7\t1\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000100\n";

static void test_levels(void)
{
	struct nspid ns;

	CU_ASSERT_EQUAL(live_parse_levels(status_text, "NSpid", &ns), 0);
	CU_ASSERT_EQUAL(ns.n, 3);
	CU_ASSERT_EQUAL(ns.nr[0], 41);
	CU_ASSERT_EQUAL(ns.nr[1], 7);
	CU_ASSERT_EQUAL(ns.nr[2], 1);
	/* "NSpid" must not match "NStgid", nor a key that merely starts so */
	CU_ASSERT_EQUAL(live_parse_levels("NSpidx:\t3\n", "NSpid", &ns), -ENOENT);
	CU_ASSERT_EQUAL(live_parse_levels("NSpid:\t\n", "NSpid", &ns), -EPROTO);
	CU_ASSERT_EQUAL(live_parse_levels("NSpid:\t4\tx\n", "NSpid", &ns), -EPROTO);
}

static void test_fields(void)
{
	long long v = -1;
	unsigned long long h = 0;

	CU_ASSERT_EQUAL(live_parse_field(status_text, "PPid", &v), 0);
	CU_ASSERT_EQUAL(v, 1);
	CU_ASSERT_EQUAL(live_parse_field(status_text, "Uid", &v), -ENOENT);
	CU_ASSERT_EQUAL(live_parse_hex(status_text, "ShdPnd", &h), 0);
	CU_ASSERT_EQUAL(h, 0x100);	/* SIGKILL is bit 8 */
	CU_ASSERT_EQUAL(live_parse_hex(status_text, "SigPnd", &h), 0);
	CU_ASSERT_EQUAL(h, 0);
}

static void test_stat(void)
{
	/* A command name with a space and a parenthesis: fields count from the last ')'. */
	static const char text[] =
		"57 (a) b) Z 12 13 14 0 -1 4194564 0 0 0 0 0 0 0 0 20 0 1 0 "
		"98765 0 0 18446744073709551615 0 0 0 0 0 256 0 0 0\n";
	struct live_stat st;

	CU_ASSERT_EQUAL(live_parse_stat(text, &st), 0);
	CU_ASSERT_EQUAL(st.state, 'Z');
	CU_ASSERT_EQUAL(st.pgrp, 13);
	CU_ASSERT_EQUAL(st.session, 14);
	CU_ASSERT_EQUAL(st.flags, 4194564UL);	/* PF_EXITING among them */
	CU_ASSERT_EQUAL(st.pending, 256ULL);
	CU_ASSERT_EQUAL(live_parse_stat("57 (a) ", &st), -EPROTO);
	CU_ASSERT_EQUAL(live_parse_stat("57 (a) S 1 2\n", &st), -EPROTO);
	CU_ASSERT_EQUAL(live_parse_stat("no parenthesis", &st), -EPROTO);
}

static void test_exit_wait(void)
{
	/* zap_pid_ns_processes: S before the freezable backport, I after, D on old kernels */
	CU_ASSERT_TRUE(live_exit_wait_settled('S', "zap_pid_ns_processes"));
	CU_ASSERT_TRUE(live_exit_wait_settled('I', "zap_pid_ns_processes"));
	CU_ASSERT_TRUE(live_exit_wait_settled('D', "zap_pid_ns_processes"));
	CU_ASSERT_FALSE(live_exit_wait_settled('R', "zap_pid_ns_processes"));
	/* reaping its children first: an interruptible wait only */
	CU_ASSERT_TRUE(live_exit_wait_settled('S', "do_wait"));
	CU_ASSERT_FALSE(live_exit_wait_settled('I', "do_wait"));
	/* anywhere else, or running (wchan "0"), is in transit */
	CU_ASSERT_FALSE(live_exit_wait_settled('S', "0"));
	CU_ASSERT_FALSE(live_exit_wait_settled('D', "exit_mm"));
	CU_ASSERT_FALSE(live_exit_wait_settled('S', ""));
}

/*
 * root(0) - a(1) - b(2)
 *         \ c(3)
 */
static void build(struct live_nstab *t)
{
	memset(t, 0, sizeof(*t));
	CU_ASSERT_EQUAL_FATAL(live_ns_add(t, 5, 100, -1, -1), 0);
	CU_ASSERT_EQUAL_FATAL(live_ns_add(t, 5, 101, -1, 0), 1);
	CU_ASSERT_EQUAL_FATAL(live_ns_add(t, 5, 102, -1, 1), 2);
	CU_ASSERT_EQUAL_FATAL(live_ns_add(t, 5, 103, -1, 0), 3);
}

static void test_ns_table(void)
{
	struct live_nstab t;
	int kids = 0;

	build(&t);
	CU_ASSERT_EQUAL(t.ns[2].level, 2);
	CU_ASSERT_EQUAL(t.ns[3].level, 1);
	CU_ASSERT_EQUAL(live_ns_find(&t, 5, 102), 2);
	CU_ASSERT_EQUAL(live_ns_find(&t, 5, 104), -1);
	CU_ASSERT_EQUAL(live_ns_find(&t, 6, 102), -1);	/* another device */
	for (int c = t.ns[0].child; c >= 0; c = t.ns[c].sibling)
		kids |= 1 << c;
	CU_ASSERT_EQUAL(kids, (1 << 1) | (1 << 3));
	CU_ASSERT_TRUE(live_ns_below(&t, 2, 0));
	CU_ASSERT_TRUE(live_ns_below(&t, 2, 1));
	CU_ASSERT_TRUE(live_ns_below(&t, 2, 2));
	CU_ASSERT_FALSE(live_ns_below(&t, 2, 3));
	CU_ASSERT_FALSE(live_ns_below(&t, 1, 2));
	live_ns_release(&t);
	CU_ASSERT_EQUAL(t.n, 0);
}

static void test_ns_many(void)
{
	struct live_nstab t;
	bool ok = true;

	/* A long chain: the hash grows and every entry is still found. */
	memset(&t, 0, sizeof(t));
	for (int i = 0; i < 5000; i++)
		ok &= live_ns_add(&t, 5, 1000 + i, -1, i ? i - 1 : -1) == i;
	CU_ASSERT_TRUE(ok);
	for (int i = 0; i < 5000; i++)
		ok &= live_ns_find(&t, 5, 1000 + i) == i;
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(t.ns[4999].level, 4999);
	live_ns_release(&t);
}

static void test_pid_in(void)
{
	struct live_nstab t;
	/* a task of namespace b: 9 in the root, 4 in a, 1 in b */
	struct nspid nb = { .n = 3, .nr = { 9, 4, 1 } };

	build(&t);
	CU_ASSERT_EQUAL(live_ns_pid_in(&t, 2, &nb, 0), 9);
	CU_ASSERT_EQUAL(live_ns_pid_in(&t, 2, &nb, 1), 4);
	CU_ASSERT_EQUAL(live_ns_pid_in(&t, 2, &nb, 2), 1);
	CU_ASSERT_EQUAL(live_ns_pid_in(&t, 2, &nb, 3), 0);	/* a sibling: invisible */
	live_ns_release(&t);
}

int main(void)
{
	CU_pSuite s;
	int fails;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live_units", NULL, NULL);
	CU_add_test(s, "NSpid and other per-level lines", test_levels);
	CU_add_test(s, "decimal and hexadecimal fields", test_fields);
	CU_add_test(s, "/proc/PID/stat", test_stat);
	CU_add_test(s, "when a dying init has settled", test_exit_wait);
	CU_add_test(s, "namespace table", test_ns_table);
	CU_add_test(s, "namespace table at scale", test_ns_many);
	CU_add_test(s, "a pid as a namespace sees it", test_pid_in);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
