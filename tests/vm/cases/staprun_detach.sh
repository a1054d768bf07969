# staprun -L leaves the module running; -A joins it and SIGINT ends it (end
# probes run, module removed); -R loads two copies side by side; -D goes into
# the background and still delivers the whole output.
staprun -L $MOD > /tmp/l.out 2> /tmp/l.err
echo "L status $?"
cat /tmp/l.out
grep -c "module staprun_detach left running" /tmp/l.err
grep -q '^staprun_detach ' /proc/modules && echo "running after -L"
staprun -A staprun_detach > /tmp/a.out 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
echo "A status $?"
cat /tmp/a.out
grep -q '^staprun_detach ' /proc/modules && echo "still loaded" || echo "module gone"

staprun -R -L $MOD > /dev/null 2> /tmp/r1.err
staprun -R -L $MOD > /dev/null 2> /tmp/r2.err
echo "copies: $(grep -c '^staprun_detach_[0-9]* ' /proc/modules)"
for n in $(grep -o '^staprun_detach_[0-9]*' /proc/modules); do
	staprun -d $n || echo "cannot remove $n"
done
echo "copies left: $(grep -c '^staprun_detach_[0-9]* ' /proc/modules)"

pid=$(staprun -D -o /tmp/d.out $MOD)
echo "D status $?"
[ -d /proc/$pid ] && echo "background staprun running"
for i in $(seq 1 600); do grep -q '^begin$' /tmp/d.out 2>/dev/null && break; sleep 0.1; done
sleep 0.5
kill -INT $pid
for i in $(seq 1 600); do [ -d /proc/$pid ] || break; sleep 0.1; done
cat /tmp/d.out
grep -q '^staprun_detach ' /proc/modules && echo "still loaded after -D" || echo "module gone after -D"
