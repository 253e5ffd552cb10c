#!/bin/sh
# An installed pidsim, moved after `cmake --install --prefix`, still finds
# its agent (relative to its own binary) and runs a live trace; the man page
# and the bash completion are installed beside it.
#   install.sh BUILD_DIR TRACE
set -eu
build=$1
trace=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/first" >/dev/null
mv "$tmp/first" "$tmp/moved"
for f in bin/pidsim share/man/man1/pidsim.1 share/bash-completion/completions/pidsim; do
	[ -e "$tmp/moved/$f" ] || { echo "install: no $f"; exit 1; }
done
agent=$(find "$tmp/moved" -name pidsim-agent -type f)
[ -x "$agent" ] || { echo "install: no pidsim-agent"; exit 1; }
status=0
env -u PIDSIM_AGENT "$tmp/moved/bin/pidsim" live "$trace" >"$tmp/out" 2>&1 || status=$?
[ "$status" -eq 77 ] && exit 77
[ "$status" -eq 0 ] || { echo "install: the moved pidsim failed ($status):"; cat "$tmp/out"; exit 1; }
echo "install: the moved pidsim ran $trace live"
