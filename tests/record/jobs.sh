sleep 0.1 &
(true | cat)
wait
sh -c 'exit 3' &
wait $!
for i in 1 2 3; do /bin/true & done
wait
