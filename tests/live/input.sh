#!/bin/sh
# input.sh PIDSIM MODE - the 4,096-byte line bound holds while reading:
# an input that never ends a line is refused at once (exit 2, with the
# position), not spooled until the disk fills. MODE: zero (/dev/zero as the
# trace), pipe (a pipe that sends bytes but never a newline), stdin-zero.
pidsim=$1
mode=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
case $mode in
zero)	timeout 20 "$pidsim" run /dev/zero 2>"$out" ;;
stdin-zero)	timeout 20 "$pidsim" run - </dev/zero 2>"$out" ;;
pipe)	yes abcdefgh | tr -d '\n' | timeout 20 "$pidsim" run - 2>"$out" ;;
esac
rc=$?
cat "$out"
[ "$rc" -eq 2 ] || { echo "exit $rc, want 2"; exit 1; }
case $mode in
zero)	want='/dev/zero:1:1: NUL byte in the trace' ;;
stdin-zero)	want='<stdin>:1:1: NUL byte in the trace' ;;
pipe)	want='<stdin>:1:4097: line longer than 4096 bytes' ;;
esac
grep -qF "$want" "$out" || { echo "want: $want"; exit 1; }
