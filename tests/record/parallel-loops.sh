# Forks racing on every CPU, for `pidsim record`: K shell loops of N forks
# of /bin/true each, at the same time (parallel-loops.sh K N).
k=${1:-3}
n=${2:-1500}
here=$(dirname "$0")
i=0
while [ $i -lt "$k" ]; do
	sh "$here/fork-loop.sh" "$n" &
	i=$((i + 1))
done
wait
