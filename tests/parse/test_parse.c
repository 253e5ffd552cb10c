/*
 * test_parse.c - CUnit tests of the trace parser (sim/trace.c): every error
 * class with its exact LINE:COLUMN and message, the statements it yields
 * (fields, argv, label ids), range expansion, stdin-like spooling, and
 * streaming in bounded memory.
 *
 * Each test writes its trace to a temporary file and opens it; messages are
 * captured with open_memstream and compared without the file name.
 *
 *   test_parse              the unit tests
 *   test_parse --stream-10m 10 million statements through both passes
 */
#define _GNU_SOURCE
#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/trace/errnames.h"
#include "sim/trace/spool.h"
#include "sim/trace/trace.h"

static char tmpdir[] = "/tmp/pidsim-test-parse-XXXXXX";
static char path[256];
static char *errtext;
static size_t errsize;

static void write_file(const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fwrite(text, 1, len, f) == len);
	fclose(f);
}

/* Open len bytes of text as a trace; errtext holds what went to stderr. */
static struct trace *open_bytes(const char *text, size_t len)
{
	struct trace *t;
	FILE *err;

	write_file(text, len);
	free(errtext);
	errtext = NULL;
	err = open_memstream(&errtext, &errsize);
	CU_ASSERT_FATAL(err != NULL);
	t = trace_open(path, err);
	fclose(err);
	return t;
}

static struct trace *open_text(const char *text)
{
	return open_bytes(text, strlen(text));
}

/* The first line of the message, without "PATH:". */
static const char *first_error(void)
{
	static char line[1024];
	size_t plen = strlen(path);
	char *nl;

	if (!errtext || strncmp(errtext, path, plen) != 0 || errtext[plen] != ':')
		return errtext ? errtext : "(nothing)";
	snprintf(line, sizeof(line), "%s", errtext + plen + 1);
	nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';
	return line;
}

/* The trace is refused with exactly this "LINE:COLUMN: message". */
#define REFUSED_BYTES(text, len, want) do {					\
		struct trace *t_ = open_bytes((text), (len));			\
		CU_ASSERT_PTR_NULL(t_);						\
		CU_ASSERT_STRING_EQUAL(first_error(), (want));			\
		if (strcmp(first_error(), (want)))				\
			fprintf(stderr, "\n  got:  %s\n  want: %s\n",		\
				first_error(), (want));				\
		trace_close(t_);						\
	} while (0)
#define REFUSED(text, want)	REFUSED_BYTES((text), strlen(text), (want))

#define ACCEPTED(text) do {							\
		struct trace *t_ = open_text(text);				\
		CU_ASSERT_PTR_NOT_NULL(t_);					\
		if (!t_)							\
			fprintf(stderr, "\n  refused: %s\n", errtext);		\
		trace_close(t_);						\
	} while (0)

/* ---- error classes ---------------------------------------------------- */

static void test_unknown_operation(void)
{
	REFUSED("fork init a\nfrok a b\n", "2:1: unknown operation \"frok\"");
	REFUSED("  Fork init a\n", "1:3: unknown operation \"Fork\"");
	REFUSED("=> ok\n", "1:1: '=>' needs a statement before it");
}

static void test_argument_count(void)
{
	REFUSED("fork init\n", "1:10: missing argument: usage is 'fork P C'");
	REFUSED("fork\n", "1:5: missing argument: usage is 'fork P C'");
	REFUSED("exit init thread extra\n",
		"1:18: too many arguments: usage is 'exit P [thread]'");
	REFUSED("fork init a b\n", "1:13: too many arguments: usage is 'fork P C'");
	REFUSED("unshare init\n", "1:13: missing argument: usage is 'unshare P newpid'");
	REFUSED("setns init init children x\n",
		"1:26: too many arguments: usage is 'setns P T [children]'");
	REFUSED("expect init\n",
		"1:12: missing argument: usage is 'expect P KEY=VALUE...'");
	REFUSED("kill init\t# comment\n",
		"1:10: missing argument: usage is 'kill P T|-G|all [SIG]'");
	REFUSED("unshare init newpidx\n",
		"1:14: unshare takes only 'newpid', not \"newpidx\"");
	REFUSED("setns init init child\n",
		"1:17: setns takes only 'children' after T, not \"child\"");
}

static void test_label_syntax(void)
{
	char text[256];

	REFUSED("fork init 1a\n",
		"1:11: bad label \"1a\": a label starts with a letter or _");
	REFUSED("fork init a!b\n",
		"1:12: bad label \"a!b\": a label holds only A-Z a-z 0-9 _ . -");
	REFUSED("fork init -a\n",
		"1:11: bad label \"-a\": a label starts with a letter or _");
	REFUSED("fork init \xc3\xa9t\xc3\xa9\n",
		"1:11: bad label \"\xc3\xa9t\xc3\xa9\": a label starts with a letter or _");
	/* 63 characters are fine, 64 are not */
	snprintf(text, sizeof(text), "fork init _%062d\n", 7);
	ACCEPTED(text);
	snprintf(text, sizeof(text), "fork init _%063d\n", 7);
	REFUSED(text, "1:11: label \"_00000000000000000000000000000000000000000000000..."
		"\" is longer than 63 characters");
	REFUSED("fork init a.b-c_D9\nexpect a.b-c_D9 parent=Init\n",
		"2:24: label \"Init\" is used before any fork or clone creates it");
	REFUSED("expect init parent=\n", "1:20: missing label");
	REFUSED("expect init pid@=1\n", "1:17: missing label");
}

static void test_label_reuse(void)
{
	REFUSED("fork init a\nfork init a\n",
		"2:11: label \"a\" is taken: line 1 created it");
	REFUSED("fork init init\n",
		"1:11: label \"init\" is taken: it names the trace's first process");
	REFUSED("fork init a\nclone a a\n",
		"2:9: label \"a\" is taken: line 1 created it");
	/* a failed fork still takes its label: the parser cannot know */
	REFUSED("fork init a => ENOMEM\nfork init a\n",
		"2:11: label \"a\" is taken: line 1 created it");
	/* one child repeated by a range */
	REFUSED("fork init w{1..2}\nfork w{1..2} x\n",
		"2:14: label \"x\" is taken: line 2 created it");
}

static void test_label_before_creation(void)
{
	REFUSED("fork a b\n",
		"1:6: label \"a\" is used before any fork or clone creates it");
	REFUSED("exit b\nfork init b\n",
		"1:6: label \"b\" is used before any fork or clone creates it");
	REFUSED("fork init a\nexpect a pid@b=1\n",
		"2:14: label \"b\" is used before any fork or clone creates it");
	REFUSED("fork init a\nwait a a2\n",
		"2:8: label \"a2\" is used before any fork or clone creates it");
	/* the child of a statement does not exist for its own actor */
	REFUSED("fork a a\n",
		"1:6: label \"a\" is used before any fork or clone creates it");
}

