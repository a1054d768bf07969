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
for runner in tests/unit/run.sh staprun/tests/run.sh stapio/tests/run.sh; do
	[ -x "$runner" ] && suite "$runner" "$runner" "$stap"
done
suite "VM cases" tests/vm/run-cases --stap "$stap" --sysroot "$top/_stage" tests/vm/cases

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
