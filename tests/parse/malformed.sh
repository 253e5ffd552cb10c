#!/bin/sh
# malformed.sh PIDSIM TRACE - `pidsim run TRACE` must refuse the trace:
# exit status 2, nothing on stdout, and a first line on stderr that is
# "TRACE:" followed by what the trace's own first line announces after
# "# error: " (LINE:COLUMN: message).
set -u
pidsim=$1
trace=$2

want=$(head -n 1 "$trace" | sed -n 's/^# error: //p')
if [ -z "$want" ]; then
	echo "FAIL $trace: its first line must be '# error: LINE:COLUMN: message'"
	exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$pidsim" run "$trace" >"$tmp/out" 2>"$tmp/err"
status=$?
got=$(head -n 1 "$tmp/err")
fail=0

if [ "$status" -ne 2 ]; then
	echo "FAIL $trace: exit status $status, want 2"
	fail=1
fi
if [ -s "$tmp/out" ]; then
	echo "FAIL $trace: something was run:"
	cat "$tmp/out"
	fail=1
fi
if [ "$got" != "$trace:$want" ]; then
	echo "FAIL $trace: message"
	echo "  got:  $got"
	echo "  want: $trace:$want"
	fail=1
fi
[ "$fail" -eq 0 ] && echo "ok $trace"
exit "$fail"