static void test_numbers(void)
{
	REFUSED("ns_last_pid init x\n", "1:18: bad number \"x\"");
	REFUSED("ns_last_pid init +5\n", "1:18: bad number \"+5\"");
	REFUSED("ns_last_pid init -\n", "1:18: bad number \"-\"");
	REFUSED("ns_last_pid init 12a\n", "1:18: bad number \"12a\"");
	REFUSED("pid_max init 2147483648\n",
		"1:14: number \"2147483648\" does not fit in a signed 32-bit int");
	REFUSED("pid_max init -2147483649\n",
		"1:14: number \"-2147483649\" does not fit in a signed 32-bit int");
	REFUSED("pid_max init 99999999999999999999999999\n",
		"1:14: number \"99999999999999999999999999\" does not fit in a signed 32-bit int");
	ACCEPTED("pid_max init 2147483647\npid_max init -2147483648\npid_max init 007\n");
	REFUSED("pidsim x\n", "1:8: bad number \"x\"");
}

static void test_expect_syntax(void)
{
	REFUSED("expect init foo=1\n",
		"1:13: unknown expect key \"foo\": the keys are nspid, state, parent, ppid, pgid, sid, last_pid, pid_max and pid@Q");
	REFUSED("expect init state\n", "1:13: expected KEY=VALUE, found \"state\"");
	REFUSED("expect init state=dead\n",
		"1:19: bad state \"dead\": expected running, exiting, zombie or reaped");
	REFUSED("expect init nspid=\n", "1:19: missing pid after nspid=");
	REFUSED("expect init nspid=1//1\n", "1:21: missing number");
	REFUSED("expect init ppid=x\n", "1:18: bad number \"x\"");
	REFUSED("expect init state=running => ok\n",
		"1:27: expect takes no '=> R': its KEY=VALUE pairs are its expectation");
	ACCEPTED("expect init nspid=1 state=running parent=- ppid=0 pgid=0 sid=0 "
		 "last_pid=1 pid_max=32768 pid@init=1 nspid=*\n");
}

static void test_expectation_syntax(void)
{
	REFUSED("fork init a => enomem\n", "1:16: errno names are upper case: ENOMEM");
	REFUSED("fork init a => EFOO\n", "1:16: unknown errno name \"EFOO\"");
	REFUSED("fork init a => yes\n",
		"1:16: bad result \"yes\": expected ok, running, skipped, an errno name such as ENOMEM or a pid such as 7/1 or */1");
	REFUSED("fork init a => 7/x\n", "1:18: bad number \"x\"");
	REFUSED("fork init a => 7/\n", "1:18: missing number");
	REFUSED("fork init a =>\n", "1:15: missing result after '=>'");
	REFUSED("fork init a => ok ok\n", "1:19: only one result may follow '=>'");
	REFUSED("fork init a =>ok ok\n", "1:18: only one result may follow '=>'");
	ACCEPTED("fork init a => */1\nfork init b =>3\nwait init a => running\n"
		 "exit a => ESRCH\nclone init c set_tid=9 => skipped\n"
		 "kill init a => EWOULDBLOCK\n");
}

static void test_clone_flags(void)
{
	REFUSED("clone init a newpdi\n",
		"1:14: unknown clone flag \"newpdi\": the flags are newpid, thread, parent and set_tid=N,...");
	REFUSED("clone init a newpid thread newpid\n",
		"1:28: duplicate clone flag \"newpid\"");
	REFUSED("clone init a set_tid=1 set_tid=2\n",
		"1:24: duplicate clone flag \"set_tid\"");
	REFUSED("clone init a set_tid\n",
		"1:14: set_tid needs its numbers: set_tid=N,N,...");
	REFUSED("clone init a set_tid=\n", "1:22: set_tid needs 1 to 33 numbers");
	REFUSED("clone init a set_tid=1,,2\n", "1:24: missing number");
	REFUSED("clone init a set_tid=1,\n", "1:24: missing number");
	REFUSED("clone init a set_tid=1,x\n", "1:24: bad number \"x\"");
}

static void test_set_tid_size(void)
{
	char text[512];
	size_t o;
	int i;

	o = (size_t)snprintf(text, sizeof(text), "clone init a set_tid=1");
	for (i = 2; i <= 33; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, ",%d", i);
	snprintf(text + o, sizeof(text) - o, "\n");
	ACCEPTED(text);
	/* the 34th entry: 21 columns of "clone init a set_tid=", 18 of "1," to
	 * "9,", 72 of "10," to "33," */
	snprintf(text + o, sizeof(text) - o, ",34\n");
	REFUSED(text, "1:112: set_tid has more than 33 entries");
}

static void test_range_errors(void)
{
	REFUSED("fork init w{3..1}\n",
		"1:12: range {3..1} runs backwards: A must not exceed B");
	REFUSED("fork init w{1..2}x{1..2}\n", "1:19: more than one range in a label");
	REFUSED("fork init w{1..3}\nclone w{1..3} v{1..2}\n",
		"2:16: ranges of different lengths in one statement (3 and 2)");
	REFUSED("ns_last_pid init {1..3}\n",
		"1:18: a range {A..B} may only stand in a label");
	REFUSED("fork init a\nclone init b set_tid={1..2}\n",
		"2:22: a range {A..B} may only stand in a label");
	REFUSED("fork init a => {1..2}/1\n",
		"1:16: a range {A..B} may only stand in a label");
	REFUSED("expect init state={1..2}\n",
		"1:19: a range {A..B} may only stand in a label");
	REFUSED("fork init {1..3}\n",
		"1:11: a range cannot start a label: its expansion \"1...\" does not start with a letter or _");
	REFUSED("fork init w{1..2000000}\n",
		"1:12: range {1..2000000} stands for 2000000 statements, at most 1048576");
	REFUSED("fork init w{1..3\n", "1:12: unterminated range: '{' without '}'");
	REFUSED("fork init w{1.3}\n", "1:12: bad range \"{1.3}\": the form is {A..B}");
	REFUSED("fork init w{1..x}\n", "1:16: bad number \"x\"");
	REFUSED("fork init w{..3}\n", "1:13: missing number");
	REFUSED("fork init w1}\n",
		"1:13: bad label \"w1}\": a label holds only A-Z a-z 0-9 _ . -");
	/* 61 + up to 3 digits: the expansion would be 64 characters */
	REFUSED("fork init a123456789a123456789a123456789a123456789a123456789a123456789a{1..100}\n",
		"1:11: range in \"a123456789a123456789a123456789a123456789a1234567...\" "
		"makes labels longer than 63 characters");
	/* an expansion that uses a label before it exists */
	REFUSED("fork init n1\nclone n{1..3} n{3..5}\n",
		"2:7: label \"n2\" is used before any fork or clone creates it");
}

static void test_line_limits(void)
{
	char *text = malloc(TRACE_LINE_MAX + 64);
	size_t n;

	CU_ASSERT_FATAL(text != NULL);
	/* exactly TRACE_LINE_MAX bytes (a long comment) is fine, CRLF too */
	n = (size_t)snprintf(text, 64, "fork init a #");
	memset(text + n, 'x', TRACE_LINE_MAX - n);
	memcpy(text + TRACE_LINE_MAX, "\r\n", 3);
	ACCEPTED(text);
	/* one byte more is not */
	memcpy(text + TRACE_LINE_MAX, "x\n", 3);
	REFUSED(text, "1:4097: line longer than 4096 bytes");
	/* nor on the last line without a newline */
	memset(text, '#', TRACE_LINE_MAX + 1);
	REFUSED_BYTES(text, TRACE_LINE_MAX + 1, "1:4097: line longer than 4096 bytes");
	free(text);
}

