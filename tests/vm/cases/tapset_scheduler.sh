# the workload's sleep mode (nanosleep 10 ms), then its fork mode
staprun -c '/job/stap-workload sleep; exec /job/stap-workload fork' $MOD
echo "rc=$?"
