# The workload's getppid(2) calls run before the timer's 5th tick.  Checked
# here: the kprobe's hits equal the handler's own count (at least 7), and the
# cycles are numbers with min <= avg <= max; then both counts become K, the
# cycles N and the script's path FILE.
staprun -c "/job/stap-workload getppid 7 >/dev/null; sleep 2" $MOD > /tmp/stap_timing.out
echo "rc=$?"
calls=$(sed -n 's/^end ticks=5 getppid=\([0-9]*\)$/\1/p' /tmp/stap_timing.out)
hits=$(sed -n 's/^kprobe.function.*, hits: \([0-9]*\), .*/\1/p' /tmp/stap_timing.out)
[ -n "$calls" ] && [ "$calls" -ge 7 ] || echo "getppid counted ${calls:-no} times"
[ "$hits" = "$calls" ] || echo "report: $hits kprobe hits, the handler counted $calls"
awk -F'cycles: ' '/cycles: / {
	split($2, f, /[^0-9]+/)
	if (!(f[1] <= f[2] && f[2] <= f[3])) print "cycles out of order: " $0
}' /tmp/stap_timing.out
sed -E 's/cycles: [0-9]+min\/[0-9]+avg\/[0-9]+max, variance: [0-9]+/cycles: Nmin\/Navg\/Nmax, variance: N/
	s/getppid=[0-9]+$/getppid=K/; s/(getppid"\), \([^)]*\), hits: )[0-9]+/\1K/' /tmp/stap_timing.out
