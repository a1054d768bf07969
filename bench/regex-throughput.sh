#!/bin/bash
# regex-throughput.sh - regular expressions: translate-time compile cost and
# matching speed of the runtime's walkers, built for user space here with
# -O2 (bench/regex_bench.c); then the wall time of `stap -p3` on a generated
# script with 200 distinct regular expressions against the same script
# without them (so the difference is the regex compiler and table output).
#
#   bench/regex-throughput.sh [STAP]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
stap=${1:-$top/_install/bin/stap}
work=$(mktemp -d)   # under $TMPDIR, else /tmp
trap 'rm -rf "$work"' EXIT

: >"$work/config.h"
gcc -std=gnu11 -O2 -include stdio.h -DSTP_COMPAT_H '-DSTP_NOKPROBE(f)=' -Dnotrace= \
	'-DWARN_ON_ONCE(x)=(x)' -I"$work" -I"$top/tests/unit/harness" -I"$top/runtime" \
	-o "$work/regex_bench" "$top/bench/regex_bench.c" "$top/translator/regex.c" \
	"$top/runtime/regex.c"
"$work/regex_bench"

gen() {
	echo "probe begin {"
	echo "  s = \"GET /index.html HTTP/1.1\""
	for i in $(seq 0 199); do
		if [ "$1" = regex ]; then
			echo "  if (s =~ \"^(GET|POST) /[a-z]{1,$((i % 50 + 1))}\\\\.html HTTP/1\\\\.[0-9]$i\") n++"
		else
			echo "  if (s == \"GET /index.html HTTP/1.$i\") n++"
		fi
	done
	echo "  println(n)"
	echo "}"
}
gen regex >"$work/regex.stp"
gen plain >"$work/plain.stp"
best() {
	local best=999999 t0 t1 ms
	for _ in 1 2 3 4 5; do
		t0=$(date +%s%N)
		"$stap" -p3 "$1" >"$work/out.c"
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 1000000 ))
		[ "$ms" -lt "$best" ] && best=$ms
	done
	echo "$best"
}
printf 'stap -p3, 200 regexes: %s ms (C: %s bytes); 200 string compares: %s ms\n' \
	"$(best "$work/regex.stp")" "$(wc -c <"$work/out.c" | tr -d ' ')" "$(best "$work/plain.stp")"
