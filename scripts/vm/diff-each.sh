#!/bin/sh
# diff-each.sh - `pidsim diff` on every trace of the given files and
# directories, one `pidsim diff` per trace, so that a trace the live engine
# cannot run does not stop the others (a plain `pidsim diff DIR` stops at
# the first engine failure). run.sh puts it in the guest as
# /bin/pidsim-diff-each; on the host, PIDSIM names the pidsim to run.
#
#   pidsim-diff-each [--timeout S] [PIDSIM-DIFF-OPTION...] PATH...
#
# Prints each trace's verdict, the first line of what went wrong, and a
# closing count. Exit status: 0 every trace agreed (or was skipped), 1
# some diverged or failed, 2 bad command line.
set -u

per=300
opts=""
paths=""
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) per=$2; shift 2 ;;
	--kernel) opts="$opts --kernel $2"; shift 2 ;;
	--*) opts="$opts $1"; shift ;;
	*) paths="$paths $1"; shift ;;
	esac
done
[ -n "$paths" ] || { echo "usage: pidsim-diff-each [--timeout S] [--kernel V] PATH..." >&2; exit 2; }

agree=0 diverge=0 fail=0 skip=0
out=${TMPDIR:-/tmp}/diff-each.$$
# shellcheck disable=SC2086
for t in $(find $paths -name '*.trace' -type f | LC_ALL=C sort); do
	# shellcheck disable=SC2086
	timeout "$per" "${PIDSIM:-pidsim}" diff $opts "$t" >"$out" 2>&1
	rc=$?
	case $rc in
	0) agree=$((agree + 1)); v=agree ;;
	1) diverge=$((diverge + 1)); v=DIVERGE ;;
	77) skip=$((skip + 1)); v=skipped ;;
	124|143) fail=$((fail + 1)); v="FAIL (timed out after $per s)" ;;
	*) fail=$((fail + 1)); v="FAIL (exit $rc)" ;;
	esac
	echo "$t: $v"
	if [ "$rc" -ne 0 ]; then
		grep -v ': agree' "$out" | head -n 4 | sed 's/^/    /'
	fi
done
rm -f "$out"
echo "diff-each: $agree agree, $diverge diverge, $fail fail, $skip skipped"
echo "$agree passed, $((diverge + fail)) failed, $skip skipped"
[ $((diverge + fail)) -eq 0 ]
