#!/bin/bash
# shellcheck disable=SC2012  # ls | sort -V on package file names
# run.sh - run one command inside a QEMU virtual machine that boots one of
# Debian's own kernel packages, and bring its output and exit status back.
#
#   scripts/vm/run.sh [OPTIONS] KERNEL -- COMMAND [ARG...]
#   scripts/vm/run.sh 6.1 -- pidsim diff --kernel 6.1 traces/
#
# KERNEL is a series (6.1, 6.12: the newest Debian package of it), a full
# ABI name (6.1.0-57, 6.12.117+deb12) or a path to a linux-image .deb.
# The package is fetched with `apt-get download` into a cache and only its
# vmlinuz is taken out: nothing is installed into /boot, and no module is
# needed (serial ports, initramfs, devtmpfs and PID namespaces are built
# into Debian's kernels). The whole guest is one initramfs: busybox-static
# as its init, pidsim and pidsim-agent with the libraries they link, and the
# payload (the repository's traces/ by default) under /work, where COMMAND
# runs, as root, in the root PID namespace of a freshly booted kernel.
#
# The guest has four serial ports: ttyS0 the kernel console, ttyS1
# COMMAND's standard output, ttyS2 its standard error, ttyS3 the status
# line. Each goes to a file on the host; this script copies the first two
# to its own stdout and stderr as they grow.
#
# Exit status: COMMAND's own; 77 when no VM can be had here (no qemu, no
# kernel package, not root to install them); 124 when the guest ran past
# --timeout; 125 when it stopped without reporting a status (a boot
# failure or a panic: the console log's tail is shown).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() {
	cat <<'EOF'
usage: scripts/vm/run.sh [OPTIONS] KERNEL -- COMMAND [ARG...]

Boot Debian's kernel KERNEL (6.1, 6.12, an ABI name such as 6.1.0-57,
or a linux-image .deb) under QEMU with an initramfs holding pidsim,
pidsim-agent and the payload, run COMMAND in /work inside it, print its
output here and exit with its status.

  --build DIR      build tree with sim/pidsim and sim/pidsim-agent
                   (default: build/ if built, else one configured in
                   the cache)
  --add PATH       copy PATH (file or directory) into /work too; may be
                   repeated (default payload: the repository's traces/)
  --no-traces      do not copy traces/
  --timeout S      seconds the guest may run, boot included (default 1800)
  --smp N          virtual CPUs (default 1: TCG spends a host core on each)
  --mem MB         guest memory (default 1024)
  --accel A        tcg (default) or kvm (PIDSIM_VM_ACCEL)
  --console FILE   keep the guest's kernel console log in FILE
  --cache DIR      where packages and kernels are kept
                   (PIDSIM_VM_CACHE, default ~/.cache/pidsim-vm)
  -q, --quiet      no progress lines on stderr
  -h, --help       this text

Exit status: COMMAND's; 77 no VM can be had here; 124 the guest timed
out; 125 the guest stopped without a status (boot failure, panic).
EOF
}

say() { [ -n "$quiet" ] || echo "vm: $*" >&2; }
skip() { echo "vm: skipped: $*" >&2; exit 77; }
die() { echo "vm: $*" >&2; exit 125; }

build=""
adds=()
traces=1
timeout_s=1800
smp=1
mem=1024
accel=${PIDSIM_VM_ACCEL:-tcg}
console_keep=""
cache=${PIDSIM_VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/pidsim-vm}
quiet=""

while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--add) adds+=("$2"); shift 2 ;;
	--no-traces) traces=""; shift ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--console) console_keep=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	-q|--quiet) quiet=1; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	-*) echo "vm: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { usage >&2; exit 2; }
kernel=$1; shift
[ "${1:-}" = "--" ] && shift
[ $# -ge 1 ] || { echo "vm: no COMMAND after --" >&2; exit 2; }
case $timeout_s$smp$mem in *[!0-9]*) echo "vm: --timeout, --smp and --mem take numbers" >&2; exit 2 ;; esac
case $accel in tcg) accel_opt="tcg,thread=multi"; cpu=max ;;
	kvm) accel_opt=kvm; cpu=host ;;
	*) echo "vm: --accel is tcg or kvm" >&2; exit 2 ;; esac

# --- host packages: the script installs what it needs itself -------------
need_pkgs() {
	local missing="" p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" -eq 0 ] || skip "missing packages:$missing (run as root to install them)"
	say "installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >/dev/null 2>&1 ||
		skip "could not install$missing"
}
need_pkgs qemu-system-x86 busybox-static cpio gzip
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64"
if [ "$accel" = kvm ] && [ ! -w /dev/kvm ]; then
	skip "--accel kvm: /dev/kvm is not usable here"
fi

# --- the kernel: a Debian linux-image package, its vmlinuz only ----------
mkdir -p "$cache/debs" "$cache/kernels"
deb=""
case $kernel in
*.deb)
	[ -f "$kernel" ] || { echo "vm: $kernel: no such file" >&2; exit 2; }
	deb=$kernel ;;
