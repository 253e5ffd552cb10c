#!/bin/sh
# check.sh PIDSIM TRACE - the reasons `pidsim run --explain` gives for a
# small trace are exactly TRACE's .out (and, where it has one, the JSON
# Lines of --json --explain are its .json); without --explain the same run
# prints the same statements with no reason at all. Options for the run
# (--kernel, --base-level) come from TRACE's .args, when there is one.
#
# check.sh --update PIDSIM TRACE... rewrites the expected files: read
# every changed line against docs/explain.md before committing it.
set -eu
update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
pidsim=${1:?usage: check.sh [--update] PIDSIM TRACE...}
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

for trace in "$@"; do
	dir=$(dirname "$trace")
	base=$(basename "$trace" .trace)
	args=
	[ -f "$dir/$base.args" ] && args=$(cat "$dir/$base.args")
	# run from the trace's directory: the JSON names the file as given
	# shellcheck disable=SC2086 # args are words
	(cd "$dir" && "$pidsim" run --color=never $args --explain "$base.trace") \
		>"$tmp/out" 2>&1 || [ $? -eq 1 ]
	# shellcheck disable=SC2086
	(cd "$dir" && "$pidsim" run --color=never $args "$base.trace") \
		>"$tmp/plain" 2>&1 || [ $? -eq 1 ]
	if [ -f "$dir/$base.json" ]; then
		# shellcheck disable=SC2086
		(cd "$dir" && "$pidsim" run $args --json --explain "$base.trace") \
			>"$tmp/json" 2>&1 || [ $? -eq 1 ]
	fi
	if [ "$update" = 1 ]; then
		cp "$tmp/out" "$dir/$base.out"
		[ -f "$tmp/json" ] && cp "$tmp/json" "$dir/$base.json"
		rm -f "$tmp/json"
		continue
	fi
	if ! cmp -s "$tmp/out" "$dir/$base.out"; then
		echo "check.sh: $trace: the reasons differ from $base.out:" >&2
		diff -u "$dir/$base.out" "$tmp/out" >&2 || :
		status=1
	fi
	# the reasons are the only lines --explain adds
	grep -v '^    ' "$tmp/out" >"$tmp/stripped" || :
	if ! cmp -s "$tmp/stripped" "$tmp/plain"; then
		echo "check.sh: $trace: --explain changed more than the reasons:" >&2
		diff -u "$tmp/plain" "$tmp/stripped" >&2 || :
		status=1
	fi
	if grep -q '^    ' "$tmp/plain"; then
		echo "check.sh: $trace: reasons printed without --explain" >&2
		status=1
	fi
	if [ -f "$tmp/json" ]; then
		if ! cmp -s "$tmp/json" "$dir/$base.json"; then
			echo "check.sh: $trace: the JSON differs from $base.json:" >&2
			diff -u "$dir/$base.json" "$tmp/json" >&2 || :
			status=1
		fi
		rm -f "$tmp/json"
	fi
done
exit $status