static void test_bytes(void)
{
	REFUSED_BYTES("fork init a\0b\n", 14, "1:12: NUL byte in the trace");
	REFUSED_BYTES("# \0\n", 4, "1:3: NUL byte in the trace");
	REFUSED("# \xff\n", "1:3: invalid UTF-8 (byte 0xff)");
	REFUSED("# \xc3\xa9\xff\n", "1:4: invalid UTF-8 (byte 0xff)");
	REFUSED("# \xc0\x80 overlong\n", "1:3: invalid UTF-8 (byte 0xc0)");
	REFUSED("# \xe0\x80\x80 overlong\n", "1:3: invalid UTF-8 (byte 0xe0)");
	REFUSED("# \xf0\x80\x80\x80 overlong\n", "1:3: invalid UTF-8 (byte 0xf0)");
	REFUSED("# \xed\xa0\x80 surrogate\n", "1:3: invalid UTF-8 (byte 0xed)");
	REFUSED("# \xf4\x90\x80\x80 too large\n", "1:3: invalid UTF-8 (byte 0xf4)");
	REFUSED("# \xe2\x82\n", "1:3: invalid UTF-8 (byte 0xe2)");
	REFUSED("# \x80\n", "1:3: invalid UTF-8 (byte 0x80)");
	REFUSED("fork init a\n# \xe2\x82", "2:3: invalid UTF-8 (byte 0xe2)");
	ACCEPTED("# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7 \xf4\x8f\xbf\xbf\n");
	/* a UTF-8 BOM at the start is tolerated */
	ACCEPTED("\xef\xbb\xbf" "fork init a\n");
}

static void test_version(void)
{
	ACCEPTED("# header\n\npidsim 1\nfork init a\n");
	REFUSED("fork init a\npidsim 1\n",
		"2:1: the version statement 'pidsim 1' must be the first statement");
	REFUSED("pidsim 1\npidsim 1\n",
		"2:1: the version statement 'pidsim 1' must be the first statement");
	REFUSED("pidsim 2\n",
		"1:8: unsupported trace version 2: this pidsim reads versions 1 and 1.1");
	REFUSED("pidsim 1.2\n",
		"1:8: unsupported trace version \"1.2\": this pidsim reads versions 1 and 1.1");
	ACCEPTED("pidsim 1.1\nfork init a\nwait init any\n");
	ACCEPTED("wait init any\n");	/* no declaration: any version */
	REFUSED("pidsim\n", "1:7: missing argument: usage is 'pidsim 1'");
	REFUSED("pidsim 1 1\n", "1:10: too many arguments: usage is 'pidsim 1'");
	REFUSED("pidsim 1 => ok\n", "1:10: the version statement takes no '=> R'");
}

static void test_limits(void)
{
	char text[2048];
	size_t o;
	int i;

	/* EXPECT_PAIRS_MAX pairs are fine, one more is not */
	o = (size_t)snprintf(text, sizeof(text), "expect init");
	for (i = 0; i < EXPECT_PAIRS_MAX; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, " sid=0");
	snprintf(text + o, sizeof(text) - o, "\n");
	ACCEPTED(text);
	snprintf(text + o, sizeof(text) - o, " sid=0 sid=0 sid=0\n");
	REFUSED(text, "1:205: too many KEY=VALUE pairs: at most 32");

	/* a pid has at most NSPID_MAX levels */
	o = (size_t)snprintf(text, sizeof(text), "fork init a => 1");
	for (i = 1; i < NSPID_MAX; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "/1");
	snprintf(text + o, sizeof(text) - o, "\n");
	ACCEPTED(text);
	snprintf(text + o, sizeof(text) - o, "/*\n");
	REFUSED(text, "1:82: a pid has at most 33 levels");

	/* 17 clone arguments: the duplicate flag is found first */
	REFUSED("clone init a newpid thread parent set_tid=1 newpid newpid newpid "
		"newpid newpid newpid newpid newpid newpid newpid newpid newpid "
		"newpid newpid newpid newpid newpid newpid newpid newpid newpid "
		"newpid newpid newpid newpid newpid newpid newpid newpid newpid\n",
		"1:45: duplicate clone flag \"newpid\"");
}

static void test_label_limit(void)
{
	char text[128];

	/* TRACE_LABELS_MAX counts init: 1 + (2^20 - 1) labels fit */
	snprintf(text, sizeof(text), "fork init w{1..%d}\n", TRACE_LABELS_MAX - 1);
	ACCEPTED(text);
	snprintf(text, sizeof(text), "fork init w{1..%d}\nfork init x\n",
		 TRACE_LABELS_MAX - 1);
	REFUSED(text, "2:11: too many labels: at most 1048576");
}

static void test_message_shape(void)
{
	struct trace *t;

	/* the line and a caret under the column; tabs kept so it lines up */
	t = open_text("fork init a\n\tfork  a\tb c # tail\n");
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_STRING_EQUAL(errtext + strlen(path),
			       ":2:12: too many arguments: usage is 'fork P C'\n"
			       "\tfork  a\tb c # tail\n"
			       "\t       \t  ^\n");
	/* control characters are not echoed raw */
	t = open_text("frok\x1b[31m x\n");
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_STRING_EQUAL(errtext + strlen(path),
			       ":1:1: unknown operation \"frok\\x1b[31m\"\n"
			       "frok?[31m x\n"
			       "^\n");
	/* an unprintable line is not echoed at all */
	t = open_bytes("fork\0", 5);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_STRING_EQUAL(errtext + strlen(path), ":1:5: NUL byte in the trace\n");
	/* I/O errors: "FILE: reason" */
	free(errtext);
	errtext = NULL;
	{
		FILE *err = open_memstream(&errtext, &errsize);

		t = trace_open("/nonexistent/pidsim.trace", err);
		fclose(err);
		CU_ASSERT_PTR_NULL(t);
		CU_ASSERT_STRING_EQUAL(errtext,
				       "/nonexistent/pidsim.trace: No such file or directory\n");
		free(errtext);
		errtext = NULL;
		err = open_memstream(&errtext, &errsize);
		t = trace_open(tmpdir, err);
		fclose(err);
		CU_ASSERT_PTR_NULL(t);
		CU_ASSERT(strstr(errtext, ": Is a directory\n") != NULL);
	}
}

/* ---- statements ------------------------------------------------------- */

static struct stmt st;

/* ---- version 1.1 ---------------------------------------------------- */

