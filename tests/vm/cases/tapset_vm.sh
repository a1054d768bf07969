# the workload's files mode
staprun -c 'exec /job/stap-workload files' $MOD
echo "rc=$?"
