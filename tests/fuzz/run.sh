#!/bin/bash
# run.sh - fuzzes pass 1 (lexer, preprocessor, parser, -p1 printer) with
# libFuzzer for SECONDS (default 60), starting from the parse test cases.
#
#   tests/fuzz/run.sh [SECONDS]
#
# Needs clang (Debian: apt-get install clang).  Builds the target with
# -fsanitize=fuzzer,address,undefined in _build-fuzz, keeps the grown corpus in
# tests/fuzz/corpus-work/ (not in git), and ends with "fuzz: N s, no crash"
# or the crash file libFuzzer wrote.  On demand only: not part of test.sh.
# FUZZ_TIMEOUT (default 30 s) is the per-input limit: generous, because a
# loaded 2-core machine stretches wall time far beyond the CPU an input uses.
set -eu
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$here/corpus-work
build=$(mktemp -d "${TMPDIR:-/tmp}/stap-fuzz.XXXXXX")
trap 'rm -rf "$build"' EXIT
command -v clang >/dev/null || { echo "clang not installed"; exit 2; }

# The target is tests/local.mk's tests/fuzz/parse_fuzz, built in its own
# tree (_build-fuzz) configured for clang with the fuzzer's instrumentation
# (fuzzer-no-link: configure's test programs have their own main).
fuzz_tree=$top/_build-fuzz
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi)
mkdir -p "$fuzz_tree"
cd "$fuzz_tree"
[ -f Makefile ] || "$top/configure" -q --prefix=/nonexistent --disable-werror CC=clang \
	CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
make -s tests/fuzz/parse_fuzz
cd "$top"

mkdir -p "$work" "$here/crashes"
seed=$build/seed
mkdir -p "$seed"
cp "$top"/tests/parseok/*.stp "$top"/tests/parseko/*.stp "$top"/tests/unit/cases/*.stp "$seed"/ 2>/dev/null || true
start=$(date +%s)
set +e
"$fuzz_tree/tests/fuzz/parse_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout="${FUZZ_TIMEOUT:-30}" \
	-rss_limit_mb=2048 -artifact_prefix="$here/crashes/" -print_final_stats=1 \
	-dict="$here/stap.dict" "$work" "$seed" 2>"$build/log"
rc=$?
set -e
end=$(date +%s)
if [ $rc -eq 0 ]; then
	tail -n 8 "$build/log"
	echo "fuzz: $((end - start)) s, no crash"
else
	grep -v '^#[0-9]' "$build/log" | grep -A40 -m1 'round trip\|ERROR\|runtime error\|deadly' | head -60
	echo "fuzz: crash after $((end - start)) s (see $here/crashes/)"
	exit 1
fi