static void test_v11_declared_1(void)
{
	/* a trace that says it is version 1 may not use a 1.1 statement */
	REFUSED("pidsim 1\nfork init a\nwait init any\n",
		"3:1: 'wait P C|any' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	REFUSED("pidsim 1\nsigchld init ignore\n",
		"2:1: 'sigchld P ignore|default' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	REFUSED("pidsim 1\nfork init a\nsetpgid init a a\n",
		"3:1: 'setpgid P [C] G' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	REFUSED("pidsim 1\nexec init\n",
		"2:1: 'exec P' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	REFUSED("pidsim 1\nexit init thread\n",
		"2:1: 'exit P [thread]' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	REFUSED("pidsim 1\nkill init init KILL\n",
		"2:1: 'kill P T|-G|all [SIG]' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	REFUSED("pidsim 1\nkill init -init\n",
		"2:1: 'kill P T|-G|all [SIG]' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	REFUSED("pidsim 1\nkill init all\n",
		"2:1: 'kill P T|-G|all [SIG]' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	REFUSED("pidsim 1\nshow init state\n",
		"2:1: 'show P KEY...' is a version 1.1 statement, but the trace declares 'pidsim 1': declare 'pidsim 1.1'");
	/* the version-1 forms stay version 1 */
	ACCEPTED("pidsim 1\nfork init a\nkill init a\nwait init a\nsetpgid a a\nexit a\n");
}

static void test_v11_errors(void)
{
	REFUSED("kill init init TERMINATE\n",
		"1:16: unknown signal \"TERMINATE\": the signals are KILL, TERM, INT, HUP, QUIT, USR1, USR2 and ALRM");
	REFUSED("kill init init SIGTERM\n",
		"1:16: signal names are written without SIG: TERM");
	REFUSED("kill init init term\n", "1:16: signal names are upper case: TERM");
	REFUSED("kill init init STOP\n",
		"1:16: unknown signal \"STOP\": the signals are KILL, TERM, INT, HUP, QUIT, USR1, USR2 and ALRM");
	REFUSED("kill init init 9\n",
		"1:16: unknown signal \"9\": the signals are KILL, TERM, INT, HUP, QUIT, USR1, USR2 and ALRM");
	REFUSED("kill init init KILL x\n",
		"1:21: too many arguments: usage is 'kill P T|-G|all [SIG]'");
	REFUSED("kill init -g\n",
		"1:12: label \"g\" is used before any fork or clone creates it");
	REFUSED("kill init -\n", "1:12: missing label");
	REFUSED("kill init -1\n", "1:12: bad label \"1\": a label starts with a letter or _");
	REFUSED("kill init all NINE\n",
		"1:15: unknown signal \"NINE\": the signals are KILL, TERM, INT, HUP, QUIT, USR1, USR2 and ALRM");
	REFUSED("wait init\n", "1:10: missing argument: usage is 'wait P C|any'");
	REFUSED("wait init any any\n", "1:15: too many arguments: usage is 'wait P C|any'");
	REFUSED("fork init a\nwait init any => b\n",
		"2:18: label \"b\" is used before any fork or clone creates it");
	REFUSED("fork init a\nwait init any => %x\n",
		"2:18: bad result \"%x\": expected ok, running, skipped, an errno name such as ENOMEM or a pid such as 7/1 or */1, or a label");
	REFUSED("fork init a\nwait init any => a{1..2}\n",
		"2:19: a range {A..B} may only stand in a label");
	REFUSED("fork init a\nwait init a => a\n",
		"2:16: bad result \"a\": expected ok, running, skipped, an errno name such as ENOMEM or a pid such as 7/1 or */1");
	REFUSED("sigchld init\n",
		"1:13: missing argument: usage is 'sigchld P ignore|default'");
	REFUSED("sigchld init ign\n", "1:14: sigchld takes 'ignore' or 'default', not \"ign\"");
	REFUSED("sigchld init ignore default\n",
		"1:21: too many arguments: usage is 'sigchld P ignore|default'");
	REFUSED("fork init a\nsetpgid init a b\n",
		"2:16: label \"b\" is used before any fork or clone creates it");
	REFUSED("fork init a\nsetpgid init a a a\n",
		"2:18: too many arguments: usage is 'setpgid P [C] G'");
	REFUSED("exec init init\n", "1:11: too many arguments: usage is 'exec P'");
	REFUSED("exec\n", "1:5: missing argument: usage is 'exec P'");
	REFUSED("exit init threads\n", "1:11: exit takes only 'thread' after P, not \"threads\"");
	REFUSED("show init\n", "1:10: missing argument: usage is 'show P KEY...'");
	REFUSED("show init nspid=2\n", "1:11: show takes keys without values: nspid");
	REFUSED("show init pids\n",
		"1:11: unknown show key \"pids\": the keys are nspid, state, parent, ppid, pgid, sid, last_pid, pid_max and pid@Q");
	REFUSED("show init pid@x\n",
		"1:15: label \"x\" is used before any fork or clone creates it");
	REFUSED("show init state pgid => state=running\n",
		"1:38: show has 2 keys but 1 pair after '=>': one KEY=VALUE per key, in order");
	REFUSED("show init state => state=running pgid=0\n",
		"1:34: show has 1 key but 2 pairs after '=>': one KEY=VALUE per key, in order");
	REFUSED("show init state pgid => pgid=0 state=running\n",
		"1:25: expected state=VALUE for show's key 1, found \"pgid=0\"");
	REFUSED("show init pid@init => nspid=1\n",
		"1:23: expected pid@Q=VALUE for show's key 1, found \"nspid=1\"");
	REFUSED("show init state =>\n", "1:19: missing result after '=>'");
}

static void test_v11_statements(void)
{
	struct trace *t = open_text(
		"pidsim 1.1\n"
		"fork init a\n"
		"wait init any => a\n"
		"wait init any =>ECHILD\n"
		"sigchld a ignore\n"
		"sigchld a default => ok\n"
		"setpgid init a init\n"
		"setpgid a a\n"
		"exec a\n"
		"exit a thread\n"
		"kill init a\n"
		"kill init a TERM\n"
		"kill init -a USR2\n"
		"kill init all\n"
		"show a nspid pid@init  state => nspid=2 \t pid@init=2 state=running\n");

	if (!t)
		fprintf(stderr, "\n  refused: %s\n", errtext);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(trace_statement_count(t), 14);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);		/* fork */
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_WAIT);
	CU_ASSERT_EQUAL(st.flags, STMT_ANY);
	CU_ASSERT_EQUAL(st.label[1], LABEL_NONE);
	CU_ASSERT_EQUAL(st.version, TRACE_VERSION_1_1);
	CU_ASSERT_EQUAL(st.expect.kind, OC_LABEL);
	CU_ASSERT_EQUAL(st.expect.label, 1);
	CU_ASSERT_STRING_EQUAL(st.expect_text, "a");
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.expect.kind, OC_ERRNO);
	CU_ASSERT_EQUAL(st.expect.err, ECHILD);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SIGCHLD);
	CU_ASSERT_EQUAL(st.flags, STMT_IGNORE);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SIGCHLD);
	CU_ASSERT_EQUAL(st.flags, 0);
	CU_ASSERT_EQUAL(st.expect.kind, OC_OK);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SETPGID);
	CU_ASSERT_EQUAL(st.flags, STMT_WHO);
	CU_ASSERT_EQUAL(st.label[0], 0);
	CU_ASSERT_EQUAL(st.label[1], 0);	/* G */
	CU_ASSERT_EQUAL(st.label[2], 1);	/* C */
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SETPGID);
	CU_ASSERT_EQUAL(st.flags, 0);
	CU_ASSERT_EQUAL(st.label[1], 1);
	CU_ASSERT_EQUAL(st.label[2], LABEL_NONE);
	CU_ASSERT_EQUAL(st.version, TRACE_VERSION_1);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_EXEC);
	CU_ASSERT_EQUAL(st.label[0], 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_EXIT);
	CU_ASSERT_EQUAL(st.flags, STMT_EXIT_THREAD);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_KILL);
	CU_ASSERT_EQUAL(st.sig, TRACE_SIGKILL);
	CU_ASSERT_EQUAL(st.flags, 0);
	CU_ASSERT_EQUAL(st.version, TRACE_VERSION_1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.sig, TRACE_SIGTERM);
	CU_ASSERT_EQUAL(st.flags, STMT_SIG);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.flags, STMT_SIG | STMT_PGRP);
	CU_ASSERT_EQUAL(st.sig, TRACE_SIGUSR2);
	CU_ASSERT_EQUAL(st.label[1], 1);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "-a");
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.flags, STMT_ALL);
	CU_ASSERT_EQUAL(st.sig, TRACE_SIGKILL);
	CU_ASSERT_EQUAL(st.label[1], LABEL_NONE);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SHOW);
	CU_ASSERT_EQUAL(st.npairs, 3);
	CU_ASSERT_EQUAL(st.pairs[0].key, EK_NSPID);
	CU_ASSERT_EQUAL(st.pairs[1].key, EK_PID_AT);
	CU_ASSERT_EQUAL(st.pairs[1].label, 0);
	CU_ASSERT_EQUAL(st.pairs[2].key, EK_STATE);
	CU_ASSERT_EQUAL(st.argc, 4);
	CU_ASSERT_EQUAL(st.expect.kind, OC_SHOW);
	CU_ASSERT_STRING_EQUAL(st.expect_text, "nspid=2 pid@init=2 state=running");
	CU_ASSERT_EQUAL(trace_next(t, &st), 0);
	trace_close(t);

	CU_ASSERT_STRING_EQUAL(trace_signal_name(TRACE_SIGALRM), "ALRM");
	CU_ASSERT_PTR_NULL(trace_signal_name(19));
	CU_ASSERT_EQUAL(trace_signal_by_name("HUP", 3), TRACE_SIGHUP);
	CU_ASSERT_EQUAL(trace_signal_by_name("HUPX", 4), 0);
}

