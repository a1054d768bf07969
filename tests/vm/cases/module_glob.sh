# dummy.ko from the target release; reading a statistics file of its
# device calls dummy_get_stats64 in the reader's context.  stderr is shown:
# a module glob's unloaded modules must not warn.
insmod /job/kmod/dummy.ko numdummies=1 || echo "insmod failed"
staprun -c 'exec cat /sys/class/net/dummy0/statistics/tx_packets > /dev/null' $MOD 2>&1
echo "rc=$?"
rmmod dummy
