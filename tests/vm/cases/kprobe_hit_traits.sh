staprun -c 'exec /job/stap-workload getppid 5 > /dev/null' $MOD
echo "rc=$?"