static void test_statements(void)
{
	struct trace *t = open_text(
		"pidsim 1 # version\r\n"
		"\n"
		"  # comment only\n"
		"fork init b#no space before the comment\r\n"
		"clone b a thread set_tid=5,-1,0 parent newpid => */1\n"
		"unshare a newpid\n"
		"setns a b children => ENOMEM\n"
		"setns a b\n"
		"kill\tinit   a\n"
		"wait init a => running\n"
		"setsid a\nsetpgid a b\nsubreaper a\n"
		"ns_last_pid a -5\npid_max a 99 => EINVAL\n"
		"expect a nspid=3/*/1 state=zombie parent=b ppid=7 pgid=8 sid=9 "
		"last_pid=10 pid_max=11 pid@init=12 parent=-\n"
		"exit a =>ok\n");
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(trace_statement_count(t), 14);
	CU_ASSERT_EQUAL(trace_label_count(t), 3);
	CU_ASSERT_STRING_EQUAL(trace_label_name(t, 0), "init");
	CU_ASSERT_STRING_EQUAL(trace_label_name(t, 1), "b");
	CU_ASSERT_STRING_EQUAL(trace_label_name(t, 2), "a");
	CU_ASSERT_PTR_NULL(trace_label_name(t, 3));
	CU_ASSERT_STRING_EQUAL(trace_label_names(t)[2], "a");
	CU_ASSERT_STRING_EQUAL(trace_path(t), path);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.line, 4);
	CU_ASSERT_EQUAL(st.column, 1);
	CU_ASSERT_EQUAL(st.op, OP_FORK);
	CU_ASSERT_EQUAL(st.label[0], 0);
	CU_ASSERT_EQUAL(st.label[1], 1);
	CU_ASSERT_EQUAL(st.argc, 2);
	CU_ASSERT_STRING_EQUAL(st.argv[0], "init");
	CU_ASSERT_STRING_EQUAL(st.argv[1], "b");
	CU_ASSERT_FALSE(st.has_expectation);
	CU_ASSERT_PTR_NULL(st.expect_text);
	CU_ASSERT_STRING_EQUAL(st.file, path);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_CLONE);
	CU_ASSERT_EQUAL(st.label[0], 1);
	CU_ASSERT_EQUAL(st.label[1], 2);
	CU_ASSERT_EQUAL(st.flags, STMT_THREAD | STMT_SET_TID | STMT_PARENT | STMT_NEWPID);
	CU_ASSERT_EQUAL(st.set_tid_size, 3);
	CU_ASSERT_EQUAL(st.set_tid[0], 5);
	CU_ASSERT_EQUAL(st.set_tid[1], -1);
	CU_ASSERT_EQUAL(st.set_tid[2], 0);
	CU_ASSERT_TRUE(st.has_expectation);
	CU_ASSERT_EQUAL(st.expect.kind, OC_NSPID);
	CU_ASSERT_EQUAL(st.expect.nspid.n, 2);
	CU_ASSERT_EQUAL(st.expect.nspid.nr[0], NSPID_ANY);
	CU_ASSERT_EQUAL(st.expect.nspid.nr[1], 1);
	CU_ASSERT_STRING_EQUAL(st.expect_text, "*/1");
	CU_ASSERT_EQUAL(st.argc, 6);
	CU_ASSERT_STRING_EQUAL(st.argv[3], "set_tid=5,-1,0");
	CU_ASSERT_STRING_EQUAL(st.argv[5], "newpid");

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_UNSHARE);
	CU_ASSERT_EQUAL(st.label[0], 2);
	CU_ASSERT_EQUAL(st.label[1], LABEL_NONE);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "newpid");

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SETNS);
	CU_ASSERT_EQUAL(st.flags, STMT_CHILDREN);
	CU_ASSERT_EQUAL(st.label[1], 1);
	CU_ASSERT_EQUAL(st.expect.kind, OC_ERRNO);
	CU_ASSERT_EQUAL(st.expect.err, ENOMEM);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SETNS);
	CU_ASSERT_EQUAL(st.flags, 0);
	CU_ASSERT_FALSE(st.has_expectation);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_KILL);
	CU_ASSERT_EQUAL(st.label[0], 0);
	CU_ASSERT_EQUAL(st.label[1], 2);
	CU_ASSERT_STRING_EQUAL(st.argv[0], "init");
	CU_ASSERT_STRING_EQUAL(st.argv[1], "a");

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_WAIT);
	CU_ASSERT_EQUAL(st.expect.kind, OC_RUNNING);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SETSID);
	CU_ASSERT_EQUAL(st.argc, 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SETPGID);
	CU_ASSERT_EQUAL(st.label[1], 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_SUBREAPER);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_NS_LAST_PID);
	CU_ASSERT_EQUAL(st.value, -5);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_PID_MAX);
	CU_ASSERT_EQUAL(st.value, 99);
	CU_ASSERT_EQUAL(st.expect.err, EINVAL);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_EXPECT);
	CU_ASSERT_EQUAL(st.label[0], 2);
	CU_ASSERT_EQUAL(st.npairs, 10);
	CU_ASSERT_EQUAL(st.argc, 11);
	CU_ASSERT_EQUAL(st.pairs[0].key, EK_NSPID);
	CU_ASSERT_EQUAL(st.pairs[0].nspid.n, 3);
	CU_ASSERT_EQUAL(st.pairs[0].nspid.nr[0], 3);
	CU_ASSERT_EQUAL(st.pairs[0].nspid.nr[1], NSPID_ANY);
	CU_ASSERT_EQUAL(st.pairs[0].nspid.nr[2], 1);
	CU_ASSERT_EQUAL(st.pairs[1].key, EK_STATE);
	CU_ASSERT_EQUAL(st.pairs[1].state, PS_ZOMBIE);
	CU_ASSERT_EQUAL(st.pairs[2].key, EK_PARENT);
	CU_ASSERT_EQUAL(st.pairs[2].label, 1);
	for (i = 3; i <= 7; i++)
		CU_ASSERT_EQUAL(st.pairs[i].value, i + 4);
	CU_ASSERT_EQUAL(st.pairs[3].key, EK_PPID);
	CU_ASSERT_EQUAL(st.pairs[4].key, EK_PGID);
	CU_ASSERT_EQUAL(st.pairs[5].key, EK_SID);
	CU_ASSERT_EQUAL(st.pairs[6].key, EK_LAST_PID);
	CU_ASSERT_EQUAL(st.pairs[7].key, EK_PID_MAX);
	CU_ASSERT_EQUAL(st.pairs[8].key, EK_PID_AT);
	CU_ASSERT_EQUAL(st.pairs[8].label, 0);
	CU_ASSERT_EQUAL(st.pairs[8].value, 12);
	CU_ASSERT_EQUAL(st.pairs[9].key, EK_PARENT);
	CU_ASSERT_EQUAL(st.pairs[9].label, LABEL_NONE);
	CU_ASSERT_STRING_EQUAL(st.argv[9], "pid@init=12");
	CU_ASSERT_FALSE(st.has_expectation);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_EXIT);
	CU_ASSERT_EQUAL(st.expect.kind, OC_OK);
	CU_ASSERT_STRING_EQUAL(st.expect_text, "ok");
	CU_ASSERT_EQUAL(st.line, 17);

	CU_ASSERT_EQUAL(trace_next(t, &st), 0);
	CU_ASSERT_EQUAL(trace_next(t, &st), 0);

	/* a rewind gives the same statements again */
	CU_ASSERT_EQUAL(trace_rewind(t), 0);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.line, 4);
	trace_close(t);
}

