# Interrupt a running session: end probes still run and their output arrives.
# SIGINT goes once the session has started and a timer tick has had time to
# fire (a loaded host makes the VM slow: wait on the output, not a clock).
staprun $MOD > /tmp/sigint.out &
pid=$!
for i in $(seq 1 600); do
	grep -q '^started$' /tmp/sigint.out && break
	sleep 0.1
done
sleep 1
kill -INT $pid
wait $pid
rc=$?
cat /tmp/sigint.out
echo "rc=$rc"
