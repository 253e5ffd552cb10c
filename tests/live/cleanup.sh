#!/bin/sh
# cleanup.sh PIDSIM MODE - no process of a live run outlives `pidsim live`.
#
# MODE is one of:
#   normal   a trace runs to its end (and one whose init exits)
#   sigterm  SIGTERM while the trace runs
#   sigint   SIGINT while the trace runs
#   sighup   SIGHUP while the trace runs
#   agent    an agent is SIGKILLed from outside while the trace runs: pidsim
#            must stop with an error (exit 2)
#   sigkill  pidsim itself is SIGKILLed: the kernel must take the tree down
#            (PR_SET_PDEATHSIG, and every agent sees its channel close)
#
# The proof: right after pidsim returns, no process of this run is left in a
# PID namespace other than ours. The run's agents are told apart from any
# other process on the machine (other users' live runs, containers) by
# their name: the agent program is copied to a name of this test's own, and
# every agent of the run carries it (its comm, kept even by a zombie).
# Exit 0 pass, 1 fail, 77 skip (not root, no PID namespaces).
set -u

pidsim=$1
mode=$2

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: live runs need root"
	exit 77
fi
our=$(readlink /proc/self/ns/pid) || { echo "SKIP: no PID namespaces"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

agent=$(dirname "$pidsim")/pidsim-agent
[ -x "$agent" ] || { echo "FAIL: no $agent"; exit 1; }
name=pa$$
[ ${#name} -le 15 ] || name=pa$(echo $$ | tail -c 12)
cp "$agent" "$tmp/$name"
export PIDSIM_AGENT="$tmp/$name"

# "pid:starttime" of every process of this run in a PID namespace other
# than ours (the launcher, in ours, is not counted: it is our pidsim's child
# and could not outlive it unseen).
foreign() {
	find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/pid' \
		-printf '%h %l\n' 2>/dev/null |
	while read -r dir ns; do
		[ "$ns" = "$our" ] && continue
		pid=${dir#/proc/}
		pid=${pid%/ns}
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || continue
		st=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f20)
		[ -n "$st" ] && echo "$pid:$st"
	done | sort
}

# How many processes of this run there are (in any namespace).
count_foreign() {
	grep -lxF "$name" /proc/[0-9]*/comm 2>/dev/null | wc -l
}

fail() {
	echo "FAIL: $*"
	exit 1
}

# Nothing of this run may be left; print what is.
check_left() {
	foreign > "$tmp/after"
	left=$(cat "$tmp/after")
	if [ -n "$left" ]; then
		for p in $left; do
			pid=${p%%:*}
			echo "left behind: $pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" \
				"$(grep -E '^(NSpid|State)' "/proc/$pid/status" 2>/dev/null | tr '\n' ' ')"
		done
		fail "processes outlived pidsim ($mode)"
	fi
}

# A long trace: a boss forks, kills and reaps workers round after round,
# with a nested namespace alive all along.
long_trace() {
	echo "clone init box newpid"
	echo "fork box inner"
	echo "fork init boss"
	r=1
	while [ $r -le 200 ]; do
		echo "fork boss w${r}_{1..100}"
		echo "kill boss w${r}_{1..100}"
		echo "wait boss w${r}_{1..100}"
		r=$((r + 1))
	done
}

# Wait until the run has started: at least n foreign processes beyond base.
wait_running() {
	base=$1 n=$2 pid=$3 i=0
	while [ $i -lt 400 ]; do
		kill -0 "$pid" 2>/dev/null || { tail -5 "$tmp/out"; fail "pidsim ended before the test could interrupt it"; }
		[ "$(count_foreign)" -ge $((base + n)) ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	fail "the live run did not start"
}

base=0

case $mode in
normal)
	printf 'fork init a\nclone a n newpid\nfork n b\nfork b c\nexit a\n' > "$tmp/t1.trace"
	printf 'fork init a\nclone a n newpid\nfork n b\nexit init\nexpect b state=reaped\n' > "$tmp/t2.trace"
	"$pidsim" live "$tmp/t1.trace" "$tmp/t2.trace" > "$tmp/out" 2>&1
	rc=$?
	[ $rc = 77 ] && { cat "$tmp/out"; exit 77; }
	[ $rc = 0 ] || { cat "$tmp/out"; fail "pidsim live exited $rc"; }
	check_left
	;;
sigterm|sigint|sighup|sigkill)
	sig=$(echo "$mode" | sed 's/^sig//' | tr a-z A-Z)
	long_trace > "$tmp/long.trace"
	# A background job starts with SIGINT ignored, which pidsim honours
	# (as any program would): give it the default disposition back.
	env --default-signal=INT "$pidsim" live "$tmp/long.trace" > "$tmp/out" 2>&1 &
	pid=$!
	wait_running "$base" 5 "$pid"
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	[ $rc = 77 ] && exit 77
	case $sig in
	TERM) want=143 ;;
	INT) want=130 ;;
	HUP) want=129 ;;
	KILL) want=137 ;;
	esac
	[ $rc = $want ] || { tail -5 "$tmp/out"; fail "pidsim exited $rc after SIG$sig, not $want"; }
	if [ "$sig" != KILL ]; then
		# A stop is said as such, and the output ends with a whole line.
		grep -q ': interrupted$' "$tmp/out" ||
			{ tail -5 "$tmp/out"; fail "no 'interrupted' after SIG$sig"; }
		! grep -q 'engine failed' "$tmp/out" ||
			{ tail -5 "$tmp/out"; fail "a stop reported as an engine failure"; }
		[ "$(tail -c 1 "$tmp/out" | od -An -tx1 | tr -d ' ')" = 0a ] ||
			{ tail -c 200 "$tmp/out"; fail "the output ends with half a line"; }
	fi
	if [ "$sig" = KILL ]; then
		# Nobody could clean up in pidsim: the kernel does it, a moment later.
		i=0
		while [ $i -lt 100 ] && [ "$(count_foreign)" -gt "$base" ]; do
			sleep 0.05
			i=$((i + 1))
		done
	fi
	check_left
	;;
agent)
	long_trace > "$tmp/long.trace"
	"$pidsim" live "$tmp/long.trace" > "$tmp/out" 2>&1 &
	pid=$!
	wait_running "$base" 5 "$pid"
	# The boss: an agent that is pid 4 of the trace root, one level
	# below ours (init is 1, box 2, inner 3).
	victim=
	for f in $(grep -l -E '^NSpid:[[:space:]]+[0-9]+[[:space:]]+4$' \
			/proc/[0-9]*/status 2>/dev/null); do
		p=$(echo "$f" | cut -d/ -f3)
		if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$name" ]; then
			victim=$p
			break
		fi
	done
	[ -n "$victim" ] || fail "no agent to kill"
	kill -KILL "$victim"
	wait "$pid"
	rc=$?
	[ $rc = 2 ] || { tail -5 "$tmp/out"; fail "pidsim exited $rc after losing an agent, not 2"; }
	grep -q "lost the agent of boss" "$tmp/out" ||
		{ tail -5 "$tmp/out"; fail "no word about the lost agent"; }
	check_left
	;;
*)
	fail "unknown mode $mode"
	;;
esac
echo "PASS: $mode"
exit 0
