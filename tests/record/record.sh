#!/bin/sh
# Record a real workload and replay it:
#   record.sh PIDSIM [RECORD-OPTIONS] -- COMMAND [ARG...]
# The recording must hold forks with the kernel's numbers, `pidsim run` on
# it must reproduce every recorded result (0 failed expectations), and
# `pidsim capacity` must answer on it; with RECORD_DIFF=1, `pidsim diff`
# must find the model and the live kernel agreeing on it too. Exit 77
# where the machine does not allow recording (not root, no tracefs, no
# namespaces).
set -u
pidsim=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$pidsim" record -o "$tmp/rec.trace" "$@" 2>"$tmp/record.err"
rc=$?
cat "$tmp/record.err" >&2
[ $rc -eq 77 ] && exit 77
if [ $rc -ne 0 ]; then
	echo "FAIL: pidsim record exited $rc" >&2
	exit 1
fi
forks=$(grep -c '^\(fork\|clone\) .* => [0-9*/]*' "$tmp/rec.trace")
if [ "$forks" -lt 1 ]; then
	echo "FAIL: the recording holds no fork with a number" >&2
	head -40 "$tmp/rec.trace" >&2
	exit 1
fi
echo "recorded: $(grep -vc '^#' "$tmp/rec.trace") statements, $forks forks with their numbers"

"$pidsim" run "$tmp/rec.trace" >"$tmp/run.out" 2>"$tmp/run.err"
rc=$?
tail -n 1 "$tmp/run.out"
if [ $rc -ne 0 ]; then
	echo "FAIL: pidsim run on the recording exited $rc; what did not hold:" >&2
	grep 'expected' "$tmp/run.out" | head -20 >&2
	cat "$tmp/run.err" >&2
	exit 1
fi

"$pidsim" capacity "$tmp/rec.trace" >"$tmp/cap.out" 2>&1
rc=$?
cat "$tmp/cap.out"
if [ $rc -gt 1 ] || ! grep -q 'smallest pid_max that never fails: [0-9]' "$tmp/cap.out"; then
	echo "FAIL: pidsim capacity exited $rc without an answer" >&2
	exit 1
fi
if [ "${RECORD_DIFF:-0}" = 1 ]; then
	"$pidsim" diff "$tmp/rec.trace" >"$tmp/diff.out" 2>&1
	rc=$?
	tail -n 3 "$tmp/diff.out"
	[ $rc -eq 77 ] && exit 77
	if [ $rc -ne 0 ]; then
		echo "FAIL: pidsim diff on the recording exited $rc" >&2
		exit 1
	fi
fi
exit 0
