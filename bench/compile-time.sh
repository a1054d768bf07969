#!/bin/bash
# compile-time.sh: how long stap takes to turn scripts into a module, pass by
# pass, cold (empty cache) and warm (cached .ko).  Prints figures; asserts
# nothing.  Run after scripts/build.sh:
#   bench/compile-time.sh [STAP] [KERNEL_RELEASE]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
stap=${1:-$top/_install/bin/stap}
rel=${2:-}
if [ -z "$rel" ]; then
	for f in $(ls -v /boot/vmlinuz-* 2>/dev/null); do
		r=${f#/boot/vmlinuz-}
		[ -f "/lib/modules/$r/build/Makefile" ] && rel=$r
	done
fi
[ -n "$rel" ] || { echo "compile-time: no kernel with headers" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYSTEMTAP_DIR=$work/stapdir

# Milliseconds of wall time for one command.
ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

# A script with many probes and statements, to see how passes 1-3 scale.
big=$work/big.stp
{
	echo 'global total'
	for i in $(seq 1 200); do
		echo "probe timer.ms($((i + 100))) { x = $i * 3 + total; if (x % 7 == 0) total += x; else total -= 1; printf(\"%d %s\\n\", x, \"p$i\") }"
	done
	echo 'probe end { printf("total=%d\n", total) }'
} > "$big"
hello=$top/tests/vm/cases/hello.stp

printf '%-10s %8s %8s %8s %12s %12s\n' script p1_ms p2_ms p3_ms p4_cold_ms p4_warm_ms
for s in "$hello" "$big"; do
	p1=$(ms "$stap" -p1 "$s")
	p2=$(ms "$stap" -p2 "$s")
	p3=$(ms "$stap" -p3 "$s")
	rm -rf "$SYSTEMTAP_DIR"
	p4c=$(ms "$stap" -p4 -r "$rel" "$s")
	p4w=$(ms "$stap" -p4 -r "$rel" "$s")
	printf '%-10s %8s %8s %8s %12s %12s\n' "$(basename "$s" .stp)" "$p1" "$p2" "$p3" "$p4c" "$p4w"
done
echo "kernel $rel, $(nproc) cpus"
