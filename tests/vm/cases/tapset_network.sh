# the workload's udp mode: sendto 127.0.0.1:9 of "stap"
staprun -c 'exec /job/stap-workload udp' $MOD
echo "rc=$?"
