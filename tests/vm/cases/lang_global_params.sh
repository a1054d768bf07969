staprun $MOD
echo "rc=$?"
staprun $MOD n=-7 'greeting=hi there' big=0x10
echo "rc=$?"
staprun $MOD n=abc 2> /tmp/global_params.err
echo "rc=$?"
sed 's/: .*insert module .*: /: cannot insert: /' /tmp/global_params.err
dmesg | grep -o "global n: 'abc' is not a number"
