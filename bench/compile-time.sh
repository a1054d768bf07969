#!/bin/bash
# compile-time.sh: how long passes 1-4 take (stap -p4, wall time, median of
# RUNS) in the three situations a user meets:
#   cold       empty caches (our runtime objects and modules; stap 4.8's
#              module and feature-test caches)
#   new        a script not seen before, caches otherwise warm
#   unchanged  the same script again (answered from the module cache)
# and, for a new script, a cold one and an unchanged one, the CPU time it took (a figure the
# machine's load does not distort much) and how ours built it (replaying kbuild's commands
# without make, or kbuild).
# for ours and, when Debian's SystemTap 4.8 is installed (/usr/bin/stap,
# package systemtap), for it too in the same run, with the ratio ours/4.8.
# Then passes 1-3 alone for a small and a large script.  Prints figures;
# asserts nothing.  Run after scripts/build.sh:
#   bench/compile-time.sh [STAP] [KERNEL_RELEASE]       (RUNS=3 by default)
# The machine's load average is printed with the figures: other work on
# the machine slows pass 4 (kbuild) a lot.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
stap=${1:-$top/_install/bin/stap}
rel=${2:-}
runs=${RUNS:-3}
if [ -z "$rel" ]; then
	# the oldest kernel with headers: the one stap 4.8 knows best
	for f in $(ls -v /boot/vmlinuz-* 2>/dev/null); do
		r=${f#/boot/vmlinuz-}
		[ -f "/lib/modules/$r/build/Makefile" ] && { rel=$r; break; }
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
	"$@" > "$work/last.log" 2>&1 || { echo "failed: $*" >&2; tail -20 "$work/last.log" >&2; return 1; }
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }

# A script both translators accept; N makes it new to every cache.
script() {
	cat <<-EOF
	global count
	probe timer.ms(100) { count++ }
	probe begin { printf("bench %d\n", $1) }
	probe end { printf("count=%d\n", count) }
	EOF
}

# Debian's stap 4.8 when installed (its runtime patched for this kernel).
bench_stap48 "$rel"

# Every script is new: the counter lives in a file, as measure() and
# new_cpu_ms() run in command substitutions (subshells).
echo 0 > "$work/counter"
next_script() {
	n=$(($(cat "$work/counter") + 1))
	echo "$n" > "$work/counter"
	script "$n" > "$work/s$n.stp"
}
# CPU time (user+sys, its children included: what the machine spent, which
# other work on it does not change much) of one new script, in ms.
new_cpu_ms() {
	next_script
	cpu_ms "$work/s$n.stp" "$@"
}
# The same for SCRIPT.
cpu_ms() {
	local f=$1
	shift
	( TIMEFORMAT='%U %S'; time "$@" -p4 -r "$rel" "$f" > /dev/null 2>&1 ) 2> "$work/cpu"
	awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/cpu"
}
# CPU ms of the unchanged script measure() just timed (the last new one),
# the median of RUNS.
same_cpu_ms() {
	local f=$work/s$(cat "$work/counter").stp t=()
	for _ in $(seq "$runs"); do t+=("$(cpu_ms "$f" "$@")"); done
	median "${t[@]}"
}

# Prints "cold new unchanged" medians for one translator.
measure() {
	local tool=$1 cold=() new=() same=() f
	shift
	for _ in $(seq "$runs"); do
		rm -rf "$SYSTEMTAP_DIR"
		next_script
		cold+=("$(ms "$tool" "$@" -p4 -r "$rel" "$work/s$n.stp")")
	done
	for _ in $(seq "$runs"); do
		next_script
		new+=("$(ms "$tool" "$@" -p4 -r "$rel" "$work/s$n.stp")")
		f=$work/s$n.stp
	done
	for _ in $(seq "$runs"); do
		same+=("$(ms "$tool" "$@" -p4 -r "$rel" "$f")")
	done
	echo "$(median "${cold[@]}") $(median "${new[@]}") $(median "${same[@]}")"
}

printf 'passes 1-4 (stap -p4), ms, median of %d; kernel %s, %d cpus, load %s\n' \
	"$runs" "$rel" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
read -r oc on ou <<< "$(measure "$stap")"
printf '%-12s %10s %10s %10s\n' "" cold new unchanged
printf '%-12s %10s %10s %10s\n' ours "$oc" "$on" "$ou"
ou_cpu=$(same_cpu_ms "$stap")
next_script
# (captured first: grep -q ending the pipe early would fail it under pipefail)
how_log=$("$stap" -v -p4 -r "$rel" "$work/s$n.stp" 2>&1 >/dev/null || true)
# ours' new-script CPU now, while our runtime cache is warm (stap 4.8's cold
# runs below empty the shared cache directory)
oc_new=$(new_cpu_ms "$stap")
if grep -q "replayed kbuild's commands" <<< "$how_log"; then
	how="kbuild's commands replayed, no make"
else
	how="kbuild (make)"
fi
if [ -n "$stap48" ]; then
	read -r sc sn su <<< "$(measure "$stap48" "${stap48_flags[@]}")"
	printf '%-12s %10s %10s %10s\n' "stap 4.8" "$sc" "$sn" "$su"
	su_cpu=$(same_cpu_ms "$stap48" "${stap48_flags[@]}")
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
	printf '%-12s %10s %10s %10s\n' "ours/4.8" "$(ratio "$oc" "$sc")" "$(ratio "$on" "$sn")" \
		"$(ratio "$ou" "$su")"
	sc_new=$(new_cpu_ms "$stap48" "${stap48_flags[@]}")
	echo "new script, cpu ms (user+sys): ours $oc_new, stap 4.8 $sc_new, ours/4.8 $(ratio "$oc_new" "$sc_new")"
	echo "unchanged, cpu ms (user+sys): ours $ou_cpu, stap 4.8 $su_cpu, ours/4.8 $(ratio "$ou_cpu" "$su_cpu")"
	rm -rf "$SYSTEMTAP_DIR"; oc_cold=$(new_cpu_ms "$stap")
	rm -rf "$SYSTEMTAP_DIR"; sc_cold=$(new_cpu_ms "$stap48" "${stap48_flags[@]}")
	echo "cold, cpu ms (user+sys): ours $oc_cold, stap 4.8 $sc_cold, ours/4.8 $(ratio "$oc_cold" "$sc_cold")"
else
	echo "(Debian's SystemTap 4.8 not installed: apt-get install systemtap to compare)"
	echo "new script, cpu ms (user+sys): ours $oc_new"
	echo "unchanged, cpu ms (user+sys): ours $ou_cpu"
	rm -rf "$SYSTEMTAP_DIR"
	echo "cold, cpu ms (user+sys): ours $(new_cpu_ms "$stap")"
fi
echo "ours built a new script with: $how"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Passes 1-3 alone: a script with many probes and statements, to see how
# they scale.
big=$work/big.stp
{
	echo 'global total'
	for i in $(seq 1 200); do
		echo "probe timer.ms($((i + 100))) { x = $i * 3 + total; if (x % 7 == 0) total += x; else total -= 1; printf(\"%d %s\\n\", x, \"p$i\") }"
	done
	echo 'probe end { printf("total=%d\n", total) }'
} > "$big"
hello=$top/tests/vm/cases/hello.stp
echo
printf '%-10s %8s %8s %8s\n' script p1_ms p2_ms p3_ms
for s in "$hello" "$big"; do
	printf '%-10s %8s %8s %8s\n' "$(basename "$s" .stp)" "$(ms "$stap" -p1 "$s")" \
		"$(ms "$stap" -p2 "$s")" "$(ms "$stap" -p3 "$s")"
done
