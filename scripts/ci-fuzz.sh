#!/bin/sh
# CI differential fuzzing (docs/fuzzing.md): generated traces, each run on
# the model and on the live kernel (`pidsim fuzz`), in two campaigns: many
# short traces (200 of 80 statements, the four mixes in turn) and long,
# deep ones (100 of 400 statements, depth 5), where the 1.1 statements
# meet threads, nested namespaces and dying inits. About 20 s on an idle
# machine; each campaign stops starting traces after 50 s, so the whole
# stays within about two minutes even on a slow (sanitized) build. On a divergence,
# the shrunk traces are printed and the run fails. Where the live kernel
# cannot be used (no root, no PID namespaces) it says so and exits 77,
# which CTest and CI report as skipped.
#
# Usage: scripts/ci-fuzz.sh [BUILD_DIR]        (default: build)
# Environment: PIDSIM_FUZZ_SEED (default 20261122), PIDSIM_FUZZ_COUNT (200,
# the short campaign; the long one runs half as many)
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
pidsim="$build/sim/pidsim"
seed=${PIDSIM_FUZZ_SEED:-20261122}
count=${PIDSIM_FUZZ_COUNT:-200}

if [ ! -x "$pidsim" ]; then
	echo "ci-fuzz: $pidsim is not built"
	exit 2
fi
found=$(mktemp -d)
trap 'rm -rf "$found"' EXIT

# campaign NAME COUNT SEED FUZZ-OPTIONS...: its pidsim fuzz exit status
campaign() {
	name=$1 n=$2 s=$3
	shift 3
	echo "ci-fuzz: $name: $n traces from seed $s (PIDSIM_FUZZ_SEED to change it)"
	"$pidsim" fuzz -q --count "$n" --seed "$s" --shrink --time-limit 50 \
		--timeout 30 --keep "$found/$name" "$@"
}

campaign short "$count" "$seed" --statements 80
status=$?
if [ $status = 0 ]; then
	long=$((count / 2))
	[ "$long" -ge 1 ] || long=1
	campaign long "$long" "$((seed + 1000000))" --statements 400 --depth 5
	status=$?
fi
case $status in
0)	echo "ci-fuzz: the model and the kernel agreed" ;;
77)	echo "ci-fuzz: SKIPPED: the live kernel cannot be used here" ;;
1)	echo "ci-fuzz: FAILED: the model and the kernel diverged (shrunk traces above)"
	for f in "$found"/*/*.min.trace; do
		[ -e "$f" ] || continue
		echo "==> $(basename "$f") <=="
		cat "$f"
	done ;;
*)	echo "ci-fuzz: FAILED: pidsim fuzz exited $status" ;;
esac
exit $status
