# stapio is stopped (so the module keeps output it has not handed over), then
# SIGKILLed: staprun runs stapio -R, which ends the session and drains.  Every
# line the timer printed arrives once, in order, then the end probe's line.
m=$(basename $MOD .ko)
rm -f /tmp/drain.out
staprun -o /tmp/drain.out $MOD 2> /tmp/drain.err &
pid=$!
for i in $(seq 1 600); do
	grep -q '^line 5$' /tmp/drain.out 2>/dev/null && break
	sleep 0.1
done
io=$(pidof stapio)
kill -STOP $io
before=$(grep -c '^line ' /tmp/drain.out)
sleep 1
kill -9 $io
wait $pid
echo "rc=$?"
after=$(grep -c '^line ' /tmp/drain.out)
[ "$after" -gt "$before" ] && echo "lines made while stapio was stopped arrived: yes" ||
	echo "lines made while stapio was stopped arrived: no ($before, then $after)"
awk '
	NR == 1 { ok = ($0 == "begin"); next }
	/^line / { ok = ok && ($2 == ++k); next }
	/^end n=/ { end = substr($0, 7); next }
	{ ok = 0 }
	END { print "begin, lines 1..N each once in order: " (ok ? "yes" : "no");
	      print "end line gives N: " (end != "" && end == k ? "yes" : "no (" end " vs " k ")") }
' /tmp/drain.out
sed 's/^/stderr: /' /tmp/drain.err
grep -q "^$m " /proc/modules && echo loaded || echo unloaded
