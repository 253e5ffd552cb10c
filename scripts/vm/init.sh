#!/bin/busybox sh
# shellcheck shell=dash
# init.sh - /init of the guest that scripts/vm/run.sh boots. It runs as
# pid 1 of the guest's root PID namespace: it mounts the pseudo file
# systems, runs /cmd in /work with its output on ttyS1 (stdout) and ttyS2
# (stderr), writes its exit status on ttyS3 and powers the guest off. It
# must never return: pid 1 exiting panics the kernel (panic=-1 then makes
# QEMU quit, and run.sh reports the missing status).
/bin/busybox --install -s /bin
# The ports are terminals, but the output goes to files: no colours.
export PATH=/bin HOME=/work TMPDIR=/tmp PIDSIM_AGENT=/bin/pidsim-agent NO_COLOR=1 TERM=dumb
# Scripts that may change the machine (its pid_max) check for this.
export PIDSIM_VM_GUEST=1

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mkdir -p /sys/kernel/tracing
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null

# Raw ports: no LF to CR LF, no echo, so that the bytes arrive as written.
for t in ttyS1 ttyS2 ttyS3; do
	stty -F /dev/$t raw -echo 115200 2>/dev/null
done

echo "PIDSIM-VM-KERNEL $(uname -r) $(uname -v)" >/dev/ttyS3
cd /work || echo "init: no /work" >&2
sh /cmd </dev/null >/dev/ttyS1 2>/dev/ttyS2
rc=$?
# Closing a serial port waits for its output to drain; the status line goes
# last, so that a status on the host means the output before it is whole.
echo "PIDSIM-VM-STATUS $rc" >/dev/ttyS3
sync
poweroff -f
sleep 60
