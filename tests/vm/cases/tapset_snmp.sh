# one TCP connection over loopback: busybox nc listens on 5555 (started
# before the session), the -c command connects, sends a line and closes
ip link set lo up
nc -l -p 5555 > /dev/null < /dev/null &
server=$!
sleep 1
staprun -c 'echo hello | nc 127.0.0.1 5555' $MOD
echo "rc=$?"
kill $server 2>/dev/null
wait $server 2>/dev/null
true
