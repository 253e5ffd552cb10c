#!/bin/sh
# Rewrite the COMMANDS section of docs/pidsim.1 from the command tables:
#   scripts/update-man.sh BUILD/sim/pidsim [MANPAGE]
# With --check, change nothing and exit 1 when the page is out of date
# (the test parse.man runs that).
set -eu
check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
pidsim=${1:?usage: update-man.sh [--check] PIDSIM [MANPAGE]}
page=${2:-$(dirname "$0")/../docs/pidsim.1}
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.cmds"' EXIT

"$pidsim" help --man >"$tmp.cmds"
awk -v cmds="$tmp.cmds" '
	/^\.\\" BEGIN COMMANDS/ { print; getline; print; while ((getline l < cmds) > 0) print l; skip = 1; next }
	/^\.\\" END COMMANDS/ { skip = 0 }
	!skip { print }
' "$page" >"$tmp"
if [ "$check" = 1 ]; then
	if ! cmp -s "$tmp" "$page"; then
		echo "update-man: $page is out of date; run scripts/update-man.sh $pidsim" >&2
		diff -u "$page" "$tmp" | head -40 >&2
		exit 1
	fi
	exit 0
fi
cp "$tmp" "$page"
