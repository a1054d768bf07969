#!/bin/bash
# parse-throughput.sh - pass 1 throughput (lexer + preprocessor + parser) in
# lines per second, over every tapset (tapsets/ and the test fixtures) plus a
# generated 10,000-line script, measured in-process by bench/parse_bench.c
# (built here with -O2); then the wall time of `stap -p1` on the generated
# script, process start included.  Goal: >= 1,000,000 lines/s.
#
#   bench/parse-throughput.sh [STAP]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
stap=${1:-$top/_install/bin/stap}
work=$(mktemp -d "${TMPDIR:-/tmp}/stap-parsebench.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat >"$work/config.h" <<'CFG'
#define PKGDATADIR "/nonexistent/systemtap"
#define PKGLIBEXECDIR "/nonexistent/libexec/systemtap"
#define BINDIR "/nonexistent/bin"
#define _GNU_SOURCE 1
#define PACKAGE_VERSION "0.1"
CFG
files=""
for s in arena diag lexer preprocess parse; do files="$files $top/translator/$s.c"; done
# shellcheck disable=SC2086
gcc -std=gnu11 -O2 -I"$work" -I"$top/translator" -o "$work/parse_bench" \
	"$top/bench/parse_bench.c" $files

# 10,000 lines: globals, macros, functions, probes with the common statements.
gen=$work/generated.stp
{
	echo "@define MAXV(a, b) %( ((@a) > (@b) ? (@a) : (@b)) %)"
	echo "global counts, totals, names"
	for i in $(seq 0 799); do
		cat <<STP
function helper_$i:long (x:long, s:string) {
  if (x > $i && strlen(s) != 0) return @MAXV(x, $i) * 2 + (x << 1)
  else return -x
}
probe kernel.function("vfs_read_$i") ?, timer.ms($((i + 1))) {
  counts[execname(), pid()] <<< helper_$i($i, "s$i")
  %( kernel_v >= "5.0" %? totals[$i]++ %: totals[$i] += 2 %)
  foreach ([name, p] in counts- limit 10) {
    printf("%s %d %d\n", name, p, @count(counts[name, p]))
  }
  for (j = 0; j < 10; j++) { if (j % 2) continue; names[j] = sprintf("%d", j) }
  try { delete counts[*, $i] } catch (msg) { println(msg) }
}
STP
	done
} >"$gen.tmp"
head -n 10000 "$gen.tmp" >"$gen"
# cut at a declaration boundary so the script stays valid
last=$(grep -n '^function\|^probe' "$gen" | tail -1 | cut -d: -f1)
head -n $((last - 1)) "$gen" >"$gen.tmp" && mv "$gen.tmp" "$gen"
while [ "$(wc -l <"$gen")" -lt 10000 ]; do echo "# padding" >>"$gen"; done

tapsets=$( { find "$top/tapsets" "$top/tests/parseok/fixtures" \( -name '*.stp' -o -name '*.stpm' \) 2>/dev/null || true; } |
	   grep -v 'fixtures/tapset/shadow.stp' | sort)
echo "tapsets: $(echo "$tapsets" | grep -c . || true) files"
# shellcheck disable=SC2086
[ -n "$tapsets" ] && "$work/parse_bench" $tapsets
echo "generated script: $(wc -l <"$gen") lines"
"$work/parse_bench" "$gen"
# shellcheck disable=SC2086
echo "all together:" && "$work/parse_bench" $tapsets "$gen"
if [ -x "$stap" ]; then
	s=$(date +%s%N)
	"$stap" -p1 "$gen" >/dev/null
	e=$(date +%s%N)
	echo "stap -p1 generated script (process included): $(( (e - s) / 1000000 )) ms"
fi
