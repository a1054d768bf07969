#!/bin/bash
# probe-overhead.sh: the cost of one probe hit, measured in one VM boot.
# The workload calls getppid(2) N times in a loop and prints the loop's
# nanoseconds (tests/vm/workload.c, mode getppid); each row runs that loop
# with one kind of probe on getppid:
#   none       no probe: the baseline
#   bare       a hand-written module with one kprobe counting hits per cpu
#              (bench/bare_kprobe: the floor any kprobe tool pays); every
#              row probes __do_sys_getppid, the function syscall.getppid uses
#   ours       probe kprobe.function("__do_sys_getppid") { n <<< 1 }
#   ours-sc    probe syscall.getppid { n <<< 1 } (the syscall tapset: the
#              same function, plus what the alias sets)
#   ours-ng    probe kprobe.function("__do_sys_getppid") { } (no global)
#   stap4.8    the "ours" script built by Debian's SystemTap 4.8 and run by
#              its own staprun, when it is installed (its runtime is patched
#              in a copy for kernels with task_work_cancel_func, as in
#              compile-time.sh; its module cache is the user's, so only the
#              first run pays its ~1-5 minute build)
#   bpftrace   kprobe:__do_sys_getppid { @n = count(); } when bpftrace is
#              installed
# Every row runs ROUNDS times (default 3), interleaved, and the fastest round
# counts.  Printed: ns per call, ns per hit over the baseline, and that extra
# against the bare module's.  Asserts nothing.
#
# The clock: by default the VM counts instructions (stap-vm --icount: one
# guest instruction is one "ns"), which the host's load cannot distort, so
# the figures compare code paths; they do not weigh instructions (a fence, a
# locked instruction or popf counts as one).  CLOCK=tcg uses plain TCG time
# instead: closer to cycles, but on a loaded host only the ratios of a quiet
# run mean anything.  Compare rows, not machines.
#   bench/probe-overhead.sh [STAP] [KERNEL_RELEASE] [N]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
stap=${1:-$top/_install/bin/stap}
rel=${2:-}
n=${3:-100000}
rounds=${ROUNDS:-3}
clock=${CLOCK:-icount}
. "$top/bench/lib.sh"
[ -n "$rel" ] || rel=$(bench_kernel)
bench_workdir
mkdir -p "$work/job" "$work/bare" "$work/sysroot"
cp -a "$top/_stage/." "$work/sysroot/"
gcc -static -O2 -o "$work/job/stap-workload" "$top/tests/vm/workload.c"
rows=(none bare)

# the bare module, built against the target kernel
cp "$top/bench/bare_kprobe/bare_kprobe.c" "$top/bench/bare_kprobe/Kbuild" "$work/bare/"
make -s -C "/lib/modules/$rel/build" M="$work/bare" modules > /dev/null 2>&1
cp "$work/bare/bare_kprobe.ko" "$work/job/"

# ours: the same kprobe, through the syscall tapset, and without a global
kp='kprobe.function("__do_sys_getppid")'
script() {	# NAME PROBE BODY
	printf 'global n\nprobe %s { %s }\nprobe end { printf("%s hits: %%d\\n", @count(n)) }\n' \
		"$2" "$3" "$1"
}
script ours "$kp" 'n <<< 1' > "$work/ours.stp"
script ours-sc syscall.getppid 'n <<< 1' > "$work/ours-sc.stp"
printf 'probe %s { }\nprobe end { print("ours-ng done\\n") }\n' "$kp" > "$work/ours-ng.stp"
for m in ours ours-sc ours-ng; do
	(cd "$work" && "$stap" -w -p4 -r "$rel" -m "${m//-/_}" "$m.stp") > /dev/null
	cp "$work/${m//-/_}.ko" "$work/job/"
	rows+=("$m")
done
ourrun="$top/_install/bin/staprun"

