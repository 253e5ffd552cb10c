#!/bin/sh
# Bounded libFuzzer run for CI (docs/fuzzing.md): build the harnesses with
# clang and -DPIDSIM_FUZZ=ON, then run each one for SECONDS from its seed
# corpus, in a scratch corpus directory. Any crash, leak or timeout fails
# the run; the input that caused it is kept in BUILD_DIR/fuzz-artifacts/.
#
# Usage: scripts/fuzz-run.sh [BUILD_DIR] [SECONDS]    (build-fuzzer, 60)
# Exit: 0 clean, 1 a harness found something, 77 no clang here.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-fuzzer}
seconds=${2:-60}

if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz-run: clang is not installed: libFuzzer harnesses skipped"
	exit 77
fi
CC=clang cmake -S . -B "$build" -DPIDSIM_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" \
	--target fuzz_parser fuzz_model fuzz_run

artifacts="$build/fuzz-artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts"
status=0
for h in parser model run; do
	mkdir -p "$scratch/$h"
	dict=""
	[ "$h" = model ] || dict="-dict=tests/fuzz/trace.dict"
	echo "fuzz-run: fuzz_$h for ${seconds}s"
	# shellcheck disable=SC2086 # $dict is one word or none
	if ! "$build/tests/fuzz/fuzz_$h" -max_total_time="$seconds" -timeout=30 \
		-rss_limit_mb=4096 -max_len=4096 -print_final_stats=1 $dict \
		-artifact_prefix="$artifacts/$h-" \
		"$scratch/$h" "tests/fuzz/corpus/$h" >"$scratch/$h.log" 2>&1; then
		echo "fuzz-run: fuzz_$h found a problem:"
		grep -E "ERROR|fuzz_$h:|SUMMARY|Test unit written" "$scratch/$h.log" | head -20
		status=1
	else
		grep -E "stat::number_of_executed_units|stat::peak_rss" "$scratch/$h.log" || true
	fi
done
exit $status