static void test_ranges(void)
{
	struct trace *t = open_text(
		"fork init w{1..3}\n"
		"clone w{1..2} v{-1..0} newpid => */1\n"
		"expect w{2..3} parent=init pid@w{1..2}=0 parent=w{7..8}x\n");

	/* "w7x" and "w8x" do not exist */
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_STRING_EQUAL(first_error(),
			       "3:49: label \"w7x\" is used before any fork or clone creates it");
	trace_close(t);

	t = open_text("fork init w{1..3}\n"
		      "clone w{1..2} v{-1..0} newpid => */1\n"
		      "expect w{2..3} parent=init pid@w{1..2}=0 parent=v{-1..0}\n"
		      "clone n{0..0} n{1..1}\n");
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_STRING_EQUAL(first_error(),
			       "4:7: label \"n0\" is used before any fork or clone creates it");
	trace_close(t);

	t = open_text("fork init w{1..3}\n"
		      "clone w{1..2} v{-1..0} newpid => */1\n"
		      "expect w{2..3} parent=init pid@w{1..2}=0 parent=v{-1..0}\n"
		      "fork init n0\nclone n{0..31} n{1..32} newpid\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(trace_statement_count(t), 3 + 2 + 2 + 1 + 32);
	/* init, w1-w3, v-1, v0, n0-n32 */
	CU_ASSERT_EQUAL(trace_label_count(t), 1 + 3 + 2 + 33);
	CU_ASSERT_STRING_EQUAL(trace_label_name(t, 4), "v-1");
	CU_ASSERT_STRING_EQUAL(trace_label_name(t, 5), "v0");

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "w1");
	CU_ASSERT_EQUAL(st.label[1], 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "w2");
	CU_ASSERT_EQUAL(st.label[1], 2);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.line, 1);
	CU_ASSERT_EQUAL(st.label[1], 3);

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.line, 2);
	CU_ASSERT_EQUAL(st.label[0], 1);
	CU_ASSERT_EQUAL(st.label[1], 4);
	CU_ASSERT_STRING_EQUAL(st.argv[0], "w1");
	CU_ASSERT_STRING_EQUAL(st.argv[1], "v-1");
	CU_ASSERT_STRING_EQUAL(st.argv[2], "newpid");
	CU_ASSERT_STRING_EQUAL(st.expect_text, "*/1");
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.label[0], 2);
	CU_ASSERT_EQUAL(st.label[1], 5);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "v0");
	CU_ASSERT_STRING_EQUAL(st.expect_text, "*/1");

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_EXPECT);
	CU_ASSERT_EQUAL(st.label[0], 2);
	CU_ASSERT_EQUAL(st.pairs[0].label, 0);
	CU_ASSERT_EQUAL(st.pairs[1].label, 1);
	CU_ASSERT_EQUAL(st.pairs[2].label, 4);
	CU_ASSERT_STRING_EQUAL(st.argv[0], "w2");
	CU_ASSERT_STRING_EQUAL(st.argv[2], "pid@w1=0");
	CU_ASSERT_STRING_EQUAL(st.argv[3], "parent=v-1");
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.label[0], 3);
	CU_ASSERT_EQUAL(st.pairs[1].label, 2);
	CU_ASSERT_EQUAL(st.pairs[2].label, 5);
	CU_ASSERT_STRING_EQUAL(st.argv[2], "pid@w2=0");
	CU_ASSERT_STRING_EQUAL(st.argv[3], "parent=v0");

	CU_ASSERT_EQUAL(trace_next(t, &st), 1);	/* fork init n0 */
	for (int i = 0; i < 32; i++) {
		char want[8];

		CU_ASSERT_EQUAL(trace_next(t, &st), 1);
		snprintf(want, sizeof(want), "n%d", i + 1);
		CU_ASSERT_STRING_EQUAL(st.argv[1], want);
		CU_ASSERT_EQUAL(st.label[1], st.label[0] + 1);
		CU_ASSERT_EQUAL(st.flags, STMT_NEWPID);
	}
	CU_ASSERT_EQUAL(trace_next(t, &st), 0);
	trace_close(t);
}

/* A pipe (as stdin would be) is spooled in pass 1 and read back in pass 2. */
static void test_spool(void)
{
	const char *text = "fork init a\nfork a b{1..4} => ok\n";
	char fifo[300];
	struct trace *t;
	pid_t pid;
	int n = 0;

	snprintf(fifo, sizeof(fifo), "%s/fifo", tmpdir);
	CU_ASSERT_FATAL(mkfifo(fifo, 0600) == 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		int fd = open(fifo, O_WRONLY);

		if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
			_exit(1);
		_exit(0);
	}
	t = trace_open(fifo, stderr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(trace_statement_count(t), 5);
	while (trace_next(t, &st) == 1)
		n++;
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "b4");
	CU_ASSERT_EQUAL(trace_rewind(t), 0);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "a");
	trace_close(t);
	unlink(fifo);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/*
 * A file changed between the passes: pass 2 runs the statements pass 1
 * checked, from the spool, not the new bytes.
 */
