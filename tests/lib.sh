# lib.sh - what every host test runner shares, sourced by them:
#
#   . "$top/tests/lib.sh"
#   test_init NAME        a private $work directory (removed at exit) and
#                         the pass/fail counters
#   pass WHAT             one "PASS: WHAT" line
#   fail WHAT [WHY] [FILE]
#                         one "FAIL: WHAT: WHY" line, then the head of FILE
#   add_counts FILE       adds the "N passed, N failed" line a test program
#                         printed into FILE (a missing line is one failure)
#   finish                "N passed, N failed" (the line scripts/test.sh
#                         reads), then exit 1 on any failure
#   check_program VAR PATH [asan]
#                         sets VAR to the path of a test program `make check`
#                         built (tests/local.mk) in the build tree _build, or
#                         with asan in _build-asan (configured
#                         --enable-sanitizers); a failure when it is missing
#
# Runners keep only their own checks; scripts/test.sh counts their closing line.

test_init() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/stap-$1.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$work'" EXIT
	passed=0 failed=0
}

pass() {
	echo "PASS: $1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL: $1${2:+: $2}"
	[ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/    /' "$3" | head -30
	failed=$((failed + 1))
}

add_counts() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	if [ -z "$line" ]; then
		fail "$1" "test program ended without a summary"
		return
	fi
	passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
	failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

check_program() {
	local tree=${STAP_BUILD_DIR:-$top/_build}
	[ "${3:-}" = asan ] && tree=${STAP_ASAN_BUILD_DIR:-$top/_build-asan}
	printf -v "$1" '%s' "$tree/$2"
	[ -f "$tree/$2" ] && return 0
	fail "$tree/$2" "not built (scripts/build.sh check builds it)"
	return 1
}
