staprun -c 'exec /job/stap-workload files' $MOD
echo "rc=$?"
