# the workload's udp mode: sendto 127.0.0.1:9 of "stap", over the loopback
# device brought up for it (and down again: other cases expect it down)
ip link set lo up || ifconfig lo up
staprun -c 'exec /job/stap-workload udp' $MOD
echo "rc=$?"
ip link set lo down || ifconfig lo down
