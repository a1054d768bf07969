# dummy.ko (not loaded when staprun starts) is loaded, unloaded, loaded and
# unloaded again by the -c command; stderr is shown (no warning expected)
k=/job/kmod/dummy.ko
staprun -c "insmod $k numdummies=1 && rmmod dummy && insmod $k numdummies=1 && rmmod dummy" $MOD 2>&1
echo "rc=$?"
