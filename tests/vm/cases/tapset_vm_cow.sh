# the workload's cow mode: one private anonymous page mapped, read, written
# and unmapped
staprun -c 'exec /job/stap-workload cow' $MOD
echo "rc=$?"
