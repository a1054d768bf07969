# the workload's files mode: write 10 bytes, read 4
staprun -c 'exec /job/stap-workload files' $MOD
echo "rc=$?"
