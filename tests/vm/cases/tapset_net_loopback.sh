# the workload's loopback mode: a TCP connection to itself on 5557, then a
# UDP datagram to itself on 5558, over lo (brought up for it and down
# again: other cases expect it down)
ip link set lo up || ifconfig lo up
staprun -c 'exec /job/stap-workload loopback' $MOD
echo "rc=$?"
ip link set lo down || ifconfig lo down
