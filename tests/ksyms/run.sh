#!/bin/bash
# run.sh - tests of translator/kernel_symbols.c (target kernel function names).
#
#   tests/ksyms/run.sh [STAP_PATH]     (the argument is ignored)
#
# Builds tests/ksyms/ksyms_test.c with the library twice, plainly and with
# ASan+UBSan, and runs both.  Set KSYMS_REAL_RELEASE to test another installed
# /boot/vmlinuz-REL (default: the newest installed 6.1, skipped when absent).
# Ends with "N passed, N failed"; exits nonzero on failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/stap-ksyms.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
# The real image tested: the newest installed Debian 6.1 unless told.
if [ -z "${KSYMS_REAL_RELEASE:-}" ]; then
	k=$(ls -v /boot/vmlinuz-6.1.0-*-amd64 2>/dev/null | tail -1)
	[ -n "$k" ] && export KSYMS_REAL_RELEASE=${k#/boot/vmlinuz-}
fi

# config.h of a configured tree is not needed: the library only wants GNU.
printf '#define _GNU_SOURCE 1\n' >"$work/config.h"
libs=$(pkg-config --libs libelf liblzma zlib libzstd 2>/dev/null || echo "-lelf -llzma -lz -lzstd")
build() { # NAME EXTRA_CFLAGS...
	local name=$1
	shift
	gcc -std=gnu11 -Wall -Wextra -Werror -g "$@" -I"$work" -I"$top/translator" \
		-o "$work/$name" "$here/ksyms_test.c" "$top/translator/kernel_symbols.c" \
		$libs >"$work/$name.log" 2>&1
}

run_variant() { # NAME
	local name=$1 line
	mkdir -p "$work/$name.d"
	"$work/$name" "$here/fixtures" "$work/$name.d" >"$work/$name.out" 2>&1
	sed "s/^/[$name] /" "$work/$name.out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/$name.out" | tail -1)
	if [ -z "$line" ]; then
		echo "FAIL: [$name] test program ended without a summary"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
	failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}

if build ksyms_test -O2; then
	run_variant ksyms_test
else
	echo "FAIL: build ksyms_test"; sed 's/^/    /' "$work/ksyms_test.log" | head -30
	failed=$((failed + 1))
fi
if build ksyms_asan -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer; then
	ASAN_OPTIONS=detect_leaks=1 run_variant ksyms_asan
else
	echo "FAIL: build ksyms_asan"; sed 's/^/    /' "$work/ksyms_asan.log" | head -30
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
