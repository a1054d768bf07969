# Interrupt a running session: end probes still run and their output arrives.
staprun $MOD &
pid=$!
sleep 2
kill -INT $pid
wait $pid
echo "rc=$?"
