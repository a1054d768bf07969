for m in signal sleep udp fork; do
	staprun -c "exec /job/stap-workload $m" $MOD
	echo "$m rc=$?"
done
