# Two workloads block in read on pipes before staprun starts; with -x the
# first, the second is woken (and gone) before the target.  Pids vary: shown
# as TARGET and OTHER.
rm -f /tmp/pbt.go1 /tmp/pbt.go2 /tmp/pbt.out
(while [ ! -e /tmp/pbt.go1 ]; do sleep 0.1; done; echo x) | /job/stap-workload read &
target=$!
(while [ ! -e /tmp/pbt.go2 ]; do sleep 0.1; done; echo x) | /job/stap-workload read &
other=$!
for p in $target $other; do
	for i in $(seq 1 300); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = stap-workload ] &&
			grep -q '^[0-9]* ([^)]*) S' /proc/$p/stat && break
		sleep 0.1
	done
done
staprun -x $target $MOD > /tmp/pbt.out &
run=$!
for i in $(seq 1 600); do
	grep -q '^armed$' /tmp/pbt.out && break
	sleep 0.1
done
touch /tmp/pbt.go2
wait $other
touch /tmp/pbt.go1
wait $target
wait $run
rc=$?
sed -E "s/ $target( |\$)/ TARGET\\1/; s/ $other( |\$)/ OTHER\\1/" /tmp/pbt.out
echo "rc=$rc"
