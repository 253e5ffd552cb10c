#!/bin/sh
# global-pid-max.sh - the rules of tests/vm/global-pid-max/*.trace, played
# with unshare(1) and /proc/sys directly on the guest's kernel. The live
# engine leaves pid_max statements out where the kernel keeps one pid_max
# for the machine (it must not change the host's), so `pidsim diff` cannot
# check them there; a guest is a kernel of its own, and this script checks
# them by hand. Run as root in a freshly booted guest (vm-diff.sh does):
# it changes the machine's pid_max and puts it back.
# Exit status: 0 every rule held, 1 one did not.
set -u
if [ "${PIDSIM_VM_GUEST:-}" != 1 ]; then
	echo "global-pid-max: skipped: it changes the machine's pid_max, so it runs only in a scripts/vm guest"
	exit 77
fi
fails=0
check() {	# check WHAT GOT WANT
	if [ "$2" = "$3" ]; then
		echo "global-pid-max: ok: $1: $2"
	else
		echo "global-pid-max: FAIL: $1: $2, the profile says $3"
		fails=$((fails + 1))
	fi
}
sys=/proc/sys/kernel
old=$(cat $sys/pid_max)

# pid-max-is-one-value-for-every-namespace.trace
check "a new namespace starts with the machine's pid_max" \
	"$(unshare -f -p -m --mount-proc cat $sys/pid_max)" "$old"
unshare -f -p -m --mount-proc sh -c "echo 5000 > $sys/pid_max"
check "pid_max written in a nested namespace, read outside" "$(cat $sys/pid_max)" 5000
check "a namespace made later starts with it" \
	"$(unshare -f -p -m --mount-proc sh -c "unshare -f -p -m --mount-proc cat $sys/pid_max")" 5000
echo 6000 > $sys/pid_max
check "written outside, read in a nested namespace" \
	"$(unshare -f -p -m --mount-proc cat $sys/pid_max)" 6000

# ns-last-pid-is-bounded-by-the-global-pid-max.trace
echo 1000 > $sys/pid_max
check "ns_last_pid past pid_max" \
	"$(unshare -f -p -m --mount-proc sh -c "echo 1001 > $sys/ns_last_pid 2>/dev/null && echo ok || echo EINVAL")" EINVAL
# (the ': ' keeps the shell from running its last command in its own place)
check "ns_last_pid at pid_max, then a fork" \
	"$(unshare -f -p -m --mount-proc sh -c "echo 1000 > $sys/ns_last_pid && sh -c 'echo \$\$'; :")" 300
check "ns_last_pid past pid_max in the root namespace" \
	"$(sh -c "echo 1001 > $sys/ns_last_pid 2>/dev/null && echo ok || echo EINVAL")" EINVAL

# The bounds of pid_max itself (301, as on a guest with few CPUs, to
# PID_MAX_LIMIT).
check "pid_max 300" "$(sh -c "echo 300 > $sys/pid_max 2>/dev/null && echo ok || echo EINVAL")" EINVAL
check "pid_max 4194305" "$(sh -c "echo 4194305 > $sys/pid_max 2>/dev/null && echo ok || echo EINVAL")" EINVAL

echo "$old" > $sys/pid_max
[ "$fails" -eq 0 ]
