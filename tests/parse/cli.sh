#!/bin/sh
# cli.sh PIDSIM - the `pidsim run` command line: usage errors exit 2 with a
# message and run nothing; help and version exit 0; traces run from files,
# standard input and FIFOs; several files get headers; the exit status is
# 0, 1 or 2. The traces here are ones every correct model answers the same
# way (the first fork of a trace is pid 2).
set -u
pidsim=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# run STDIN ARGS...: run pidsim, keeping status, stdout and stderr
run() {
	input=$1
	shift
	"$pidsim" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
	status=$?
}

# want STATUS DESC: the last run exited with STATUS
want() {
	if [ "$status" -eq "$1" ]; then pass; else fail "$2: status $status, want $1"; cat "$tmp/err"; fi
}

# has FILE TEXT DESC: FILE (out or err) contains the line TEXT
has() {
	if grep -qxF -- "$2" "$tmp/$1"; then pass; else fail "$3: no line '$2' in std$1"; cat "$tmp/$1"; fi
}

# contains FILE TEXT DESC: some line of stdout/stderr holds TEXT
contains() {
	if grep -qF -- "$2" "$tmp/$1"; then pass; else fail "$3: no '$2' in std$1"; cat "$tmp/$1"; fi
}

# same FILE EXPECTED DESC: FILE is exactly EXPECTED
same() {
	printf '%s\n' "$2" >"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/$1"; then pass; else
		fail "$3: std$1 differs"
		diff "$tmp/want" "$tmp/$1"
	fi
}

empty() {
	if [ -s "$tmp/$1" ]; then fail "$2: std$1 not empty"; cat "$tmp/$1"; else pass; fi
}

printf 'fork init a => ok\nexpect a state=running nspid=2\n' >"$tmp/good.trace"
printf 'fork init a\nexpect a state=zombie\n' >"$tmp/bad.trace"
printf 'frok init a\n' >"$tmp/malformed.trace"
null=/dev/null

# global options and dispatch
run $null;				want 2 "no command"
has err "usage: pidsim [--version] [--help] COMMAND [ARGS]" "no command"
run $null --version;			want 0 "--version"
grep -q '^pidsim [0-9][0-9.]* (trace format 1)$' "$tmp/out" && pass || fail "--version text"
run $null --help;			want 0 "--help"
has out "usage: pidsim [--version] [--help] COMMAND [ARGS]" "--help"
run $null help;				want 0 "help"
run $null help run;			want 0 "help run"
contains out "usage: pidsim run [--json] [--kernel VERSION] [--base-level N]" "help run"
run $null run --help;			want 0 "run --help"
contains out "usage: pidsim run [--json] [--kernel VERSION] [--base-level N]" "run --help"
run $null run "$tmp/good.trace" -h;	want 0 "run FILE -h"
empty err "run FILE -h"
run $null help live;			want 0 "help live"
run $null help nosuch;			want 2 "help nosuch"
has err "pidsim help: 'nosuch' is not a pidsim command" "help nosuch"
run $null nosuch;			want 2 "unknown command"
has err "pidsim: 'nosuch' is not a pidsim command" "unknown command"
run $null --bogus;			want 2 "unknown global option"
has err "pidsim: unknown option '--bogus'" "unknown global option"

# run: bad command lines
run $null run;				want 2 "run without a file"
has err "pidsim run: no trace file given" "run without a file"
run $null run --bogus "$tmp/good.trace";	want 2 "unknown option"
has err "pidsim run: option '--bogus' is not an option of this command" "unknown option"
empty out "unknown option"
# the bad argument is quoted as written, not the command's name
run $null run -x.trace;		want 2 "run -x.trace"
has err "pidsim run: option '-x' (in '-x.trace') is not an option of this command" "run -x.trace"
run $null run -jt "$tmp/good.trace";	want 2 "run -jt"
has err "pidsim run: option '-j' (in '-jt') is not an option of this command" "run -jt"
run $null run --json=3 "$tmp/good.trace";	want 2 "run --json=3"
has err "pidsim run: option '--json' takes no value" "run --json=3"
# an unreadable directory below a directory argument is an error, not a skip
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   nobody "$pidsim" --version >/dev/null 2>&1; then
	mkdir -p "$tmp/tree/locked"
	cp "$tmp/good.trace" "$tmp/tree/a.trace"
	cp "$tmp/good.trace" "$tmp/tree/locked/b.trace"
	chmod 0 "$tmp/tree/locked"
	chmod a+rx "$tmp" "$tmp/tree"
	chmod a+r "$tmp/tree/a.trace"
	nobody "$pidsim" run "$tmp/tree" >"$tmp/out" 2>"$tmp/err"
	status=$?
	want 2 "unreadable subdirectory"
	has err "pidsim run: $tmp/tree/locked: cannot read it: Permission denied" "unreadable subdirectory"
	chmod 700 "$tmp/tree/locked"
