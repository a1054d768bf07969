#!/bin/bash
# test.sh: install what is needed, build, and run every test: host unit tests
# of the translator and tools, then the end-to-end cases and the runtime's own
# checks in a VM, once per installed kernel.  Ends with a table of each
# suite's wall time, then one line "N passed, N failed"; exits nonzero if
# anything failed.
#
#   scripts/test.sh                 everything
#   scripts/test.sh --only NAME     one suite (unit, parse, options, tool-options, policy, ksyms, tvbtf, sem, staprun, package,
#                                   stapio, vm, runtime; selinux only this way)
#                                   or one VM case (the
#                                   NAME of tests/vm/cases/NAME.stp or .host),
#                                   on every kernel for VM suites and cases
#
# The host suites, and the VM work of each kernel, run side by side: a VM
# boot mostly waits on one emulated cpu, so the other core builds modules or
# runs host tests meanwhile.  Each suite's output is shown once it ends.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

only=
while [ $# -gt 0 ]; do
	case $1 in
	--only) only=${2:?--only needs a suite or case name}; shift 2 ;;
	*) echo "usage: scripts/test.sh [--only SUITE|CASE]" >&2; exit 2 ;;
	esac
done
host_suites="unit:tests/unit/run.sh parse:tests/parse/run.sh options:tests/options/run.sh ksyms:tests/ksyms/run.sh tvbtf:tests/tvbtf/run.sh
	sem:tests/sem/run.sh staprun:staprun/tests/run.sh stapio:stapio/tests/run.sh
	tool-options:tests/tool-options/run.sh policy:policy/tests/run.sh"
# Run only when asked for by name (--only): too slow for every run.
gated_suites="selinux:policy/tests/vm-enforcing.sh"
case_dir=tests/vm/cases
only_case=
if [ -n "$only" ]; then
	case " $(echo $host_suites $gated_suites | sed 's/:[^ ]*//g') package vm runtime " in
	*" $only "*) ;;
	*)
		if [ -f "$case_dir/$only.stp" ] || [ -f "$case_dir/$only.host" ]; then
			only_case=$only
		else
			echo "test.sh: no suite or VM case named '$only'" >&2
			exit 2
		fi ;;
	esac
fi
wanted() { [ -z "$only" ] || [ "$only" = "$1" ]; }

"$top/scripts/build.sh" check || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

stap=$top/_install/bin/stap
logs=$(mktemp -d "${TMPDIR:-/tmp}/stap-test.XXXXXX")
trap 'rm -rf "$logs"' EXIT
# The suites in the order their output and timing rows are shown.
order=()

# Runs one suite into its log and records its wall time; its summary line
# "N passed, N failed" is read back afterwards.
suite() {
	local name=$1 t0 t1
	shift
	t0=$(date +%s%N)
	# CPU seconds too: on two cores the suites share, the sum of the CPU
	# columns is what the whole run's wall time follows.
	/usr/bin/time -f '%U %S' -o "$logs/$name.cpu" "$@" > "$logs/$name.log" 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000)) > "$logs/$name.ms"
}

# One VM case alone: a directory holding only its files.
if [ -n "$only_case" ]; then
	mkdir -p "$logs/case"
	ln -s "$top/$case_dir/$only_case".* "$logs/case/"
	case_dir=$logs/case
fi

t_start=$(date +%s%N)
pids=()
host_list=()
for entry in $host_suites; do
	name=${entry%%:*} runner=${entry#*:}
	[ -z "$only_case" ] && wanted "$name" && [ -x "$runner" ] && host_list+=("$name:$runner")
done
for entry in $gated_suites; do
	name=${entry%%:*} runner=${entry#*:}
	[ "$only" = "$name" ] && host_list+=("$name:$runner")
done
if [ ${#host_list[@]} -gt 0 ]; then
	for entry in "${host_list[@]}"; do order+=("${entry%%:*}"); done
	(for entry in "${host_list[@]}"; do suite "${entry%%:*}" "${entry#*:}" "$stap"; done) &
	pids+=($!)
fi

# The packages, built, installed in a clean root and booted: its own job,
# mostly waiting on the network and the package tools.
if [ -z "$only_case" ] && wanted package; then
	order+=("package")
	suite package scripts/package-test.sh &
	pids+=($!)
fi

# Every installed kernel that has both an image to boot and headers to build.
kernels=0
for vmlinuz in $(ls -v /boot/vmlinuz-* 2>/dev/null); do
	rel=${vmlinuz#/boot/vmlinuz-}
	[ -f "/lib/modules/$rel/build/Makefile" ] || continue
	kernels=$((kernels + 1))
	vm=() rt=()
	if [ -n "$only_case" ] || wanted vm; then
		order+=("vm-$rel")
		vm=(suite "vm-$rel" tests/vm/run-cases --kernel "$rel" --stap "$stap"
			--sysroot "$top/_stage" --workload "$top/_build/tests/vm/stap-workload"
			--runas "$top/_build/tests/vm/stap-runas"
			"$case_dir")
	fi
	if [ -z "$only_case" ] && wanted runtime; then
		# The runtime alone, driven by hand-written stand-ins for generated code.
		order+=("runtime-$rel")
		rt=(suite "runtime-$rel" runtime/tests/vm-test.sh --kernel "$rel"
			--sysroot "$top/_stage" --prefix "$top/_install" "$top/_build/runtime-tests-$rel")
	fi
	[ ${#vm[@]} -eq 0 ] && [ ${#rt[@]} -eq 0 ] && continue
	( [ ${#vm[@]} -eq 0 ] || "${vm[@]}"; [ ${#rt[@]} -eq 0 ] || "${rt[@]}" ) &
	pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
t_end=$(date +%s%N)

passed=0 failed=0
table=()
for name in "${order[@]}"; do
	echo "=== $name"
	cat "$logs/$name.log" 2>/dev/null
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/$name.log" 2>/dev/null | tail -1)
	if [ -z "$line" ]; then
		echo "(suite ended without a summary: counted as one failure)"
		line="0 passed, 1 failed"
	fi
	p=$(echo "$line" | cut -d' ' -f1) f=$(echo "$line" | cut -d' ' -f3)
	passed=$((passed + p)) failed=$((failed + f))
	ms=$(cat "$logs/$name.ms" 2>/dev/null || echo 0)
	cpu=$(awk 'END { printf "%d", $1 + $2 }' "$logs/$name.cpu" 2>/dev/null)
	table+=("$(printf '%-28s %8d.%01d %7d %7d %7d' "$name" $((ms / 1000)) $((ms % 1000 / 100)) "${cpu:-0}" "$p" "$f")")
done
if [ "$kernels" -eq 0 ] && { [ -n "$only_case" ] || wanted vm || wanted runtime; }; then
	echo "no kernel with both /boot/vmlinuz and headers: VM cases not run (counted as one failure)"
	failed=$((failed + 1))
fi

echo
printf '%-28s %10s %7s %7s %7s\n' suite "wall s" "cpu s" passed failed
printf '%s\n' "${table[@]}"
ms=$(((t_end - t_start) / 1000000))
printf '%-28s %8d.%01d   (suites run side by side)\n' total $((ms / 1000)) $((ms % 1000 / 100))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
