#!/bin/sh
# pidsim capacity on a trace with known answers (each trace's comment
# derives them):
#   capacity.sh PIDSIM TRACE PID_MAX 'JSON FRAGMENT'...
# The JSON answer at PID_MAX must hold every fragment.
set -u
pidsim=$1 trace=$2 n=$3
shift 3
out=$("$pidsim" capacity --json --pid-max "$n" "$trace")
rc=$?
echo "$out"
[ $rc -le 1 ] || { echo "FAIL: pidsim capacity exited $rc" >&2; exit 1; }
for want in "$@"; do
	case $out in
	*"$want"*) ;;
	*) echo "FAIL: no $want" >&2; exit 1 ;;
	esac
done
