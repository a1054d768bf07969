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
. "$top/tests/lib.sh"
test_init ksyms
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
	local name=$1
	mkdir -p "$work/$name.d"
	"$work/$name" "$here/fixtures" "$work/$name.d" >"$work/$name.out" 2>&1
	sed "s/^/[$name] /" "$work/$name.out"
	add_counts "$work/$name.out"
}

if build ksyms_test -O2; then
	run_variant ksyms_test
else
	fail "build ksyms_test" "" "$work/ksyms_test.log"
fi
if build ksyms_asan -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer; then
	ASAN_OPTIONS=detect_leaks=1 run_variant ksyms_asan
else
	fail "build ksyms_asan" "" "$work/ksyms_asan.log"
fi
finish
