staprun $MOD
echo "rc=$?"
dmesg | grep -c 'stap tapset printk test'
