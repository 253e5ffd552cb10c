#!/bin/bash
# campaign.sh - differential testing on another kernel with generated
# traces: write N traces with `pidsim gen` on the host (the model playing
# KERNEL's profile, the trace root one level down as in a live run), then
# diff each of them inside one VM booting Debian's KERNEL (run.sh).
#
#   scripts/vm/campaign.sh [--count N] [--seed S] [--statements M]
#                          [--build DIR] [--keep DIR] KERNEL [RUN.SH-OPTION...]
#
# Seeds S..S+N-1; the generator profiles build, containers, threads and
# chaos take turns. Exit status: run.sh's (0 every trace agreed, 1 some
# diverged or failed, 77 no VM here, 124/125 the guest failed).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

count=100 seed=0 statements=100 build="" keep=""
while [ $# -gt 0 ]; do
	case $1 in
	--count) count=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--statements) statements=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	-h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "campaign: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: scripts/vm/campaign.sh [OPTIONS] KERNEL [RUN.SH-OPTION...]" >&2; exit 2; }
kernel=$1; shift
case $count$seed$statements in *[!0-9]*) echo "campaign: --count, --seed and --statements take numbers" >&2; exit 2 ;; esac
[ -n "$build" ] || build=$repo/build
pidsim=$build/sim/pidsim
[ -x "$pidsim" ] || { echo "campaign: $pidsim is not built (--build DIR)" >&2; exit 2; }
"$pidsim" run --kernel "$kernel" - </dev/null >/dev/null 2>&1 ||
	{ echo "campaign: pidsim has no profile $kernel" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pidsim-campaign.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/gen-$kernel
mkdir -p "$dir"
profiles=(build containers threads chaos)
for ((i = 0; i < count; i++)); do
	s=$((seed + i))
	p=${profiles[$((s % 4))]}
	"$pidsim" gen --seed "$s" --statements "$statements" --profile "$p" \
		--kernel "$kernel" --base-level 1 -o "$dir/$p-s$s.trace"
done
if [ -n "$keep" ]; then
	mkdir -p "$keep"
	cp "$dir"/*.trace "$keep/"
fi

"$here/run.sh" --build "$build" --no-traces --add "$dir" "$@" "$kernel" -- \
	pidsim-diff-each --timeout 120 --kernel "$kernel" "gen-$kernel/"
