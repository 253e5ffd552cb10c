# A bash workload for `pidsim record`: pipelines, subshells, background jobs
# and job control (set -m puts each job in a process group of its own).
set -m
seq 1 50 | sort -r | head -n 3 | tr '\n' ' ' >/dev/null
( cd /; ls >/dev/null; (true; false) ) || true
sleep 0.05 &
first=$!
{ sleep 0.02; echo x; } | cat >/dev/null &
jobs >/dev/null
wait $first
wait
for i in 1 2 3 4 5; do /bin/true & done
wait
out=$(echo sub | tr a-z A-Z)
[ "$out" = SUB ]
