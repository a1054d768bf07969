# the workload's fork mode: the child exits 7
staprun -c 'exec /job/stap-workload fork' $MOD
echo "rc=$?"
