# brd.ko: one 1 MiB RAM disk, /dev/ram0; the workload's blockread mode reads
# its first 4096 bytes with O_DIRECT (one bio, in the workload's context)
insmod /job/kmod/brd.ko rd_nr=1 rd_size=1024 || echo "insmod failed"
[ -b /dev/ram0 ] || mknod /dev/ram0 b 1 0
staprun -c 'exec /job/stap-workload blockread /dev/ram0' $MOD
echo "rc=$?"
rmmod brd
