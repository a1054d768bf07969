# the workload's files mode through -c
staprun -c 'exec /job/stap-workload files' $MOD
echo "rc=$?"
