# stapio and staprun killed outright: rmmod cleans up, says so in the kernel
# log, and nothing stays loaded.
staprun $MOD > /tmp/killed.out 2>&1 &
pid=$!
# the session is running once begin's line has arrived
for i in $(seq 1 600); do
	grep -q '^running$' /tmp/killed.out && break
	sleep 0.1
done
# staprun stopped first: once it is gone stapio would end the session itself
kill -STOP $pid
io=$(pidof stapio)
kill -9 $io
kill -9 $pid
# both gone before looking at the module
while [ -d /proc/$io ] || [ -d /proc/$pid ]; do sleep 0.1; done
head -1 /tmp/killed.out
grep -q '^killed_stapio ' /proc/modules && echo "loaded before rmmod"
rmmod killed_stapio && echo "rmmod ok"
grep -q '^killed_stapio ' /proc/modules && echo "still loaded" || echo "module gone"
dmesg | grep -o 'killed_stapio: removed while the session was running; sent EXIT(1)'
