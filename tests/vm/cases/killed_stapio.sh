# stapio and staprun killed outright: rmmod cleans up, says so in the kernel
# log, and nothing stays loaded.
staprun $MOD > /tmp/killed.out 2>&1 &
sleep 2
# staprun stopped first: once it is gone stapio would end the session itself
kill -STOP $!
kill -9 $(pidof stapio)
kill -9 $!
sleep 1
head -1 /tmp/killed.out
grep -q '^killed_stapio ' /proc/modules && echo "loaded before rmmod"
rmmod killed_stapio && echo "rmmod ok"
grep -q '^killed_stapio ' /proc/modules && echo "still loaded" || echo "module gone"
dmesg | grep -o 'killed_stapio: removed while the session was running; sent EXIT(1)'
