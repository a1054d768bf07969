# the -c shell forks the workload's fork mode, then execs its exec mode;
# the target set's pids vary, so the report's lines are shown without them
set -o pipefail
staprun -c '/job/stap-workload fork; exec /job/stap-workload exec' $MOD |
	sed -E 's/^[0-9]+ begat [0-9]+$/PARENT begat CHILD/'
echo "rc=$?"
