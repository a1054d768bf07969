# the workload's files mode: one read(fd, buf, 4) of /tmp/stapwl
staprun -c 'exec /job/stap-workload files' $MOD
echo "rc=$?"
