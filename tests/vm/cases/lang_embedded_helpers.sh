staprun $MOD
echo "rc=$?"
dmesg | sed -n 's/.*\(fn_note\):[0-9]*: \(dbug .*\)/\1: \2/p'
