# Addresses, offsets and sizes move with KASLR and the kernel build: masked.
# Of the printed stack only the frames every kernel has are kept.
staprun $MOD > /tmp/symbols.out
echo "rc=$?"
sed -E 's/0x[0-9a-f]{9,16}/ADDR/g; s/\+0x[0-9a-f]+\//+OFF\//g; s/\/0x[0-9a-f]+ /\/SIZE /g' /tmp/symbols.out |
	grep -E '^[^ ]|(vfs|ksys)_write|init_task|sym_local_function'
