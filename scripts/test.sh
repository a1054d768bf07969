#!/bin/bash
# test.sh: install what is needed, build, and run every test: host unit tests
# of the translator and tools, then the end-to-end cases in a VM.  Ends with
# one line "N passed, N failed"; exits nonzero if anything failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/scripts/build.sh" test || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Runs one suite, shows its output, adds its closing "N passed, N failed".
suite() {
	echo "=== $1"
	shift
	"$@" 2>&1 | tee "$log"
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -z "$line" ]; then
		echo "(suite ended without a summary: counted as one failure)"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
	failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}

stap=$top/_install/bin/stap
for runner in tests/unit/run.sh tests/parse/run.sh tests/ksyms/run.sh tests/sem/run.sh staprun/tests/run.sh stapio/tests/run.sh; do
	[ -x "$runner" ] && suite "$runner" "$runner" "$stap"
done
# Every installed kernel that has both an image to boot and headers to build.
kernels=0
for vmlinuz in $(ls -v /boot/vmlinuz-* 2>/dev/null); do
	rel=${vmlinuz#/boot/vmlinuz-}
	[ -f "/lib/modules/$rel/build/Makefile" ] || continue
	suite "VM cases, kernel $rel" tests/vm/run-cases --kernel "$rel" --stap "$stap" \
		--sysroot "$top/_stage" tests/vm/cases
	# The runtime alone, driven by hand-written stand-ins for generated code.
	suite "runtime, kernel $rel" runtime/tests/vm-test.sh --kernel "$rel" \
		--sysroot "$top/_stage" --prefix "$top/_install" "$top/_build/runtime-tests-$rel"
	kernels=$((kernels + 1))
done
if [ "$kernels" -eq 0 ]; then
	echo "no kernel with both /boot/vmlinuz and headers: VM cases not run (counted as one failure)"
	failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
