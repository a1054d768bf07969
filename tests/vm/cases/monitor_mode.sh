# stap --monitor, pass 5 as stap runs it: staprun -M 1.  stdout is no
# terminal, so each snapshot follows a "----- monitor snapshot" line.
# snap FILE N: the Nth snapshot of FILE (1-based; 0: the last)
snap() {
	awk -v want="$2" '/^----- monitor snapshot$/ { n++; next }
		{ line[n] = line[n] $0 "\n" }
		END { if (want == 0) want = n; printf "%s", line[want] }' "$1"
}
staprun -M 1 -T 4 $MOD < /dev/null > /tmp/mon1.out 2> /tmp/mon1.err
echo "rc=$?"
n=$(grep -c '^----- monitor snapshot$' /tmp/mon1.out)
[ "$n" -ge 2 ] && echo "at least 2 snapshots" || echo "only $n snapshots"
grep -x 'begin' /tmp/mon1.out
grep -x 'end ticks counted: yes' /tmp/mon1.out
snap /tmp/mon1.out 0 > /tmp/mon1.last
grep -q "^module monitor_mode on $(uname -r), up [0-9]*\.[0-9] s, probes running; every 1 s$" \
	/tmp/mon1.last && echo "header: module, kernel, uptime, running"
grep -x '  label = "ticking"' /tmp/mon1.last
ticks=$(sed -n 's/^  ticks = \([0-9]*\)$/\1/p' /tmp/mon1.last)
[ -n "$ticks" ] && [ "$ticks" -gt 0 ] && echo "ticks > 0"
hits=$(awk '$NF == "timer.ms(100)" { print $1 }' /tmp/mon1.last)
[ -n "$hits" ] && [ "$hits" -gt 0 ] && echo "timer.ms(100) hits > 0"
awk '$NF == "timer.ms(100)" || $NF == "timer.ms(300)" || $NF == "begin" {
	if (!($2 <= $3 && $3 <= $4)) print "cycles out of order: " $0; n++ }
	END { print n " probe rows" }' /tmp/mon1.last
grep -q 'sorted by hits' /tmp/mon1.last && echo "sorted by hits"
[ -s /tmp/mon1.err ] && cat /tmp/mon1.err

# Keys from a pipe: p pauses the probes, r zeroes the counters (nothing
# runs again while paused, so the table stays empty), q ends the session.
{ sleep 2; printf p; sleep 2; printf r; sleep 2; printf q; } |
	staprun -M 1 $MOD > /tmp/mon2.out 2> /tmp/mon2.err
echo "rc=$?"
grep -q 'probes paused' /tmp/mon2.out && echo "a snapshot says paused"
snap /tmp/mon2.out 0 > /tmp/mon2.last
grep -q 'probes paused' /tmp/mon2.last && echo "the last snapshot is paused"
awk '/^ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+  / { n++ } END { print n + 0 " probe rows after the reset" }' \
	/tmp/mon2.last
grep -x 'end ticks counted: yes' /tmp/mon2.out
[ -s /tmp/mon2.err ] && cat /tmp/mon2.err
grep -q '^monitor_mode ' /proc/modules && echo "still loaded"
true