*)
	case $kernel in
	[0-9].[0-9]|[0-9].[0-9][0-9])
		# A series: the newest package of it the apt lists know.
		pat="^linux-image-${kernel//./\\.}\\.[0-9]"
		pkg=$(apt-cache search --names-only "$pat" 2>/dev/null |
			awk '{print $1}' | grep -E -- '-amd64-unsigned$' |
			grep -v -E -- '-(rt|cloud)-amd64' | sort -V | tail -n 1) || true
		if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ]; then
			apt-get update -qq >/dev/null 2>&1 || true
			pkg=$(apt-cache search --names-only "$pat" 2>/dev/null |
				awk '{print $1}' | grep -E -- '-amd64-unsigned$' |
				grep -v -E -- '-(rt|cloud)-amd64' | sort -V | tail -n 1) || true
		fi
		if [ -z "$pkg" ]; then
			# Offline: the newest one already in the cache.
			deb=$(ls "$cache/debs/linux-image-$kernel".[0-9]*-amd64-unsigned_*.deb 2>/dev/null |
				sort -V | tail -n 1) || true
			[ -n "$deb" ] || skip "no linux-image package of the $kernel series is known to apt"
		fi ;;
	*)
		pkg="linux-image-$kernel-amd64-unsigned" ;;
	esac
	if [ -z "$deb" ]; then
		deb=$(ls "$cache/debs/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1) || true
		if [ -z "$deb" ]; then
			say "fetching $pkg"
			(cd "$cache/debs" && apt-get download -qq "$pkg" >/dev/null 2>&1) ||
				skip "apt-get download $pkg failed"
			deb=$(ls "$cache/debs/${pkg}"_*.deb | sort -V | tail -n 1)
		fi
	fi ;;
esac
kdir="$cache/kernels/$(basename "$deb" .deb)"
if [ ! -f "$kdir/vmlinuz" ]; then
	tmpk=$(mktemp -d "$cache/kernels/.x.XXXXXX")
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmpk" --wildcards './boot/vmlinuz-*' ||
		die "no vmlinuz in $deb"
	mkdir -p "$kdir"
	v=$(ls "$tmpk"/boot/vmlinuz-* | head -n 1)
	echo "${v##*/vmlinuz-}" >"$kdir/release"
	dpkg-deb -f "$deb" Version >"$kdir/version"
	mv "$v" "$kdir/vmlinuz"
	rm -rf "$tmpk"
fi
krel=$(cat "$kdir/release")
kver=$(cat "$kdir/version")

# --- pidsim: a build tree ------------------------------------------------
if [ -z "$build" ]; then
	if [ -x "$repo/build/sim/pidsim" ]; then
		build=$repo/build
	else
		build=$cache/build
		say "building pidsim in $build"
		{ cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
			cmake --build "$build" -j 2 --target pidsim pidsim-agent; } >/dev/null ||
			die "could not build pidsim"
	fi
fi
for b in pidsim pidsim-agent; do
	[ -x "$build/sim/$b" ] || { echo "vm: $build/sim/$b is not built" >&2; exit 2; }
done

# --- the initramfs -------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/pidsim-vm.XXXXXX")
qpid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	# Only the guest this run started, by its process id.
	if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then kill "$qpid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,work}
cp /bin/busybox "$root/bin/busybox"
cp "$build/sim/pidsim" "$build/sim/pidsim-agent" "$root/bin/"
# The libraries pidsim links (none for the freestanding agent), at the
# paths the dynamic loader will look for them.
for lib in $(ldd "$build/sim/pidsim" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
	[ -f "$lib" ] && cp -L --parents "$lib" "$root/"
done
[ -n "$traces" ] && cp -r "$repo/traces" "$root/work/traces"
for a in "${adds[@]}"; do
	[ -e "$a" ] || { echo "vm: --add $a: no such file" >&2; exit 2; }
	cp -r "$a" "$root/work/"
done
cp "$here/init.sh" "$root/init"
cp "$here/diff-each.sh" "$root/bin/pidsim-diff-each"
chmod 755 "$root/init"
# COMMAND, each word single-quoted for the guest's shell.
{
	printf 'exec'
	for w in "$@"; do printf " '%s'" "${w//\'/\'\\\'\'}"; done
	printf '\n'
} >"$root/cmd"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz"

# --- boot ----------------------------------------------------------------
for f in console out err status; do : >"$work/$f"; done
say "booting $krel ($kver) with $accel, $smp CPU, ${mem} MB, at most ${timeout_s} s"
start=$(date +%s)
set +e
timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 \
	-accel "$accel_opt" -cpu "$cpu" -smp "$smp" -m "$mem" \
	-nographic -nodefaults -no-reboot \
	-kernel "$kdir/vmlinuz" -initrd "$work/initrd.gz" \
	-append "console=ttyS0 rdinit=/init panic=-1 oops=panic quiet loglevel=4" \
	-serial "file:$work/console" -serial "file:$work/out" \
	-serial "file:$work/err" -serial "file:$work/status" \
	</dev/null >"$work/qemu.log" 2>&1 &
qpid=$!
# The guest's output as it comes; each tail stops once QEMU has gone.
tail -n +1 -f --pid="$qpid" "$work/out" 2>/dev/null | sed -u 's/\r$//' &
tout=$!
tail -n +1 -f --pid="$qpid" "$work/err" 2>/dev/null | sed -u 's/\r$//' >&2 &
terr=$!
wait "$qpid"
qrc=$?
qpid=""
wait "$tout" "$terr"
set -e
elapsed=$(( $(date +%s) - start ))
[ -n "$console_keep" ] && cp "$work/console" "$console_keep"

status=$(tr -d '\r' <"$work/status" | sed -n 's/^PIDSIM-VM-STATUS \([0-9]*\)$/\1/p' | tail -n 1)
guest=$(tr -d '\r' <"$work/status" | sed -n 's/^PIDSIM-VM-KERNEL //p' | tail -n 1)
if [ -n "$status" ]; then
	say "guest kernel ${guest:-$krel}: exit status $status after ${elapsed} s"
	exit "$status"
fi
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	echo "vm: the guest ran past ${timeout_s} s; console tail:" >&2
	tail -n 20 "$work/console" | tr -d '\r' >&2
	exit 124
fi
echo "vm: the guest stopped without a status (qemu exit $qrc); qemu said:" >&2
tail -n 5 "$work/qemu.log" >&2
echo "vm: console tail:" >&2
tail -n 30 "$work/console" | tr -d '\r' >&2
exit 125
