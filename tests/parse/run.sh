#!/bin/bash
# run.sh - pass 1 (lexer, preprocessor, parser, -p1 printer) tests.
#
#   tests/parse/run.sh STAP_PATH
#
# Cases are data:
#   tests/parseok/NAME.stp   must parse; `stap -p1` output must equal NAME.out
#   tests/parseko/NAME.stp   must fail; the first error (its message and
#                            "saw:" lines) must equal NAME.err
# Options come from a first line "# args: ..." (default -p1), script
# arguments from a line "# script-args: ...", like tests/unit.  Then:
#   - round trip: for every script that parses (these cases, tests/unit,
#     tests/vm, tapsets/ and the tapset fixtures), printing the parse of the
#     printed tree gives the same text;
#   - pass 2 on every parseok case ends cleanly (0, or 1 with a semantic
#     error), never with a crash or an internal error;
#   - the same cases again with the translator configured --enable-sanitizers
#     (_build-asan/translator/stap; a failure when it is missing).
set -u

stap=${1:?usage: run.sh STAP_PATH}
stap=$(cd "$(dirname "$stap")" && pwd)/$(basename "$stap")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ok=$top/tests/parseok
ko=$top/tests/parseko
. "$top/tests/lib.sh"
test_init parse

# The installed Debian 6.1 kernel whose symbols and .config the cases that
# name @KREL@ read (its ABI number moves with Debian updates).
krel=$(ls -v /boot/vmlinuz-6.1.0-*-amd64 2>/dev/null | tail -1)
krel=${krel#/boot/vmlinuz-}

case_args() {
	local first
	first=$(head -n 1 "$1")
	case $first in
	"# args:"*) first=${first#\# args:}; echo "${first//@KREL@/${krel:-6.1.0-56-amd64}}" ;;
	*) echo "-p1" ;;
	esac
}
script_args() { sed -n 's/^# script-args://p' "$1" | head -n 1; }

# run_cases STAP PREFIX: the parseok and parseko cases with binary STAP.
run_cases() {
	local s=$1 prefix=$2 stp name args rc
	cd "$ok" || exit 2
	for stp in *.stp; do
		name=${stp%.stp}
		args=$(case_args "$stp")
		# shellcheck disable=SC2086,SC2046
		"$s" $args "$stp" -- $(script_args "$stp") >"$work/out" 2>"$work/err"
		rc=$?
		if [ $rc -ne 0 ]; then fail "${prefix}ok-$name" "exit $rc" "$work/err"; continue; fi
		if sanitizer_report "$work/err"; then fail "${prefix}ok-$name" "sanitizer" "$work/err"; continue; fi
		if [ -f "$name.out" ] && ! diff -u "$name.out" "$work/out" >"$work/diff"; then
			fail "${prefix}ok-$name" "-p1 output differs" "$work/diff"; continue
		fi
		pass "${prefix}ok-$name"
	done
	cd "$ko" || exit 2
	for stp in *.stp; do
		name=${stp%.stp}
		args=$(case_args "$stp")
		# shellcheck disable=SC2086,SC2046
		"$s" $args "$stp" -- $(script_args "$stp") >"$work/out" 2>"$work/err"
		rc=$?
		if [ $rc -ne 1 ]; then fail "${prefix}ko-$name" "exit $rc, expected 1" "$work/err"; continue; fi
		if sanitizer_report "$work/err"; then fail "${prefix}ko-$name" "sanitizer" "$work/err"; continue; fi
		head -n 2 "$work/err" >"$work/first"
		if ! diff -u "$name.err" "$work/first" >"$work/diff"; then
			fail "${prefix}ko-$name" "first error differs" "$work/diff"; continue
		fi
		pass "${prefix}ko-$name"
	done
}

sanitizer_report() { grep -qE 'runtime error:|AddressSanitizer|LeakSanitizer' "$1"; }

# The -p1 output of $1 (options $2, script arguments $3) without its header.
print_tree() {
	# shellcheck disable=SC2086
	(cd "$(dirname "$1")" && "$stap" $2 -p1 "$(basename "$1")" -- $3) 2>/dev/null | sed '1,2d'
}

run_cases "$stap" ""

# Round trip over every script that parses.
roundtrip() {
	local stp=$1 opts=$2 sargs=$3 name=$4
	print_tree "$stp" "$opts" "$sargs" >"$work/p1" || return
	[ -s "$work/p1" ] || return 0
	mkdir -p "$work/rt"
	cp "$work/p1" "$work/rt/$(basename "$stp")"
	# the printed text has its arguments substituted: none needed again
	print_tree "$work/rt/$(basename "$stp")" "$opts" "" >"$work/p2"
	if cmp -s "$work/p1" "$work/p2"; then
		pass "roundtrip-$name"
	else
		diff -u "$work/p1" "$work/p2" >"$work/diff"
		fail "roundtrip-$name" "print(parse(print(parse(x)))) differs" "$work/diff"
	fi
}
for stp in "$ok"/*.stp "$top"/tests/unit/cases/*.stp "$top"/tests/vm/cases/*.stp; do
	opts=$(case_args "$stp")
	opts=${opts//-p[0-9]/}
	sargs=$(script_args "$stp")
	# only scripts that parse take part
	# shellcheck disable=SC2086
	(cd "$(dirname "$stp")" && "$stap" $opts -p1 "$(basename "$stp")" -- $sargs) >/dev/null 2>&1 || continue
	roundtrip "$stp" "$opts" "$sargs" "$(basename "$(dirname "$stp")")/$(basename "$stp" .stp)"
done
while IFS= read -r stp; do
	case $stp in */fixtures/tapset/shadow.stp|*/fixtures/broken/*) continue ;; esac   # broken on purpose
	roundtrip "$stp" "-g" "" "tapset/${stp#"$top"/}"
done < <(find "$top/tapsets" "$ok/fixtures" -name '*.stp' 2>/dev/null | sort)

# Pass 2 on the full language: a clean stop, never a crash.
cd "$ok" || exit 2
for stp in *.stp; do
	name=${stp%.stp}
	args=$(case_args "$stp")
	args=${args//-p1/-p2}
	# shellcheck disable=SC2086,SC2046
	"$stap" $args "$stp" -- $(script_args "$stp") >"$work/out" 2>"$work/err"
	rc=$?
	if [ $rc -eq 0 ] || { [ $rc -eq 1 ] && grep -q '^semantic error: ' "$work/err" &&
			      ! grep -q 'internal error' "$work/err"; }; then
		pass "p2-$name"
	else
		fail "p2-$name" "exit $rc" "$work/err"
	fi
done

# The same cases under AddressSanitizer and UndefinedBehaviorSanitizer, with
# the translator configured --enable-sanitizers (scripts/build.sh check makes
# it in _build-asan; STAP_SANITIZED names another).
asan_stap=${STAP_SANITIZED:-$top/_build-asan/translator/stap}
if [ -x "$asan_stap" ]; then
	export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
	run_cases "$asan_stap" "asan-"
else
	fail "asan-build" "no sanitizer build at $asan_stap (scripts/build.sh check makes it)"
fi

finish
