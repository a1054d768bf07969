#!/bin/bash
# run.sh - fuzzes pass 1 (lexer, preprocessor, parser, -p1 printer) with
# libFuzzer for SECONDS (default 60), starting from the parse test cases.
#
#   tests/fuzz/run.sh [SECONDS]
#
# Needs clang (Debian: apt-get install clang).  Builds the target with
# -fsanitize=fuzzer,address,undefined, keeps the grown corpus in
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

cat >"$build/config.h" <<'CFG'
#define PKGDATADIR "/nonexistent/systemtap"
#define PKGLIBEXECDIR "/nonexistent/libexec/systemtap"
#define BINDIR "/nonexistent/bin"
#define _GNU_SOURCE 1
#define PACKAGE_VERSION "0.1"
CFG
# pass 1 and what it links against; not main.c (the fuzzer has its own main)
srcs="arena diag lexer preprocess parse ast_print ops"
files=""
for s in $srcs; do files="$files $top/translator/$s.c"; done
# shellcheck disable=SC2086
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$build" -I"$top/translator" -o "$build/parse_fuzz" "$here/parse_fuzz.c" $files

mkdir -p "$work" "$here/crashes"
seed=$build/seed
mkdir -p "$seed"
cp "$top"/tests/parseok/*.stp "$top"/tests/parseko/*.stp "$top"/tests/unit/cases/*.stp "$seed"/ 2>/dev/null || true
start=$(date +%s)
set +e
"$build/parse_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout="${FUZZ_TIMEOUT:-30}" \
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
