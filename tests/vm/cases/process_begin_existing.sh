# The workload's two threads block before staprun starts, one in read on a
# pipe (checked in /proc: its own program, two tasks sleeping); once the
# probes are armed, the pipe's writer gets to send it a byte.  Then the workload's fork mode runs.  Pids
# vary: the blocked one is shown as OLD, this shell as SH, the fork mode's
# as NEW and its child as CHILD.
rm -f /tmp/pbe.go /tmp/pbe.out
(while [ ! -e /tmp/pbe.go ]; do sleep 0.1; done; echo x) | /job/stap-workload threadread &
old=$!
for i in $(seq 1 300); do
	[ "$(cat /proc/$old/comm 2>/dev/null)" = stap-workload ] &&
		[ "$(cat /proc/$old/task/*/stat 2>/dev/null | grep -c '^[0-9]* ([^)]*) S')" = 2 ] &&
		break
	sleep 0.1
done
staprun $MOD > /tmp/pbe.out &
run=$!
for i in $(seq 1 600); do
	grep -q '^armed$' /tmp/pbe.out && break
	sleep 0.1
done
touch /tmp/pbe.go
wait $old
/job/stap-workload fork &
new=$!
wait $new
wait $run
rc=$?
sed -E "s/ $old( |\$)/ OLD\\1/g; s/ $new( |\$)/ NEW\\1/g; s/ $$( |\$)/ SH\\1/g;
	s/^(begin: stap-workload|end:) [0-9]+/\\1 CHILD/" /tmp/pbe.out
echo "rc=$rc"
