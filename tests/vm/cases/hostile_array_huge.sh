staprun $MOD 2> /tmp/huge.err
echo "rc=$?"
grep -o 'cannot insert module hostile_array_huge: Cannot allocate memory' /tmp/huge.err
dmesg | grep -o 'cannot allocate array a (16777216 entries): error -12'
