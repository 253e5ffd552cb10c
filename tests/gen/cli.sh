#!/bin/sh
# The command lines of `pidsim gen`, `pidsim shrink` and `pidsim fuzz`:
# exit statuses, determinism of gen, a shrink with a --check, and a short
# fuzz run when the live kernel can be used (skipped otherwise).
# Usage: cli.sh PIDSIM
set -u
pidsim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# expect STATUS CMD...: run CMD, its status must be STATUS
expect() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" = "$want" ] || fail "$* exited $got, not $want: $(head -c 300 "$tmp/err")"
}

# gen: same options, same bytes; other seed, other trace; valid on the model
"$pidsim" gen --seed 5 --statements 80 --mix chaos >"$tmp/a" || fail "gen"
"$pidsim" gen --seed 5 --statements 80 --mix chaos >"$tmp/b" || fail "gen"
"$pidsim" gen --seed 6 --statements 80 --mix chaos >"$tmp/c" || fail "gen"
cmp -s "$tmp/a" "$tmp/b" || fail "gen: the same seed wrote different traces"
cmp -s "$tmp/a" "$tmp/c" && fail "gen: two seeds wrote the same trace"
for p in build containers threads chaos; do
	"$pidsim" gen --seed 1 --mix $p --results -o "$tmp/$p.trace" || fail "gen -o"
	expect 0 "$pidsim" run "$tmp/$p.trace"
done
# version 1.1: a trace that holds a 1.1 statement declares it
"$pidsim" gen --seed 2 --statements 200 --mix threads >"$tmp/t11" || fail "gen threads"
[ "$(head -n 1 "$tmp/t11")" = "pidsim 1.1" ] || fail "gen: a threads trace does not declare pidsim 1.1"
grep -q '^exec ' "$tmp/t11" || fail "gen: 200 statements of threads hold no exec"
expect 0 "$pidsim" gen --help
grep -q "usage: pidsim gen" "$tmp/out" || fail "gen --help prints no usage"
expect 2 "$pidsim" gen --seed x
expect 2 "$pidsim" gen --statements 0
expect 2 "$pidsim" gen --statements 100001
expect 2 "$pidsim" gen --depth 33
expect 2 "$pidsim" gen --mix nope
# --profile, the older name of --mix, still works
"$pidsim" gen --seed 5 --statements 80 --profile chaos >"$tmp/d" || fail "gen --profile"
cmp -s "$tmp/a" "$tmp/d" || fail "gen --profile chaos is not gen --mix chaos"
expect 2 "$pidsim" gen --kernel 9.9
expect 2 "$pidsim" gen extra-argument
expect 0 "$pidsim" gen --kernel 4.0 --depth 32 --statements 300

# shrink, with a check on the model: "some fork answers ENOMEM"
cat >"$tmp/check.sh" <<CHECK
#!/bin/sh
"$pidsim" run "\$1" | grep -q -- '-> ENOMEM' && exit 1
exit 0
CHECK
chmod +x "$tmp/check.sh"
cat >"$tmp/big.trace" <<'TRACE'
fork init a
fork a b
fork init x
setpgid a a
unshare x newpid
fork b c
fork x y
fork y z
exit a
exit y
wait init a
fork x w
fork b d
TRACE
expect 0 "$pidsim" shrink -q --check "$tmp/check.sh" -o "$tmp/small.trace" "$tmp/big.trace"
# what is left: pidsim 1, fork init x, unshare, fork x y, exit y, fork x w
n=$(grep -cv '^#' "$tmp/small.trace")
[ "$n" = 6 ] || fail "shrink left $n lines, not 6: $(cat "$tmp/small.trace")"
"$tmp/check.sh" "$tmp/small.trace" && fail "the shrunk trace is not interesting"
expect 1 "$pidsim" shrink -q --check "$tmp/check.sh" "$tmp/a"

# shrinking a 1.1 trace: its candidates declare 1.1 (else none parses);
# the check: some wait any reaps a child (gen's labels end in digits)
cat >"$tmp/check11.sh" <<CHECK
#!/bin/sh
"$pidsim" run "\$1" | grep -Eq ': wait [^ ]+ any -> [a-z]+[0-9]' && exit 1
exit 0
CHECK
chmod +x "$tmp/check11.sh"
expect 0 "$pidsim" shrink -q --check "$tmp/check11.sh" -o "$tmp/small11.trace" "$tmp/t11"
grep -q '^pidsim 1.1$' "$tmp/small11.trace" || fail "a shrunk 1.1 trace does not declare 1.1"
# left: pidsim 1.1, a clone and its exit, a thread of init and its wait any
# (the shrinker removes a statement with all its label's uses, so the
# thread's clone stays with the wait)
n=$(grep -cv '^#' "$tmp/small11.trace")
[ "$n" = 5 ] || fail "shrink left $n lines of the 1.1 trace, not 5: $(cat "$tmp/small11.trace")"
# a check that cannot run, or that times out on the whole trace, is not
# "not interesting": exit 2, as the usage says
expect 2 "$pidsim" shrink -q --check "$tmp/no-such-check" "$tmp/big.trace"
expect 2 "$pidsim" shrink -q --timeout 1 --check "sleep 5; true" "$tmp/big.trace"
# a range kept whole stays one statement: the check needs all five forks
cat >"$tmp/check5.sh" <<CHECK
#!/bin/sh
[ "\$("$pidsim" run "\$1" | grep -c ': fork a b[0-9] -> ')" = 5 ] && exit 1
exit 0
CHECK
chmod +x "$tmp/check5.sh"
printf 'fork init a\nfork a b{1..5}\nfork init z\n' >"$tmp/range.trace"
expect 0 "$pidsim" shrink -q --check "$tmp/check5.sh" -o "$tmp/range.min" "$tmp/range.trace"
grep -qx 'fork a b{1..5}' "$tmp/range.min" || fail "the range was not kept as one statement: $(cat "$tmp/range.min")"
grep -q 'fork init z' "$tmp/range.min" && fail "fork init z was not removed"
grep -q '^# still interesting: ' "$tmp/range.min" || fail "the output does not say what it kept"
printf 'fork init\n' >"$tmp/bad.trace"
expect 2 "$pidsim" shrink -q --check "$tmp/check.sh" "$tmp/bad.trace"
expect 2 "$pidsim" shrink
expect 2 "$pidsim" shrink --max-tests 0 "$tmp/a"
expect 0 "$pidsim" shrink --help

# fuzz: bad options; a short campaign where the live kernel is usable
expect 2 "$pidsim" fuzz --count 0
expect 2 "$pidsim" fuzz --mix nope
expect 2 "$pidsim" fuzz --confirm 0
expect 0 "$pidsim" fuzz --help
"$pidsim" fuzz -q --count 4 --statements 30 --keep "$tmp/found" >"$tmp/out" 2>&1
st=$?
case $st in
0) ;;
77) echo "fuzz: the live kernel cannot be used here, campaign skipped" ;;
*) fail "fuzz exited $st: $(cat "$tmp/out")" ;;
esac

[ $fails = 0 ] || exit 1
echo "gen/shrink/fuzz command lines: ok"
