staprun -c 'exec /job/stap-workload badfd' $MOD > /tmp/bt.out
echo "rc=$?"
# " 0xADDR : name+0xo/0xs [kernel]" -> name; stop after the syscall wrapper
sed -n 's/^ 0x[0-9a-f]* : \([A-Za-z0-9_.]*\)+0x.*/\1/p; /^[a-z]/p' /tmp/bt.out | sed '/__x64_sys_read/q'
