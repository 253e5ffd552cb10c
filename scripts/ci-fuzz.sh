#!/bin/sh
# CI differential fuzzing (docs/fuzzing.md): 200 generated traces, each run
# on the model and on the live kernel (`pidsim fuzz`), at most 4 minutes.
# On a divergence, the shrunk traces are printed and the run fails. Where
# the live kernel cannot be used (no root, no PID namespaces) it says so
# and exits 77, which CTest and CI report as skipped.
#
# Usage: scripts/ci-fuzz.sh [BUILD_DIR]        (default: build)
# Environment: PIDSIM_FUZZ_SEED (default 20261122), PIDSIM_FUZZ_COUNT (200)
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
echo "ci-fuzz: $count traces from seed $seed (PIDSIM_FUZZ_SEED to change it)"
"$pidsim" fuzz -q --count "$count" --statements 80 --seed "$seed" \
	--shrink --time-limit 200 --timeout 30 --keep "$found"
status=$?
case $status in
0)	echo "ci-fuzz: the model and the kernel agreed" ;;
77)	echo "ci-fuzz: SKIPPED: the live kernel cannot be used here" ;;
1)	echo "ci-fuzz: FAILED: the model and the kernel diverged (shrunk traces above)"
	for f in "$found"/*.min.trace; do
		[ -e "$f" ] || continue
		echo "==> $(basename "$f") <=="
		cat "$f"
	done ;;
*)	echo "ci-fuzz: FAILED: pidsim fuzz exited $status" ;;
esac
exit $status
