#!/bin/bash
# run.sh - tests of translator/kernel_symbols.c (target kernel function names).
#
#   tests/ksyms/run.sh [STAP_PATH]     (the argument is ignored)
#
# Runs tests/ksyms/ksyms_test (built by make check with the library) twice:
# from the plain build and from the ASan+UBSan one (_build-asan).  Set
# KSYMS_REAL_RELEASE to test another installed
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

run_variant() { # NAME PROGRAM
	local name=$1
	mkdir -p "$work/$name.d"
	"$2" "$here/fixtures" "$work/$name.d" >"$work/$name.out" 2>&1
	sed "s/^/[$name] /" "$work/$name.out"
	add_counts "$work/$name.out"
}

check_program prog tests/ksyms/ksyms_test && run_variant ksyms_test "$prog"
check_program prog tests/ksyms/ksyms_test asan &&
	ASAN_OPTIONS=detect_leaks=1 run_variant ksyms_asan "$prog"
finish
