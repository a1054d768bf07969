# the workload's migrate mode: it moves itself to the other cpu (the VM has 2)
staprun -c 'exec /job/stap-workload migrate' $MOD
echo "rc=$?"