# Debian's SystemTap 4.8, with its own staprun and stapio in the VM.  Its
# Debian's SystemTap 4.8 (not ours: ours reads BTF) checks kprobe.function
# names against the build tree's System.map, which Debian ships as a
# placeholder.  So 4.8 gets a build tree of links to the real one plus a
# System.map naming the probed function; 4.8 registers by name, so the
# address written there does not matter.
keep48=${XDG_CACHE_HOME:-$HOME/.cache}/systemtap-bench/$rel
bench_stap48 "$rel" "$keep48"
if [ -n "$stap48" ]; then
	if [ ! -f "$keep48/build48/System.map" ]; then
		rm -rf "$keep48/build48"; mkdir -p "$keep48/build48"
		ln -s "/lib/modules/$rel/build/"* "/lib/modules/$rel/build/".[!.]* "$keep48/build48/"
		printf 'ffffffff81000000 T _stext\nffffffff81001000 T __do_sys_getppid\nffffffff81002000 T _etext\n' \
			> "$keep48/build48/System.map"
	fi
	sed 's/ours hits/stap4.8 hits/' "$work/ours.stp" > "$work/stap48.stp"
	if (cd "$work" && "$stap48" "${stap48_flags[@]}" -w -p4 -r "$keep48/build48" -m stap48 \
		stap48.stp) > "$work/stap48.log" 2>&1; then
		cp "$work/stap48.ko" "$work/job/"
		# where 4.8 has them: its stapio runs /usr/bin/staprun to remove
		# the module at the end (ours are called by their full paths)
		mkdir -p "$work/sysroot/usr/lib/systemtap" "$work/sysroot/usr/bin"
		cp /usr/lib/systemtap/stapio "$work/sysroot/usr/lib/systemtap/"
		cp /usr/bin/staprun "$work/sysroot/usr/bin/staprun"
		rows+=(stap4.8)
	else
		echo "# stap 4.8 could not build the module:"; sed 's/^/#   /' "$work/stap48.log" | tail -5
	fi
fi

# bpftrace, with every library it loads (ldd in stap-vm)
if command -v bpftrace > /dev/null; then
	mkdir -p "$work/sysroot/opt/bpftrace"
	cp "$(command -v bpftrace)" "$work/sysroot/opt/bpftrace/bpftrace"
	rows+=(bpftrace)
fi

cat > "$work/job/loop.sh" <<RUN
echo "\$1 \$(/job/stap-workload getppid $n)" >> /tmp/times
RUN
{
	echo "for r in \$(seq $rounds); do"
	for row in "${rows[@]}"; do
		case $row in
		none) echo "sh /job/loop.sh none" ;;
		bare) echo "insmod /job/bare_kprobe.ko symbol=__do_sys_getppid; sh /job/loop.sh bare; rmmod bare_kprobe" ;;
		ours*) echo "$ourrun -c 'sh /job/loop.sh $row' /job/${row//-/_}.ko >> /tmp/hits" ;;
		stap4.8) echo "/usr/bin/staprun -c 'sh /job/loop.sh stap4.8' /job/stap48.ko >> /tmp/hits" ;;
		bpftrace) echo "BPFTRACE_NO_CPP_DEMANGLE=1 /opt/bpftrace/bpftrace -c 'sh /job/loop.sh bpftrace' -e 'kprobe:__do_sys_getppid { @n = count(); }' >> /tmp/hits 2>&1" ;;
		esac
	done
	echo "done"
	echo "cat /tmp/times"
	echo "dmesg | grep -o 'bare_kprobe: [0-9]* hits' | sed 's/^/# /'"
	echo "grep -v '^\$' /tmp/hits | sed 's/^/# /'"
} > "$work/job/run.sh"
vmflags=(--smp 1 --timeout 1800)
[ "$clock" = tcg ] || vmflags+=(--icount)
"$top/tests/vm/stap-vm" "${vmflags[@]}" --kernel "$rel" --sysroot "$work/sysroot" \
	"$work/job" "$work/out" > /dev/null
awk -v n="$n" -v rel="$rel" -v clock="$clock" -v rounds="$rounds" '
NF == 2 && $2 ~ /^[0-9]+$/ {
	if (!($1 in best)) order[++k] = $1
	if (!($1 in best) || $2 < best[$1]) best[$1] = $2
	next
}
{ print }
END {
	base = best["none"] / n
	bare = best["bare"] / n - base
	printf "%-9s %10s %13s %9s\n", "row", "ns/call", "ns/hit extra", "x bare"
	for (i = 1; i <= k; i++) {
		r = order[i]; c = best[r] / n
		if (r == "none")
			printf "%-9s %10.0f %13s %9s\n", r, c, "-", "-"
		else
			printf "%-9s %10.0f %13.0f %9.2f\n", r, c, c - base,
			       (bare > 0 ? (c - base) / bare : 0)
	}
	printf "kernel %s, %d getppid calls per row, best of %d, clock %s\n", rel, n, rounds,
	       clock == "tcg" ? "TCG (wall)" : "icount (1 ns = 1 instruction)"
}' "$work/out/stdout"
[ ! -s "$work/out/stderr" ] || sed 's/^/# vm stderr: /' "$work/out/stderr" | head -20
