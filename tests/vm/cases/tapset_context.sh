# The target spins long enough to be seen; the script exits as soon as it is.
staprun -c 'exec /job/stap-workload spin 20000' $MOD
echo "rc=$?"
