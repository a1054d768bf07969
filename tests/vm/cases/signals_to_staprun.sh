# Each signal to staprun mid-session: end probes run, their output arrives,
# and the module is gone afterwards.  SIGKILL leaves stapio alone: it ends
# the session itself and removes the module with `staprun -d`.
m=$(basename $MOD .ko)
for sig in INT TERM HUP QUIT KILL; do
	staprun $MOD > /tmp/sig.out 2> /tmp/sig.err &
	pid=$!
	# mid-session: once the begin probe's output is through
	i=0
	while ! grep -q started /tmp/sig.out && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	kill -$sig $pid
	wait $pid
	rc=$?
	for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -q "^$m " /proc/modules || [ -n "$(pidof stapio)" ] || break
		sleep 1
	done
	grep -q "^$m " /proc/modules && state=loaded || state=unloaded
	echo "$sig: rc=$rc $(tr '\n' ' ' < /tmp/sig.out)$state"
	if [ -s /tmp/sig.err ]; then sed "s/^/$sig stderr: /" /tmp/sig.err; fi
done
