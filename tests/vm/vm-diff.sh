#!/bin/sh
# vm-diff.sh KERNEL SOURCE-DIR BUILD-DIR - CTest's vm.diff.KERNEL: every
# project trace, tests/vm/global-pid-max/ and tests/vm/KERNEL/ diffed, one
# `pidsim diff` per trace, inside a QEMU guest booting Debian's KERNEL,
# with the model playing the profile of the same name; then
# global-pid-max.sh on the same guest. Only with
# PIDSIM_VM=1: booting under TCG takes minutes and a whole host core.
set -eu
kernel=$1 src=$2 build=$3
if [ "${PIDSIM_VM:-}" != 1 ]; then
	echo "vm.diff.$kernel: skipped: set PIDSIM_VM=1 to boot Debian's $kernel kernel under QEMU"
	exit 77
fi
set -- --add "$src/tests/vm/global-pid-max"
dirs="traces/ global-pid-max/"
if [ -d "$src/tests/vm/$kernel" ]; then
	set -- "$@" --add "$src/tests/vm/$kernel"
	dirs="$dirs $kernel/"
fi
# Then the global pid_max rules by hand (global-pid-max.sh says why).
set -- "$@" --add "$src/tests/vm/global-pid-max.sh"
exec "$src/scripts/vm/run.sh" --build "$build" --timeout 2100 "$@" "$kernel" -- \
	sh -c "pidsim-diff-each --timeout 120 --kernel $kernel $dirs; d=\$?
		sh global-pid-max.sh; g=\$?
		[ \$d -eq 0 ] && [ \$g -eq 0 ]"