fi
run $null run -x "$tmp/good.trace";	want 2 "unknown short option"
run $null run "$tmp/good.trace" --kernel;	want 2 "--kernel without a value"
has err "pidsim run: option '--kernel' needs a value" "--kernel without a value"
for bad in 33 -1 x 1x ""; do
	run $null run --base-level "$bad" "$tmp/good.trace"
	want 2 "--base-level '$bad'"
	has err "pidsim run: --base-level takes a number from 0 to 32, not '$bad'" "--base-level '$bad'"
done
run $null run --kernel 0.0 "$tmp/good.trace";	want 2 "unknown profile"
grep -q "^pidsim run: unknown kernel profile '0.0'; the profiles are: [0-9]" "$tmp/err" && pass ||
	fail "unknown profile lists the profiles"
empty out "unknown profile"
profile=$(sed -n 's/.*the profiles are: \([^ ]*\).*/\1/p' "$tmp/err")
run $null run - - ;			want 2 "stdin twice"
has err "pidsim run: '-' (standard input) can be given only once" "stdin twice"
run $null run "$tmp/nonexistent.trace";	want 2 "missing file"
has err "$tmp/nonexistent.trace: No such file or directory" "missing file"
# a directory stands for every *.trace below it, sorted; none is an error
mkdir "$tmp/dir" "$tmp/dir/sub"
run $null run "$tmp/dir";		want 2 "an empty directory"
has err "pidsim run: $tmp/dir: no .trace file below it" "an empty directory"
printf 'fork init a => 2\n' >"$tmp/dir/sub/b.trace"
printf 'fork init a => 3\n' >"$tmp/dir/a.trace"
printf 'not a trace\n' >"$tmp/dir/notes.txt"
run $null run "$tmp/dir";		want 1 "a directory"
has out "==> $tmp/dir/a.trace <==" "a directory"
has out "==> $tmp/dir/sub/b.trace <==" "a directory"
grep -n "==>" "$tmp/out" | head -n 1 | grep -q "a.trace" && pass ||
	fail "a directory: files in path order"

