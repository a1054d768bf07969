#!/bin/bash
# transport-throughput.sh: how fast script output travels from the module
# through relay and stapio, measured inside the test VM (TCG, so absolute
# figures are far below real hardware; compare runs, not machines).
# Prints lines, bytes, seconds and MB/s; asserts nothing.
#   bench/transport-throughput.sh [STAP] [KERNEL_RELEASE]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
stap=${1:-$top/_install/bin/stap}
rel=${2:-}
. "$top/bench/lib.sh"
[ -n "$rel" ] || rel=$(bench_kernel)
bench_workdir
mkdir -p "$work/job"
cat > "$work/tp.stp" <<'STP'
global n
probe timer.ms(1) {
	for (i = 0; i < 200; i++)
		printf("%d %s\n", n * 200 + i, "0123456789012345678901234567890123456789012345678901234567890123456789012345678")
	n++
	if (n == 1000) exit()
}
STP
(cd "$work" && "$stap" -w -p4 -r "$rel" -m tp -DMAXACTION_INTERRUPTIBLE=100000 tp.stp) > /dev/null
cp "$work/tp.ko" "$work/job/"
cat > "$work/job/run.sh" <<'RUN'
# busybox date has no %N: /proc/uptime gives centiseconds.
t0=$(tr -d . < /proc/uptime | cut -d' ' -f1)
staprun /job/tp.ko > /tmp/tp.out
t1=$(tr -d . < /proc/uptime | cut -d' ' -f1)
echo "lines $(wc -l < /tmp/tp.out) bytes $(wc -c < /tmp/tp.out) cs $((t1 - t0))"
RUN
"$top/tests/vm/stap-vm" --kernel "$rel" --sysroot "$top/_stage" "$work/job" "$work/out" > /dev/null
read -r _ lines _ bytes _ cs < "$work/out/stdout"
awk -v l="$lines" -v b="$bytes" -v cs="$cs" 'BEGIN {
	s = cs / 100
	printf "lines %d  bytes %d  seconds %.2f  MB/s %.2f  lines/s %.0f\n", l, b, s, b / 1e6 / s, l / s
}'
echo "kernel $rel, VM under TCG"
