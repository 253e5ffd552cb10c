/*
 * test_runner.c - CUnit tests of the runner rules (sim/runner.c) and the
 * output (sim/report.c), on the fake engine (fake_engine.h), so that each
 * expected line follows from the trace and the rules alone: failed labels
 * and dead actors answer ESRCH, expect pairs are checked left to right,
 * `=> R` is compared, text and JSON lines are exact.
 */
#define _GNU_SOURCE
#include <CUnit/Basic.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/parse/fake_engine.h"
#include "sim/run/report.h"
#include "sim/run/runner.h"
#include "sim/trace/trace.h"

static char tmpdir[] = "/tmp/pidsim-test-runner-XXXXXX";
static char path[256];
static char *out_text, *err_text;
static size_t out_size, err_size;

static struct trace *open_text(const char *text)
{
	FILE *f = fopen(path, "w");
	struct trace *t;

	CU_ASSERT_FATAL(f != NULL);
	fputs(text, f);
	fclose(f);
	t = trace_open(path, stderr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

/*
 * Run text on a fresh fake engine; out_text and err_text receive stdout
 * and stderr (the summary included). Returns what runner_run_trace did.
 */
static int run(const char *text, bool json, unsigned int break_line,
	       struct run_totals *tot)
{
	struct engine *e = fake_engine_new();
	struct trace *t = open_text(text);
	struct runner *r;
	struct report rp;
	FILE *out, *err;
	int rc;

	free(out_text);
	free(err_text);
	out = open_memstream(&out_text, &out_size);
	err = open_memstream(&err_text, &err_size);
	CU_ASSERT_FATAL(e && out && err);
	if (break_line)
		fake_engine_break_at(e, break_line);
	memset(tot, 0, sizeof(*tot));
	r = runner_new(e, t, &rc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(fake_engine_begins(e), 1);
	report_begin(&rp, out, json, false, NULL);
	rc = runner_run_trace(r, t, &rp, err);
	if (!rc)
		report_summary(&rp, NULL);
	*tot = rp.tot;
	runner_free(r);
	CU_ASSERT_EQUAL(fake_engine_ends(e), 1);
	fclose(out);
	fclose(err);
	e->ops->destroy(e);
	trace_close(t);
	return rc;
}

#define SAME(got, want) do {							\
		CU_ASSERT_STRING_EQUAL((got), (want));				\
		if (strcmp((got), (want)))					\
			fprintf(stderr, "\n--- got:\n%s--- want:\n%s", (got), (want)); \
	} while (0)

static const char *rules_trace =
	"fork init a => ok\n"
	"fork a b => */1\n"
	"clone init c set_tid=1,2 => EINVAL\n"
	"exit c\n"
	"expect c state=reaped\n"
	"wait init c => ESRCH\n"
	"wait a b => ok\n"
	"exit b\n"
	"expect b state=zombie parent=a ppid=2\n"
	"fork b x => ok\n"
	"expect x state=reaped\n"
	"expect a state=zombie nspid=9\n"
	"expect a nspid=2 parent=init pid@init=2 ppid=1 last_pid=3 pid_max=32768\n"
	"expect init parent=- ppid=0 nspid=1 nspid=*\n"
	"expect a parent=-\n"
	"expect init pid@c=1\n"
	"wait a b\n"
	"expect b state=reaped nspid=3\n"
	"kill init b\n"
	"expect a nspid=2/1\n"
	"fork a d{1..2} => 4\n";

static void test_rules_text(void)
{
	struct run_totals tot;

	CU_ASSERT_EQUAL(run(rules_trace, false, 0, &tot), 0);
	SAME(out_text,
	     "1: fork init a -> 2\n"
	     "2: fork a b -> 3 (expected */1)\n"
	     "3: clone init c set_tid=1,2 -> EINVAL\n"
	     /* rule 1: c names no process, wherever it appears */
	     "4: exit c -> ESRCH\n"
	     "5: expect c state=reaped -> ESRCH\n"
	     "6: wait init c -> ESRCH\n"
	     "7: wait a b -> running (expected ok)\n"
	     "8: exit b -> ok\n"
	     /* a zombie has no ppid to read: the first pair that fails */
	     "9: expect b state=zombie parent=a ppid=2 -> ESRCH\n"
	     /* rule 2: a dead actor; x is then a failed label too */
	     "10: fork b x -> ESRCH (expected ok)\n"
	     "11: expect x state=reaped -> ESRCH\n"
	     "12: expect a state=zombie nspid=9 -> state=running\n"
	     "13: expect a nspid=2 parent=init pid@init=2 ppid=1 last_pid=3 pid_max=32768 -> ok\n"
	     "14: expect init parent=- ppid=0 nspid=1 nspid=* -> ok\n"
	     "15: expect a parent=- -> parent=init\n"
	     "16: expect init pid@c=1 -> ESRCH\n"
	     "17: wait a b -> ok\n"
	     "18: expect b state=reaped nspid=3 -> ESRCH\n"
	     "19: kill init b -> ESRCH\n"
	     "20: expect a nspid=2/1 -> nspid=2\n"
	     "21: fork a d1 -> 4\n"
	     "21: fork a d2 -> 5 (expected 4)\n"
	     "22 statements, 12 of 18 expectations failed\n"
	     "failed at lines 2, 5, 7, 9, 10, 11, 12, 15, 16, 18, 20, 21\n");
	CU_ASSERT_EQUAL(tot.statements, 22);
	CU_ASSERT_EQUAL(tot.expectations, 18);
	CU_ASSERT_EQUAL(tot.failed, 12);
	SAME(err_text, "");
}

/* show (1.1): expect's keys without values, read by the runner */
static void test_show(void)
{
	struct run_totals tot;

	CU_ASSERT_EQUAL(run("pidsim 1.1\n"
			    "fork init a\n"
			    "show a nspid parent ppid pid@init state\n"
			    "show a state pgid => state=running  pgid=0\n"
			    "show a state => state=zombie\n"
			    "exit a\n"
			    "show a state ppid nspid\n"
			    "wait init a\n"
			    "show a state nspid pid@a\n"
			    "fork init b => ok\n"
			    "exit b\n"
			    "fork b c\n"
			    "show c state\n", false, 0, &tot), 0);
	SAME(out_text,
	     "2: fork init a -> 2\n"
	     "3: show a nspid parent ppid pid@init state -> nspid=2 parent=init ppid=1 pid@init=2 state=running\n"
	     "4: show a state pgid -> state=running pgid=0\n"
	     "5: show a state -> state=running (expected state=zombie)\n"
	     "6: exit a -> ok\n"
	     /* a zombie cannot read its ppid: the errno stands for the value */
	     "7: show a state ppid nspid -> state=zombie ppid=ESRCH nspid=2\n"
	     "8: wait init a -> ok\n"
	     "9: show a state nspid pid@a -> state=reaped nspid=ESRCH pid@a=ESRCH\n"
	     "10: fork init b -> 3\n"
	     "11: exit b -> ok\n"
	     "12: fork b c -> ESRCH\n"
	     /* a failed label: the whole statement answers ESRCH (rule 1) */
	     "13: show c state -> ESRCH\n"
	     "12 statements, 1 of 3 expectations failed\n"
	     "failed at line 5\n");
	CU_ASSERT_EQUAL(tot.failed, 1);
}

static void test_rules_json(void)
{
	struct run_totals tot;

	CU_ASSERT_EQUAL(run("fork init a => ok\n"
			    "fork a b => */1\n"
			    "clone init c set_tid=1,2\n"
			    "wait a b\n"
			    "expect a state=zombie\n"
			    "expect a state=running\n"
			    "expect init parent=init\n"
			    "exit c => ESRCH\n",
			    true, 0, &tot), 0);
	SAME(out_text,
	     "{\"line\":1,\"op\":\"fork\",\"args\":[\"init\",\"a\"],\"result\":\"2\",\"nspid\":[2],\"expected\":\"ok\",\"ok\":true}\n"
	     "{\"line\":2,\"op\":\"fork\",\"args\":[\"a\",\"b\"],\"result\":\"3\",\"nspid\":[3],\"expected\":\"*/1\",\"ok\":false}\n"
	     "{\"line\":3,\"op\":\"clone\",\"args\":[\"init\",\"c\",\"set_tid=1,2\"],\"result\":\"EINVAL\"}\n"
	     "{\"line\":4,\"op\":\"wait\",\"args\":[\"a\",\"b\"],\"result\":\"running\"}\n"
	     "{\"line\":5,\"op\":\"expect\",\"args\":[\"a\",\"state=zombie\"],\"result\":\"state=running\",\"ok\":false}\n"
	     "{\"line\":6,\"op\":\"expect\",\"args\":[\"a\",\"state=running\"],\"result\":\"ok\",\"ok\":true}\n"
	     "{\"line\":7,\"op\":\"expect\",\"args\":[\"init\",\"parent=init\"],\"result\":\"parent=-\",\"ok\":false}\n"
	     "{\"line\":8,\"op\":\"exit\",\"args\":[\"c\"],\"result\":\"ESRCH\",\"expected\":\"ESRCH\",\"ok\":true}\n"
	     "{\"summary\":{\"schema\":1,\"statements\":8,\"expectations\":6,\"failed\":3,\"failed_lines\":[2,5,7]}}\n");
}

static void test_deep_nspid(void)
{
	struct run_totals tot;
	char want[2048];
	size_t w;
	int i;

	/* 32 nested namespaces: the longest nspid, in results and in found */
	CU_ASSERT_EQUAL(run("fork init n0\nclone n{0..31} n{1..32} newpid\n"
			    "expect n32 nspid=1\n", false, 0, &tot), 0);
	w = (size_t)sprintf(want, "nspid=");
	for (i = 0; i < NSPID_MAX; i++)
		w += (size_t)sprintf(want + w, i ? "/%d" : "%d", i == 0 ? 34 : 33 - i);
	/* the clone's result is the same numbers */
	CU_ASSERT(strstr(out_text, want + 6) != NULL);
	CU_ASSERT(strstr(out_text, want) != NULL);
	CU_ASSERT_EQUAL(strlen(want), 6 + 2 + 23 * 3 + 9 * 2);
}

static void test_summary_and_headers(void)
{
	struct report rp;
	struct run_totals all = { .statements = 7, .expectations = 5, .failed = 2 };
	char *buf = NULL;
	size_t size;
	FILE *out = open_memstream(&buf, &size);

	report_begin(&rp, out, false, false, "a.trace");
	rp.tot = (struct run_totals){ .statements = 3, .expectations = 2, .failed = 1 };
	rp.failed_line[0] = 12;
	report_file_header(out, false, "a.trace", true);
	report_summary(&rp, NULL);
	report_file_header(out, false, "-", false);
	report_file_header(out, true, "b.trace", false);
	rp.json = true;
	rp.file = "a\"b\\c\x01\xff\xc3\xa9.trace";
	report_summary(&rp, "\"diverged\":2");
	rp.file = NULL;
	report_summary(&rp, NULL);
	report_total(out, false, &all, 3, 2);
	report_total(out, true, &all, 3, 2);
	fclose(out);
	SAME(buf,
	     "==> a.trace <==\n"
	     "3 statements, 1 of 2 expectations failed\n"
	     "failed at line 12\n"
	     "\n==> <stdin> <==\n"
	     "{\"summary\":{\"file\":\"a\\\"b\\\\c\\u0001\\ufffd\xc3\xa9.trace\",\"schema\":1,\"statements\":3,\"expectations\":2,\"failed\":1,\"failed_lines\":[12],\"diverged\":2}}\n"
	     "{\"summary\":{\"schema\":1,\"statements\":3,\"expectations\":2,\"failed\":1,\"failed_lines\":[12]}}\n"
	     "\ntotal: 3 files, 7 statements, 2 of 5 expectations failed (in 2 files)\n"
	     "{\"total\":{\"schema\":1,\"files\":3,\"files_failed\":2,\"statements\":7,\"expectations\":5,\"failed\":2}}\n");
	free(buf);
}

static void test_engine_failure(void)
{
	struct run_totals tot;
	char want[512];

	CU_ASSERT_EQUAL(run("fork init a\nexit a\nexit init\n", false, 2, &tot), -EIO);
	SAME(out_text, "1: fork init a -> 2\n");
	snprintf(want, sizeof(want), "%s:2: the fake engine failed: %s\n", path,
		 strerror(EIO));
	SAME(err_text, want);
	CU_ASSERT_EQUAL(tot.statements, 1);
}

static void test_expectation_holds(void)
{
	struct expectation x = { 0 };
	struct result r = { 0 };
	char buf[64];

	x.kind = OC_OK;
	r.kind = OC_OK;
	CU_ASSERT_TRUE(expectation_holds(&x, &r));
	r.kind = OC_NSPID;
	r.nspid.n = 2;
	r.nspid.nr[0] = 7;
	r.nspid.nr[1] = 1;
	CU_ASSERT_TRUE(expectation_holds(&x, &r));
	CU_ASSERT_STRING_EQUAL(result_token(&r, buf, sizeof(buf)), "7/1");
	r.kind = OC_RUNNING;
	CU_ASSERT_FALSE(expectation_holds(&x, &r));
	CU_ASSERT_STRING_EQUAL(result_token(&r, buf, sizeof(buf)), "running");
	r.kind = OC_SKIPPED;
	CU_ASSERT_FALSE(expectation_holds(&x, &r));
	CU_ASSERT_STRING_EQUAL(result_token(&r, buf, sizeof(buf)), "skipped");

	x.kind = OC_NSPID;
	x.nspid.n = 2;
	x.nspid.nr[0] = NSPID_ANY;
	x.nspid.nr[1] = 1;
	r.kind = OC_NSPID;
	CU_ASSERT_TRUE(expectation_holds(&x, &r));
	x.nspid.nr[1] = 2;
	CU_ASSERT_FALSE(expectation_holds(&x, &r));
	x.nspid.n = 1;
	x.nspid.nr[0] = NSPID_ANY;
	CU_ASSERT_FALSE(expectation_holds(&x, &r));	/* levels must match */
	r.kind = OC_OK;
	CU_ASSERT_FALSE(expectation_holds(&x, &r));

	x.kind = OC_ERRNO;
	x.err = ENOMEM;
	r.kind = OC_ERRNO;
	r.err = ENOMEM;
	CU_ASSERT_TRUE(expectation_holds(&x, &r));
	CU_ASSERT_STRING_EQUAL(result_token(&r, buf, sizeof(buf)), "ENOMEM");
	r.err = EAGAIN;
	CU_ASSERT_FALSE(expectation_holds(&x, &r));
	r.err = 4000;
	CU_ASSERT_STRING_EQUAL(result_token(&r, buf, sizeof(buf)), "E4000");

	x.kind = OC_RUNNING;
	r.kind = OC_RUNNING;
	CU_ASSERT_TRUE(expectation_holds(&x, &r));
	x.kind = OC_SKIPPED;
	CU_ASSERT_FALSE(expectation_holds(&x, &r));
	r.kind = OC_SKIPPED;
	CU_ASSERT_TRUE(expectation_holds(&x, &r));

	r.kind = OC_FOUND;
	strcpy(r.found, "state=zombie");
	CU_ASSERT_STRING_EQUAL(result_token(&r, buf, sizeof(buf)), "state=zombie");
}

int main(void)
{
	CU_pSuite s;
	unsigned int failed;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/t.trace", tmpdir);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("runner", NULL, NULL);
	CU_add_test(s, "rules, text output", test_rules_text);
	CU_add_test(s, "show", test_show);
	CU_add_test(s, "json output", test_rules_json);
	CU_add_test(s, "deep nspid", test_deep_nspid);
	CU_add_test(s, "summary and headers", test_summary_and_headers);
	CU_add_test(s, "engine failure", test_engine_failure);
	CU_add_test(s, "expectation_holds", test_expectation_holds);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	free(out_text);
	free(err_text);
	unlink(path);
	rmdir(tmpdir);
	return failed ? 1 : 0;
}
