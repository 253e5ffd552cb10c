# A shell loop for `pidsim record`: N forks of /bin/true, one after the
# other (fork-loop.sh N).
n=${1:-5000}
i=0
while [ $i -lt "$n" ]; do
	/bin/true
	i=$((i + 1))
done