static void test_changed_file(void)
{
	struct trace *t = open_text("fork init a\nexit a\n");

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	write_file("fork init a\nexit zz\n", 20);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.op, OP_EXIT);
	CU_ASSERT_STRING_EQUAL(st.argv[0], "a");
	CU_ASSERT_EQUAL(st.label[0], 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 0);
	CU_ASSERT_EQUAL(trace_rewind(t), 0);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "a");
	trace_close(t);
}

/*
 * Without a spool (a trace too big for its buffer, no usable $TMPDIR for
 * its file), pass 2 parses the input again, and a file changed between
 * the passes is not run as if it were valid.
 */
static void test_changed_file_unspooled(void)
{
	static const char before[] =
		"fork init a\nfork a b{1..3}\nfork a c{1..200000}\nexit a\n";
	static const char after[] =
		"fork init a\nfork a b{1..3}\nfork a c{1..200000}\nexit zz\n";
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	struct trace *t;
	unsigned int k;

	setenv("TMPDIR", "/nonexistent/pidsim-test", 1);
	t = open_text(before);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(trace_statement_count(t), 200005);
	write_file(after, strlen(after));
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "b1");
	CU_ASSERT_EQUAL(st.label[1], 2);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "b3");
	CU_ASSERT_EQUAL(st.label[1], 4);
	for (k = 0; k < 200000; k++)
		if (trace_next(t, &st) != 1)
			break;
	CU_ASSERT_EQUAL(k, 200000);
	CU_ASSERT_STRING_EQUAL(st.argv[1], "c200000");
	CU_ASSERT_EQUAL(trace_next(t, &st), -ESTALE);
	CU_ASSERT_EQUAL(trace_rewind(t), 0);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(trace_next(t, &st), 1);
	CU_ASSERT_EQUAL(st.label[1], 2);
	trace_close(t);
}

static void test_errnames(void)
{
	CU_ASSERT_STRING_EQUAL(errno_name(ENOMEM), "ENOMEM");
	CU_ASSERT_STRING_EQUAL(errno_name(EAGAIN), "EAGAIN");
	CU_ASSERT_STRING_EQUAL(errno_name(E2BIG), "E2BIG");
	CU_ASSERT_STRING_EQUAL(errno_name(EHWPOISON), "EHWPOISON");
	CU_ASSERT_PTR_NULL(errno_name(0));
	CU_ASSERT_PTR_NULL(errno_name(-1));
	CU_ASSERT_PTR_NULL(errno_name(4096));
	CU_ASSERT_EQUAL(errno_by_name("ESRCH", 5), ESRCH);
	CU_ASSERT_EQUAL(errno_by_name("ENOSPCx", 6), ENOSPC);
	CU_ASSERT_EQUAL(errno_by_name("EWOULDBLOCK", 11), EAGAIN);
	CU_ASSERT_EQUAL(errno_by_name("ENOTSUP", 7), EOPNOTSUPP);
	CU_ASSERT_EQUAL(errno_by_name("ENOMEMX", 7), 0);
	CU_ASSERT_EQUAL(errno_by_name("enomem", 6), 0);
	CU_ASSERT_EQUAL(errno_by_name("E", 1), 0);
}

/* ---- memory-bounded streaming ----------------------------------------- */

static long maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/*
 * lines * 1000 statements from a small file: pass 2 must not grow the
 * process (the label table exists already, nothing else may grow).
 */
