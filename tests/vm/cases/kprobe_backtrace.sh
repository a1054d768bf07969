staprun -c 'exec /job/stap-workload badfd' $MOD > /tmp/bt.out
echo "rc=$?"
grep -v '^ 0x' /tmp/bt.out
# " 0xADDR : name+0xo/0xs [kernel]" -> name
sed -n 's/^ 0x[0-9a-f]* : \([A-Za-z0-9_.]*\)+0x.*/\1/p' /tmp/bt.out > /tmp/bt.names
echo "first frame: $(head -n 1 /tmp/bt.names)"
echo "do_syscall_64 below: $(grep -c '^do_syscall_64$' /tmp/bt.names)"
