#!/bin/bash
# probe-overhead.sh: nanoseconds per probe hit, measured in one VM boot
# (TCG, so the absolute figures are far above real hardware; compare the
# rows, not machines).  The workload calls getppid(2) N times in a loop
# (tests/vm/workload.c, mode getppid); each row times that loop:
#   none       no probe: the baseline
#   bare       a hand-written module with one kprobe counting hits per cpu
#              (bench/bare_kprobe: the floor any kprobe tool pays)
#   ours       probe syscall.getppid { n <<< 1 } built by this stap
# and prints ns per call and, for the probed rows, ns per hit over the
# baseline.  Debian's stap 4.8 and bpftrace are not run yet (their modules
# need their own staprun/stapio in the VM).  Asserts nothing.
#   bench/probe-overhead.sh [STAP] [KERNEL_RELEASE] [N]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
stap=${1:-$top/_install/bin/stap}
rel=${2:-}
n=${3:-200000}
. "$top/bench/lib.sh"
[ -n "$rel" ] || rel=$(bench_kernel)
bench_workdir
mkdir -p "$work/job" "$work/bare"
gcc -static -O2 -o "$work/job/stap-workload" "$top/tests/vm/workload.c"
# the bare module, built against the target kernel
cp "$top/bench/bare_kprobe/bare_kprobe.c" "$top/bench/bare_kprobe/Kbuild" "$work/bare/"
make -s -C "/lib/modules/$rel/build" M="$work/bare" modules > /dev/null
cp "$work/bare/bare_kprobe.ko" "$work/job/"
# ours: the same kprobe through the syscall tapset
cat > "$work/ours.stp" <<'STP'
global n
probe syscall.getppid { n <<< 1 }
probe end { printf("ours hits: %d\n", @count(n)) }
STP
(cd "$work" && "$stap" -w -p4 -r "$rel" -m ours ours.stp) > /dev/null
cp "$work/ours.ko" "$work/job/"
cat > "$work/job/loop.sh" <<RUN
# busybox date has no %N: /proc/uptime gives centiseconds.
t0=\$(tr -d . < /proc/uptime | cut -d' ' -f1)
/job/stap-workload getppid $n
t1=\$(tr -d . < /proc/uptime | cut -d' ' -f1)
echo "\$1 \$((t1 - t0))" >> /tmp/times
RUN
cat > "$work/job/run.sh" <<'RUN'
sh /job/loop.sh none
insmod /job/bare_kprobe.ko
sh /job/loop.sh bare
rmmod bare_kprobe
staprun -c 'sh /job/loop.sh ours' /job/ours.ko > /tmp/ours.out
sh /job/loop.sh none
cat /tmp/times
dmesg | grep -o 'bare_kprobe: [0-9]* hits' || true
cat /tmp/ours.out
RUN
"$top/tests/vm/stap-vm" --kernel "$rel" --sysroot "$top/_stage" "$work/job" "$work/out" > /dev/null
awk -v n="$n" -v rel="$rel" '
$1 == "none" { base = base ? (base < $2 ? base : $2) : $2; next }
$2 ~ /^[0-9]+$/ && NF == 2 { cs[$1] = $2; order[++k] = $1; next }
{ print "# " $0 }
END {
	printf "%-6s %12s %14s\n", "row", "ns/call", "ns/hit extra"
	printf "%-6s %12.0f %14s\n", "none", base * 1e7 / n, "-"
	for (i = 1; i <= k; i++)
		printf "%-6s %12.0f %14.0f\n", order[i], cs[order[i]] * 1e7 / n,
		       (cs[order[i]] - base) * 1e7 / n
	printf "kernel %s, %d getppid calls per row, VM under TCG\n", rel, n
}' "$work/out/stdout"