static void stream(unsigned int lines)
{
	unsigned long long n = 0, want = 1000ULL + 1000ULL * lines;
	struct trace *t;
	long before, after;
	FILE *f = fopen(path, "w");
	unsigned int i;

	CU_ASSERT_FATAL(f != NULL);
	fputs("fork init w{1..1000}\n", f);
	for (i = 0; i < lines; i++)
		fputs(i % 2 ? "expect w{1..1000} state=running nspid=*\n"
			    : "kill init w{1..1000} => ok\n", f);
	fclose(f);

	t = trace_open(path, stderr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(trace_statement_count(t), want);
	before = maxrss_kib();
	while (trace_next(t, &st) == 1) {
		n++;
		if (n == want)	/* the last: w1000 of the last line */
			CU_ASSERT_STRING_EQUAL(st.argv[st.op == OP_KILL], "w1000");
	}
	after = maxrss_kib();
	CU_ASSERT_EQUAL(n, want);
	CU_ASSERT(after - before < 1024);
	if (after - before >= 1024)
		fprintf(stderr, "\n  pass 2 grew by %ld KiB\n", after - before);
	trace_close(t);
}

/* A statement with argv in its own buf, as the parser gives them. */
static void fill_stmt(struct stmt *x, unsigned int k, size_t pad)
{
	size_t pos = 0;
	int i;

	memset(x, 0xa5, sizeof(*x));
	x->file = "?";
	x->line = 100 + k;
	x->column = 3;
	x->op = k % 2 ? OP_EXPECT : OP_CLONE;
	x->label[0] = (int)k;
	x->label[1] = -1;
	x->label[2] = 7;
	x->flags = k;
	x->value = -5;
	x->sig = 9;
	x->version = TRACE_VERSION_1_1;
	x->set_tid_size = (int)(k % 4);
	for (i = 0; i < x->set_tid_size; i++)
		x->set_tid[i] = 300 + i;
	x->npairs = (int)(k % 3);
	for (i = 0; i < x->npairs; i++) {
		x->pairs[i].key = EK_NSPID;
		x->pairs[i].label = i;
		x->pairs[i].value = 40 + i;
		x->pairs[i].state = PS_ZOMBIE;
		x->pairs[i].nspid.n = 2;
		x->pairs[i].nspid.nr[0] = NSPID_ANY;
		x->pairs[i].nspid.nr[1] = (int)k;
	}
	x->has_expectation = k % 2;
	x->expect.kind = OC_NSPID;
	x->expect.err = 0;
	x->expect.label = -1;
	x->expect.nspid.n = 1;
	x->expect.nspid.nr[0] = (int)k;
	x->argc = 2;
	x->argv[0] = x->buf;
	pos += (size_t)sprintf(x->buf, "p%u", k) + 1;
	x->argv[1] = x->buf + pos;
	memset(x->buf + pos, 'x', pad);
	pos += pad;
	x->buf[pos++] = '\0';
	x->expect_text = NULL;
	if (k % 2) {
		x->expect_text = x->buf + pos;
		pos += (size_t)sprintf(x->buf + pos, "*/%u", k) + 1;
	}
}

/* Every field a reader may look at, as it was put. */
static void check_stmt(const struct stmt *got, const struct stmt *x)
{
	int i;

	CU_ASSERT_STRING_EQUAL(got->file, "f.trace");
	CU_ASSERT_EQUAL(got->line, x->line);
	CU_ASSERT_EQUAL(got->column, x->column);
	CU_ASSERT_EQUAL(got->op, x->op);
	CU_ASSERT(memcmp(got->label, x->label, sizeof(x->label)) == 0);
	CU_ASSERT_EQUAL(got->flags, x->flags);
	CU_ASSERT_EQUAL(got->value, x->value);
	CU_ASSERT_EQUAL(got->sig, x->sig);
	CU_ASSERT_EQUAL(got->version, x->version);
	CU_ASSERT_EQUAL_FATAL(got->set_tid_size, x->set_tid_size);
	for (i = 0; i < x->set_tid_size; i++)
		CU_ASSERT_EQUAL(got->set_tid[i], x->set_tid[i]);
	CU_ASSERT_EQUAL_FATAL(got->npairs, x->npairs);
	for (i = 0; i < x->npairs; i++) {
		CU_ASSERT_EQUAL(got->pairs[i].key, x->pairs[i].key);
		CU_ASSERT_EQUAL(got->pairs[i].label, x->pairs[i].label);
		CU_ASSERT_EQUAL(got->pairs[i].value, x->pairs[i].value);
		CU_ASSERT_EQUAL(got->pairs[i].state, x->pairs[i].state);
		CU_ASSERT_EQUAL_FATAL(got->pairs[i].nspid.n, 2);
		CU_ASSERT_EQUAL(got->pairs[i].nspid.nr[0], NSPID_ANY);
		CU_ASSERT_EQUAL(got->pairs[i].nspid.nr[1], x->pairs[i].nspid.nr[1]);
	}
	CU_ASSERT_EQUAL(got->has_expectation, x->has_expectation);
	CU_ASSERT_EQUAL(got->expect.kind, x->expect.kind);
	CU_ASSERT_EQUAL(got->expect.label, x->expect.label);
	CU_ASSERT_EQUAL_FATAL(got->expect.nspid.n, 1);
	CU_ASSERT_EQUAL(got->expect.nspid.nr[0], x->expect.nspid.nr[0]);
	CU_ASSERT_EQUAL_FATAL(got->argc, 2);
	CU_ASSERT_STRING_EQUAL(got->argv[0], x->argv[0]);
	CU_ASSERT_STRING_EQUAL(got->argv[1], x->argv[1]);
	CU_ASSERT(got->argv[0] >= got->buf && got->argv[1] < got->buf + sizeof(got->buf));
	if (x->expect_text) {
		CU_ASSERT_STRING_EQUAL(got->expect_text, x->expect_text);
	} else {
		CU_ASSERT_PTR_NULL(got->expect_text);
	}
}

/*
 * The statement spool gives back what it was given, as many times as it is
 * rewound: n records of up to 4 KiB, all in memory (small n) or through
 * its file and the buffer's refills (3000 records, some 6 MiB). In the
 * file, a record cut short is -EIO.
 */
static void spool_round_trip(unsigned int n)
{
	static struct stmt x, got;
	struct stmt_spool sp;
	unsigned int k;
	off_t cut;

	CU_ASSERT_EQUAL_FATAL(stmt_spool_open(&sp), 0);
	for (k = 0; k < n; k++) {
		fill_stmt(&x, k, (k * 37) % 4000);
		CU_ASSERT_EQUAL_FATAL(stmt_spool_put(&sp, &x,
			(size_t)((x.expect_text ? x.expect_text : x.argv[1]) - x.buf) +
			strlen(x.expect_text ? x.expect_text : x.argv[1]) + 1), 0);
	}
	for (int pass = 0; pass < 2; pass++) {
		CU_ASSERT_EQUAL_FATAL(stmt_spool_rewind(&sp), 0);
		for (k = 0; k < n; k++) {
			fill_stmt(&x, k, (k * 37) % 4000);
			memset(&got, 0x5a, sizeof(got));
			CU_ASSERT_EQUAL_FATAL(stmt_spool_get(&sp, &got, "f.trace"), 1);
			check_stmt(&got, &x);
		}
		CU_ASSERT_EQUAL(stmt_spool_get(&sp, &got, "f.trace"), 0);
	}
	if (n < 1000) {
		CU_ASSERT_EQUAL(sp.fd, -1);
		stmt_spool_close(&sp);
		return;
	}
	CU_ASSERT_FATAL(sp.fd >= 0);
	/* the last record loses its last four bytes */
	cut = lseek(sp.fd, 0, SEEK_END) - 4;
	CU_ASSERT_EQUAL_FATAL(ftruncate(sp.fd, cut), 0);
	CU_ASSERT_EQUAL_FATAL(stmt_spool_rewind(&sp), 0);
	for (k = 0; k + 1 < n; k++)
		CU_ASSERT_EQUAL_FATAL(stmt_spool_get(&sp, &got, "f.trace"), 1);
	CU_ASSERT_EQUAL(stmt_spool_get(&sp, &got, "f.trace"), -EIO);
	stmt_spool_close(&sp);
	stmt_spool_close(&sp);
}

static void test_stmt_spool(void)
{
	spool_round_trip(600);
	spool_round_trip(3000);
}

static void test_stream_1m(void)
{
	stream(1000);
}

static void test_stream_10m(void)
{
	stream(10000);
}

static void cleanup(void)
{
	unlink(path);
	rmdir(tmpdir);
	free(errtext);
}

int main(int argc, char **argv)
{
	bool big = argc > 1 && strcmp(argv[1], "--stream-10m") == 0;
	CU_pSuite s;
	unsigned int failed;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/t.trace", tmpdir);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("parse", NULL, NULL);
	if (big) {
		CU_add_test(s, "stream 10M statements", test_stream_10m);
	} else {
		CU_add_test(s, "unknown operation", test_unknown_operation);
		CU_add_test(s, "argument count", test_argument_count);
		CU_add_test(s, "label syntax", test_label_syntax);
		CU_add_test(s, "label reuse", test_label_reuse);
		CU_add_test(s, "label before creation", test_label_before_creation);
		CU_add_test(s, "numbers", test_numbers);
		CU_add_test(s, "expect syntax", test_expect_syntax);
		CU_add_test(s, "=> R syntax", test_expectation_syntax);
		CU_add_test(s, "clone flags", test_clone_flags);
		CU_add_test(s, "set_tid size", test_set_tid_size);
		CU_add_test(s, "range errors", test_range_errors);
		CU_add_test(s, "line limits", test_line_limits);
		CU_add_test(s, "bytes", test_bytes);
		CU_add_test(s, "version", test_version);
		CU_add_test(s, "1.1 in a version-1 trace", test_v11_declared_1);
		CU_add_test(s, "1.1 errors", test_v11_errors);
		CU_add_test(s, "1.1 statements", test_v11_statements);
		CU_add_test(s, "limits", test_limits);
		CU_add_test(s, "label limit", test_label_limit);
		CU_add_test(s, "message shape", test_message_shape);
		CU_add_test(s, "statements", test_statements);
		CU_add_test(s, "ranges", test_ranges);
		CU_add_test(s, "spool", test_spool);
		CU_add_test(s, "changed file", test_changed_file);
		CU_add_test(s, "changed file, no spool", test_changed_file_unspooled);
		CU_add_test(s, "statement spool", test_stmt_spool);
		CU_add_test(s, "errnames", test_errnames);
		CU_add_test(s, "stream 1M statements", test_stream_1m);
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	cleanup();
	return failed ? 1 : 0;
}
