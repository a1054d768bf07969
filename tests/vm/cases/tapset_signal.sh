# the workload's signal mode: kill(getpid(), SIGUSR1), handled
staprun -c 'exec /job/stap-workload signal' $MOD
echo "rc=$?"
