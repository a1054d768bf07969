# the workload's files mode reads its file once; the dump's values vary, so
# hex runs are shown as their width and RIP is compared with addr()
staprun -c 'exec /job/stap-workload files' $MOD > /tmp/print_regs.out
echo "rc=$?"
awk '
/^addr=/ {
	want = substr($1, 6)
	file = substr($4, 6)
	count = substr($5, 7)
	args = 1
	print "addr " $2 " register(rip) is addr: " ($3 == "rip=" want)
	next
}
/^RIP: / {
	split($2, a, ":")
	if (NF == 3)
		print "RIP is addr: " (a[2] == want) ", CS " a[1]
	else
		print "user RIP, CS " a[1]
}
/^RDX: / && args { args = 0; print "RDI is $file: " ($6 == file) ", RDX is $count: " ($2 == count) }
{
	line = $0
	gsub(/\+0x[0-9a-f]+\/0x[0-9a-f]+/, "+OFF/SIZE", line)
	gsub(/[0-9a-f]{16}/, "<16>", line)
	gsub(/[0-9a-f]{8}/, "<8>", line)
	gsub(/[0-9a-f]{4}/, "<4>", line)
	print line
}' /tmp/print_regs.out
