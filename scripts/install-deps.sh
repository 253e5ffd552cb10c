#!/bin/sh
# Install what pidsim needs to build, test and benchmark on Debian 12.
# Safe to run repeatedly; does nothing when every package is present.
set -eu

PACKAGES="build-essential cmake pkg-config uthash-dev libcunit1-dev gnuplot-nox clang libclang-rt-14-dev util-linux procps"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root (or: sudo $0)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
