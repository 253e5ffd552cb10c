#!/bin/sh
# refuse.sh PIDSIM MODE TRACE - the live engine refuses (exit 77, with the
# reason) where it cannot give right results, instead of running anyway:
#   userns   inside a user namespace (unshare -Ur), where SCHED_FIFO is not
#            granted and results used to be wrong;
#   noproc   with /proc not mounted.
# Exits 77 itself when the machine cannot make the situation.
pidsim=$1
mode=$2
trace=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
case $mode in
userns)
	unshare -Ur true 2>/dev/null || { echo "no user namespaces here"; exit 77; }
	unshare -Ur "$pidsim" live "$trace" >/dev/null 2>"$out"
	rc=$?
	want='cannot run SCHED_FIFO here' ;;
noproc)
	unshare -m true 2>/dev/null || { echo "no mount namespaces here"; exit 77; }
	# A sanitized build cannot exit cleanly without /proc (LeakSanitizer).
	if ldd "$pidsim" 2>/dev/null | grep -q libasan; then
		echo "a sanitized pidsim needs /proc to exit"; exit 77
	fi
	unshare -m --propagation private sh -c \
		'umount -l /proc && exec "$0" live "$1"' "$pidsim" "$trace" >/dev/null 2>"$out"
	rc=$?
	want='/proc is not mounted' ;;
esac
cat "$out"
[ "$rc" -eq 77 ] || { echo "exit $rc, want 77"; exit 1; }
grep -qF "$want" "$out" || { echo "want: $want"; exit 1; }
