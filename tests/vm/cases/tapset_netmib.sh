# The workload's network modes over loopback (MTU 1500, so a 4000-byte
# datagram is fragmented and reassembled; TCP's memory limits at one page
# while tcpfill runs, so TCP enters memory pressure), then each of the
# script's counts beside the change in the kernel's counter of that name
# (/proc/net/snmp Ip:, /proc/net/netstat IpExt: and TcpExt:).  "seen" says
# the kernel counted some.
mib() {
	awk '{ if (hdr[$1] == "") { for (i = 2; i <= NF; i++) name[$1, i] = $i; hdr[$1] = NF }
	       else for (i = 2; i <= NF; i++) print name[$1, i], $i }' /proc/net/snmp /proc/net/netstat
}
ip link set lo up
ip link set lo mtu 1500
mem=$(cat /proc/sys/net/ipv4/tcp_mem)
mib > /tmp/mib.before
w=/job/stap-workload
staprun -c "$w bigudp && $w rawproto && $w listenfull && $w delack &&
	echo 1 1 1 > /proc/sys/net/ipv4/tcp_mem && $w tcpfill;
	echo $mem > /proc/sys/net/ipv4/tcp_mem; sleep 2" $MOD > /tmp/ours 2> /tmp/ours.err
echo "rc=$?"
# hits the kernel's kprobes missed (a hit while this cpu was in a kprobe:
# an interrupt's softirq in the moment before a handler turns interrupts
# off) are the session's skipped probes: a count may fall short of the
# kernel's by at most that many, never exceed it
skipped=$(sed -n 's/^WARNING: Number of errors: 0, skipped probes: \([0-9]*\)$/\1/p' /tmp/ours.err)
grep -v '^WARNING: Number of errors: 0, skipped probes: [0-9]*$' /tmp/ours.err
mib > /tmp/mib.after
echo "$mem" > /proc/sys/net/ipv4/tcp_mem
ip link set lo mtu 65536
awk -v skipped="${skipped:-0}" '
     FILENAME == "/tmp/mib.before" { before[$1] = $2; next }
     FILENAME == "/tmp/mib.after" { after[$1] = $2; next }
     { d = after[$1] - before[$1]
       if ($2 == d || ($2 < d && d - $2 <= skipped)) print $1, "ok=1", "seen=" (d > 0)
       else print $1, "ours=" $2, "kernel=" d, "skipped=" skipped }' /tmp/mib.before /tmp/mib.after /tmp/ours
