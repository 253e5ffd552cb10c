#!/bin/sh
# The whole test suite, as CI runs it: install the dependencies, build and
# test once normally (unit, parser, trace, live and differential tests, the
# bounded differential fuzz), diff every trace on Debian's 6.12 and 6.1
# kernels in QEMU guests, test once more under AddressSanitizer + UBSan,
# then run each libFuzzer harness for a short while.
set -eu
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPIDSIM_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs" -LE vm

# Every project trace on Debian's 6.12 and 6.1 kernels, booted under QEMU
# (TCG: a few minutes each, one at a time); skipped (77) where no VM or no
# kernel package can be had. scripts/vm/run.sh installs what it needs.
PIDSIM_VM=1 ctest --test-dir build --output-on-failure -L vm

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPIDSIM_SANITIZE=ON -DPIDSIM_WERROR=ON >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE slow

# A bounded libFuzzer run of every harness (parser, model, whole runs):
# 20 seconds each from the seed corpus; exit 77 means no clang here.
status=0
./scripts/fuzz-run.sh build-fuzzer 20 || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 77 ] || exit "$status"