# run: traces
run $null run "$tmp/good.trace";	want 0 "good trace"
same out "1: fork init a -> 2
2: expect a state=running nspid=2 -> ok
2 statements, 0 of 2 expectations failed" "good trace"
empty err "good trace"
run $null run --kernel "$profile" --base-level 3 "$tmp/good.trace";	want 0 "--kernel $profile --base-level 3"
run $null run --kernel="$profile" --base-level=0 "$tmp/good.trace";	want 0 "--kernel=$profile"
run "$tmp/good.trace" run -;		want 0 "stdin"
same out "1: fork init a -> 2
2: expect a state=running nspid=2 -> ok
2 statements, 0 of 2 expectations failed" "stdin"
run $null run "$tmp/bad.trace";		want 1 "failed expectation"
same out "1: fork init a -> 2
2: expect a state=zombie -> state=running
2 statements, 1 of 1 expectations failed
failed at line 2" "failed expectation"
# with colour (a terminal, or --color=always) the failed line is red and says FAIL
run $null run --color=always "$tmp/bad.trace";	want 1 "--color=always"
contains out "$(printf '\033[1;31m2: expect a state=zombie -> state=running  FAIL\033[0m')" "--color=always"
run $null run --color=sometimes "$tmp/bad.trace";	want 2 "--color=sometimes"
run $null run --json "$tmp/good.trace";	want 0 "json"
same out "{\"file\":\"$tmp/good.trace\",\"line\":1,\"op\":\"fork\",\"args\":[\"init\",\"a\"],\"result\":\"2\",\"nspid\":[2],\"expected\":\"ok\",\"ok\":true}
{\"file\":\"$tmp/good.trace\",\"line\":2,\"op\":\"expect\",\"args\":[\"a\",\"state=running\",\"nspid=2\"],\"result\":\"ok\",\"ok\":true}
{\"summary\":{\"file\":\"$tmp/good.trace\",\"schema\":1,\"statements\":2,\"expectations\":2,\"failed\":0,\"failed_lines\":[]}}" "json"

# several files: headers, summaries with "file", the worst status
run $null run "$tmp/good.trace" "$tmp/bad.trace";	want 1 "two files"
same out "==> $tmp/good.trace <==
1: fork init a -> 2
2: expect a state=running nspid=2 -> ok
2 statements, 0 of 2 expectations failed

==> $tmp/bad.trace <==
1: fork init a -> 2
2: expect a state=zombie -> state=running
2 statements, 1 of 1 expectations failed
failed at line 2

total: 2 files, 4 statements, 1 of 3 expectations failed (in 1 file)" "two files"
run "$tmp/good.trace" run --json "$tmp/bad.trace" -;	want 1 "two files, json"
has out "{\"summary\":{\"file\":\"$tmp/bad.trace\",\"schema\":1,\"statements\":2,\"expectations\":1,\"failed\":1,\"failed_lines\":[2]}}" "two files, json"
has out '{"summary":{"file":"-","schema":1,"statements":2,"expectations":2,"failed":0,"failed_lines":[]}}' "two files, json"
has out '{"total":{"schema":1,"files":2,"files_failed":1,"statements":4,"expectations":3,"failed":1}}' "two files, json"
run $null run "$tmp/good.trace" "$tmp/malformed.trace" "$tmp/nonexistent.trace";	want 2 "one malformed of three"
empty out "one malformed of three"
has err "$tmp/malformed.trace:1:1: unknown operation \"frok\"" "one malformed of three"
has err "$tmp/nonexistent.trace: No such file or directory" "one malformed of three"

# a FIFO is read once and spooled
mkfifo "$tmp/fifo"
cat "$tmp/good.trace" >"$tmp/fifo" &
run $null run "$tmp/fifo";		want 0 "fifo"
has out "2 statements, 0 of 2 expectations failed" "fifo"
wait

# --tree: printed by the engine after the summary, as the final object
run $null run --tree "$tmp/good.trace";	want 0 "--tree"
grep -A1 -xF "2 statements, 0 of 2 expectations failed" "$tmp/out" |
	tail -n 1 | grep -q "^namespace 0: level 0" && pass ||
	fail "--tree: the tree comes after the summary"
run $null run --json --tree "$tmp/good.trace";	want 0 "--json --tree"
tail -n 1 "$tmp/out" | grep -q '^{"tree":' && pass ||
	fail "--json --tree: the tree is the final object"

# --columns: the chosen columns, in order, after LABEL; bad names refused
run $null run --columns pid,state,leader "$tmp/good.trace";	want 0 "--columns"
grep -q "^  LABEL  PID  STATE    LEADER$" "$tmp/out" && pass ||
	fail "--columns: the heading is LABEL PID STATE LEADER"
run $null run --columns pid,nope "$tmp/good.trace";	want 2 "--columns nope"
contains err "unknown column 'nope'" "--columns nope"
run $null run --columns pid,pid "$tmp/good.trace";	want 2 "--columns twice"
run $null run --columns pid, "$tmp/good.trace";	want 2 "--columns trailing comma"

# the model's host-wide limits are options
printf 'fork init w{1..12}\nclone init n{1..4} newpid\n' >"$tmp/limits.trace"
run $null run --threads-max 10 --max-pid-namespaces 3 "$tmp/limits.trace";	want 0 "limits"
has out "1: fork init w9 -> 10" "--threads-max 10: init and 9 more"
has out "1: fork init w10 -> EAGAIN" "--threads-max 10: the tenth task"
run $null run --max-pid-namespaces 3 "$tmp/limits.trace";	want 0 "limits"
has out "2: clone init n2 newpid -> 15/1" "--max-pid-namespaces 3: the root and 2 more"
has out "2: clone init n3 newpid -> ENOSPC" "--max-pid-namespaces 3"
run $null run --threads-max 0 "$tmp/limits.trace";	want 2 "--threads-max 0"

# where the modelled kernel would oops there is no result: exit 2, and why.
# Legacy era: a namespace's first fork fails at the full root, the retry
# gets pid 2 there, so the namespace has no child reaper; when that
# process exits with a child, 4.14 dereferences NULL.
cat >"$tmp/oops.trace" <<'TRACE'
fork init y => 2
pid_max init 305
fork init f{1..302}
unshare y newpid
fork y z1 => EAGAIN
exit f299
wait init f299
exit f300
wait init f300
fork y z => 301/2
fork z w => 302/3
exit z
TRACE
run $null run --kernel 4.14 "$tmp/oops.trace";	want 2 "a 4.14 oops"
has err "pidsim: model: kernel 4.14 would oops: forget_original_parent: a namespace without a child reaper (its first process was not pid 1); this kernel dereferences NULL here" "a 4.14 oops"
has err "$tmp/oops.trace:12: the model engine failed: State not recoverable" "a 4.14 oops"
run $null run "$tmp/oops.trace";	want 1 "no oops on 6.18: the retry is pid 1"
has out "10: fork y z -> 301/1 (expected 301/2)" "no oops on 6.18: the retry is pid 1"

# --kernel list: a table of the profiles, exit 0, for every command
for cmd in run diff gen fuzz shrink; do
	run $null $cmd --kernel list;	want 0 "$cmd --kernel list"
	contains out "6.18     IDR cursor policy" "$cmd --kernel list"
	run $null $cmd --kernel 9.9 "$tmp/good.trace";	want 2 "$cmd --kernel 9.9"
	contains err "unknown kernel profile '9.9'" "$cmd --kernel 9.9"
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
