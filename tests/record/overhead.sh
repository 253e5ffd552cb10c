#!/bin/sh
# Recording overhead, measured (not a test: it asserts nothing):
#   overhead.sh PIDSIM [ROUNDS]
# For each workload, the CPU time (user + system) of the workload run as
# pid 1 of a fresh PID namespace by `unshare -pf --mount-proc`, and under
# `pidsim record`: everything (as getrusage(RUSAGE_CHILDREN) of a parent
# sees it), the recorder's own share (as it reports it), and the
# workload's (the difference). Medians of ROUNDS runs each (default 5),
# alone and recorded in turn. The load average before and after is printed: on a
# busy machine the figures move by more than the overhead.
set -eu
pidsim=$1
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
py=$(command -v python3)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cpu_of() {	# CPU seconds of a command and its descendants; its stderr in $tmp/err
	"$py" -c '
import resource, subprocess, sys
with open(sys.argv[1], "w") as err:
    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f" % (r.ru_utime + r.ru_stime))' "$tmp/err" "$@"
}

median() {
	sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

measure() {	# name, then the workload's command
	name=$1
	shift
	: >"$tmp/base"
	: >"$tmp/wl"
	: >"$tmp/rec"
	# alone and recorded in turn, so that a change of load hits both
	for i in $(seq "$rounds"); do
		cpu_of unshare -pf --mount-proc "$@" >>"$tmp/base"
		all=$(cpu_of "$pidsim" record -o /dev/null -- "$@")
		self=$(sed -n 's/.*the recorder used \([0-9.]*\) s of CPU.*/\1/p' "$tmp/err")
		echo "$self" >>"$tmp/rec"
		awk -v a="$all" -v s="$self" 'BEGIN { printf "%.3f\n", a - s }' >>"$tmp/wl"
	done
	base=$(median <"$tmp/base")
	wl=$(median <"$tmp/wl")
	rec=$(median <"$tmp/rec")
	awk -v n="$name" -v b="$base" -v w="$wl" -v r="$rec" 'BEGIN {
		printf "%-28s %8.3f %8.3f %6.2fx %8.3f %6.2fx\n", n, b, w, w / b, r, (w + r) / b }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-28s %8s %8s %7s %8s %7s\n" workload "alone" "recorded" "ratio" "recorder" "total"
measure "fork loop (5000 /bin/true)" sh "$here/fork-loop.sh" 5000
measure "make -j2 (30 files, x4)" sh "$here/make-project.sh"
measure "python multiprocessing" "$("$py" -c 'import sys; print(sys.executable)')" "$here/mp.py"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
