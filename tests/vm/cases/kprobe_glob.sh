echo 0123456789abcdef > /tmp/kprobe_glob
staprun -c "dd if=/tmp/kprobe_glob of=/dev/null bs=4 count=3 2>/dev/null" $MOD
echo "rc=$?"
