staprun -c 'exec /job/stap-workload badfd' $MOD
echo "rc=$?"
