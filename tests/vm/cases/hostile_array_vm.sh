staprun $MOD 2> /tmp/vm.err
echo "rc=$?"
grep -o 'cannot insert module hostile_array_vm: Cannot allocate memory' /tmp/vm.err
dmesg | grep -o 'cannot allocate array a (3000000 entries): error -12'
