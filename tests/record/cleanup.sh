#!/bin/sh
# The recorder leaves nothing behind:
#   cleanup.sh PIDSIM sigint|sigterm|notfound|failing
# sigint, sigterm: the recorder is signalled while its workload sleeps; it
# must exit 128+N, write what it recorded marked INCOMPLETE, and leave no
# workload process and no tracing instance. notfound: a COMMAND that does
# not exist is exit 127. failing: a COMMAND that fails is still recorded.
set -u
pidsim=$1
mode=$2
tmp=$(mktemp -d)
marker=1234.$$
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# The instances of tracefs, wherever it is (mounted in a private mount
# namespace when the host has not mounted it).
instances() {
	if [ -d /sys/kernel/tracing/instances ]; then
		ls /sys/kernel/tracing/instances
	else
		unshare -m sh -c 'mount -t tracefs nodev /sys/kernel/tracing && ls /sys/kernel/tracing/instances' 2>/dev/null
	fi
}

left_behind() {
	ps -eo args= | grep -c "^sleep $marker" || true
}

case $mode in
sigint|sigterm)
	sig=INT; want=130
	[ "$mode" = sigterm ] && sig=TERM && want=143
	"$pidsim" record -o "$tmp/rec.trace" -- sh -c "sleep $marker & sleep $marker; wait" \
		2>"$tmp/err" &
	rec=$!
	i=0
	while [ "$(left_behind)" -lt 2 ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if ! kill -0 $rec 2>/dev/null; then
		grep -q skipped "$tmp/err" && exit 77
		cat "$tmp/err" >&2
		fail "the recorder ended before it was signalled"
	fi
	[ "$(left_behind)" -eq 2 ] || fail "the workload did not start"
	kill -$sig $rec
	wait $rec
	rc=$?
	cat "$tmp/err" >&2
	[ $rc -eq $want ] || fail "pidsim record exited $rc on SIG$sig, not $want"
	grep -q '^# INCOMPLETE' "$tmp/rec.trace" || fail "the recording is not marked incomplete"
	grep -q '^fork init sleep-2 => 2' "$tmp/rec.trace" || fail "what was recorded was not written"
	[ "$(left_behind)" -eq 0 ] || fail "workload processes were left behind"
	if instances | grep -q "^pidsim-record-$rec\$"; then
		fail "the tracing instance pidsim-record-$rec was left behind"
	fi
	;;
notfound)
	"$pidsim" record -o "$tmp/rec.trace" -- /nonexistent/command 2>"$tmp/err"
	rc=$?
	cat "$tmp/err" >&2
	[ $rc -eq 77 ] && exit 77
	[ $rc -eq 127 ] || fail "a command that does not exist exited $rc, not 127"
	grep -q 'No such file' "$tmp/err" || fail "no reason given"
	if instances | grep -q '^pidsim-record-'; then
		instances | grep '^pidsim-record-' | while read -r d; do
			kill -0 "${d#pidsim-record-}" 2>/dev/null || fail "stale instance $d"
		done || exit 1
	fi
	;;
failing)
	"$pidsim" record -o "$tmp/rec.trace" -- sh -c '/bin/true & wait; exit 3' 2>"$tmp/err"
	rc=$?
	cat "$tmp/err" >&2
	[ $rc -eq 77 ] && exit 77
	[ $rc -eq 0 ] || fail "recording a failing command exited $rc"
	grep -q '^# the workload exited with status 3' "$tmp/rec.trace" || fail "the status is not noted"
	grep -q '^wait init any => true-2' "$tmp/rec.trace" || fail "the reap is not recorded"
	;;
*)
	fail "unknown mode $mode"
	;;
esac
exit 0
