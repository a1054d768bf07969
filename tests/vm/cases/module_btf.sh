# dummy.ko (no dependencies) from the target release; reading a statistics
# file of its device calls its dummy_get_stats64 in the reader's context
insmod /job/kmod/dummy.ko numdummies=1 || echo "insmod failed"
staprun -c 'exec cat /sys/class/net/dummy0/statistics/tx_packets > /dev/null' $MOD
echo "rc=$?"
rmmod dummy
