#!/bin/bash
# run.sh - the translator's host unit tests.
#
#   tests/unit/run.sh STAP_PATH
#
# Golden cases live in cases/ as NAME.stp plus one expectation:
#   NAME.out   expected stdout of `stap ARGS NAME.stp` (exit status 0)
#   NAME.err   expected stderr of the same (exit status 1)
#   NAME.run   expected output of running the -p3 C with the host stand-in
#              runtime (harness/): begin probes, 3 rounds of timers, end probes
# ARGS come from a first line "# args: ..." or NAME.args, default -p2;
# arguments for the script itself ($1, @1) from a line "# script-args: ...".
# stap runs inside cases/, so messages name the script "NAME.stp".
# Then: the regex compiler against glibc (regex/), determinism of -p3,
# every tests/vm case translating and compiling,
# and (when valgrind exists) a memory-error-free run on a few inputs.
set -u

stap=${1:?usage: run.sh STAP_PATH}
stap=$(cd "$(dirname "$stap")" && pwd)/$(basename "$stap")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"
test_init unit

case_args() {
	local name=$1 first
	if [ -f "$name.args" ]; then cat "$name.args"; return; fi
	first=$(head -n 1 "$name.stp")
	case $first in
	"# args:"*) echo "${first#\# args:}" ;;
	*) echo "-p2" ;;
	esac
}

script_args() {
	sed -n 's/^# script-args://p' "$1.stp" | head -n 1
}

# The host stand-in runtime (harness/ and runtime/regex.c), built once by
# make check (tests/local.mk).  Each .run case's generated C is compiled and
# linked against it here: that C exists only once stap has run on the case.
check_program host_rt tests/unit/libhostrt.a
host_rt_flags=(-include stdio.h -DSTP_COMPAT_H '-DSTP_NOKPROBE(f)=' -Dnotrace=
	       '-DWARN_ON_ONCE(x)=(x)')

# Compiles C file $1 with the host stand-in runtime into $2.
host_build() {
	[ -f "$host_rt" ] || { echo "$host_rt: not built" > "$2.log"; return 1; }
	gcc -std=gnu11 -w "${host_rt_flags[@]}" -I"$here/harness" -I"$top/runtime" -o "$2" "$1" \
		"$host_rt" 2>"$2.log"
}

cd "$here/cases" || exit 2
for stp in *.stp; do
	name=${stp%.stp}
	args=$(case_args "$name")
	if [ -f "$name.out" ] || [ -f "$name.err" ]; then
		# shellcheck disable=SC2086
		"$stap" $args "$stp" -- $(script_args "$name") >"$work/out" 2>"$work/err"
		rc=$?
		if [ -f "$name.out" ]; then
			if [ $rc -ne 0 ]; then fail "$name" "exit $rc" "$work/err"; continue; fi
			if ! diff -u "$name.out" "$work/out" >"$work/diff"; then
				fail "$name" "stdout differs" "$work/diff"; continue
			fi
		else
			if [ $rc -ne 1 ]; then fail "$name" "exit $rc, expected 1" "$work/err"; continue; fi
			if ! diff -u "$name.err" "$work/err" >"$work/diff"; then
				fail "$name" "stderr differs" "$work/diff"; continue
			fi
		fi
		pass "$name"
	elif [ -f "$name.run" ]; then
		# shellcheck disable=SC2046
		if ! "$stap" -p3 "$stp" -- $(script_args "$name") >"$work/gen.c" 2>"$work/err"; then
			fail "$name" "pass 3 failed" "$work/err"; continue
		fi
		if ! host_build "$work/gen.c" "$work/prog"; then
			fail "$name" "generated C does not compile" "$work/prog.log"; continue
		fi
		"$work/prog" >"$work/out" 2>&1
		if ! diff -u "$name.run" "$work/out" >"$work/diff"; then
			fail "$name" "run output differs" "$work/diff"; continue
		fi
		pass "$name"
	else
		fail "$name" "no .out, .err or .run file"
	fi
done

# The regex compiler and the runtime's walkers against glibc's regexec.
if check_program regex_check tests/unit/regex_check; then
	if "$regex_check" "$here/regex/patterns.txt" "$here/regex/subjects.txt" \
		>"$work/regex_check.out" 2>&1; then
		pass "regex-vs-glibc ($(tail -n 1 "$work/regex_check.out"))"
	else
		fail "regex-vs-glibc" "disagrees with glibc" "$work/regex_check.out"
	fi
fi

# The floating-point tapset's integer arithmetic against the host's FPU and glibc.
if gcc -std=gnu11 -O1 -Wall -Wextra -Werror -I"$here/harness" -I"$top/runtime" -o "$work/float_check" \
	"$here/float/float_check.c" "$top/runtime/float64.c" -lm 2>"$work/float_check.log"; then
	if "$work/float_check" >"$work/float_check.out" 2>&1; then
		pass "float64-vs-fpu ($(tail -n 1 "$work/float_check.out"))"
	else
		fail "float64-vs-fpu" "disagrees with the FPU" "$work/float_check.out"
	fi
else
	fail "float64-vs-fpu" "does not compile" "$work/float_check.log"
fi

# The shared utilities: each tests/unit/common/NAME_test.c is linked with
# common/NAME.c, or with the files its "sources:" line names, under
# ASan/UBSan, and prints PASS:/FAIL: lines of its own.
: >"$work/config.h"
for t in "$here"/common/*_test.c; do
	u=$(basename "$t" _test.c)
	srcs=$(sed -n 's|^ \* sources: \(.*\) \*/$|\1|p' "$t")
	srcs=${srcs:-common/$u.c}
	# shellcheck disable=SC2046
	if ! gcc -std=gnu11 -Wall -Wextra -Werror -fsanitize=address,undefined -I"$top/common" \
		-I"$top/runtime/transport" -I"$top" -I"$work" \
		-o "$work/$u-test" "$t" $(printf "$top/%s " $srcs) 2>"$work/$u-test.log"; then
		fail "common-$u" "does not compile" "$work/$u-test.log"; continue
	fi
	"$work/$u-test" >"$work/$u-test.out" 2>&1
	rc=$?
	cat "$work/$u-test.out"
	passed=$((passed + $(grep -c '^PASS:' "$work/$u-test.out")))
	failed=$((failed + $(grep -c '^FAIL:' "$work/$u-test.out")))
	[ $rc -eq 0 ] || grep -q '^FAIL:' "$work/$u-test.out" || fail "common-$u" "exit $rc" "$work/$u-test.out"
done

# Same input, byte-identical C (the build cache and golden tests rely on it).
hello=$top/tests/vm/cases/hello.stp
"$stap" -p3 "$hello" >"$work/a.c" 2>/dev/null
"$stap" -p3 "$hello" >"$work/b.c" 2>/dev/null
if [ -s "$work/a.c" ] && cmp -s "$work/a.c" "$work/b.c"; then
	pass "deterministic-p3"
else
	fail "deterministic-p3" "two -p3 runs differ"
fi
# The module name hashes the script and the -D options.
modname() { "$stap" -p3 -v "$@" "$hello" 2>&1 >/dev/null | sed -n 's|.*/\(stap_[0-9a-f]*\)_src\.c.*|\1|p'; }
m1=$(modname) m2=$(modname) m3=$(modname -D MAXACTION=5)
if [ -n "$m1" ] && [ "$m1" = "$m2" ] && [ -n "$m3" ] && [ "$m1" != "$m3" ] &&
   [ ${#m1} -eq 21 ]; then
	pass "module-name"
else
	fail "module-name" "got '$m1' '$m2' '$m3'"
fi

# Hostile names reach the generated C only escaped: a script path and a
# tapset directory holding star-slash and a newline compile to nothing but
# comments (no symbol injected); a -D value that could escape Kbuild's
# quoting is refused.
nl=$'\n'
hostile_dir="$work/tap*/${nl}int injected_by_tapset;${nl}/*"
mkdir -p "$hostile_dir"
printf 'function hostile_f:long () %%{ STAP_RETVALUE = 1; %%}\n' >"$hostile_dir/hostile.stp"
hostile_script="$work/x*/${nl}int injected_by_path;${nl}/*.stp"
mkdir -p "${hostile_script%/*}"
printf 'probe begin { if ("a" =~ "b*/") print(hostile_f()) }\n' >"$hostile_script"
if ! "$stap" -p3 -I "$hostile_dir" "$hostile_script" >"$work/hostile.c" 2>"$work/err"; then
	fail "hostile-names" "pass 3 failed" "$work/err"
elif ! gcc -std=gnu11 -Wall -Werror -Wno-unused-function -I"$here/harness" -I"$top/runtime" \
	-c -o "$work/hostile.o" "$work/hostile.c" 2>"$work/hostile.log"; then
	fail "hostile-names" "generated C does not compile" "$work/hostile.log"
elif nm "$work/hostile.o" | grep -q injected_by; then
	fail "hostile-names" "a file name injected C"
else
	pass "hostile-names"
fi
refused=0
for bad in "X=1' -Dy='2" 'X=$(shell true)' 'X=a b' "X=1${nl}Y" 'X=\' 'X#' '1X=2'; do
	if "$stap" -p3 -D "$bad" "$hello" >/dev/null 2>"$work/err" ||
	   ! grep -q "invalid -D option" "$work/err"; then
		fail "hostile-define" "-D '$bad' accepted" "$work/err"
	else
		refused=$((refused + 1))
	fi
done
[ $refused -eq 7 ] && pass "hostile-define (7 refused)"
# A runtime directory that make would interpret never reaches Kbuild.
rel=$(ls /lib/modules/*/build/Makefile 2>/dev/null | head -n 1 | cut -d/ -f4)
if [ -n "$rel" ]; then
	ln -s "$top/runtime" "$work/rt \$(shell touch pwned)"
	(cd "$work" && SYSTEMTAP_DIR="$work" "$stap" -p4 -r "$rel" -R "$work/rt \$(shell touch pwned)" \
		"$hello" >/dev/null 2>"$work/err")
	if [ -e "$work/pwned" ] || ! grep -q "kbuild needs a path" "$work/err"; then
		fail "hostile-runtime-dir" "not refused" "$work/err"
	else
		pass "hostile-runtime-dir"
	fi
fi

# Hostile input costs little to report: 20,000 unused locals on one line
# give at most 100 warnings (then one line saying so), and 20 errors on a
# 1 MB line show a window of the line, not the megabyte, each time.
{ printf 'probe begin {'; for i in $(seq 1 20000); do printf ' v%d = 1;' "$i"; done; echo ' }'; } \
	>"$work/many_warnings.stp"
"$stap" -p2 "$work/many_warnings.stp" >/dev/null 2>"$work/err"
if [ "$(grep -c '^WARNING: eliding unused variable' "$work/err")" -eq 100 ] &&
   grep -q 'too many warnings (limit is 100)' "$work/err" && [ "$(wc -c <"$work/err")" -lt 100000 ]; then
	pass "hostile-diagnostics: warnings capped"
else
	fail "hostile-diagnostics: warnings capped" "$(wc -c <"$work/err") bytes of stderr"
fi
{ printf 'probe begin { x = "%s";' "$(head -c 1000000 /dev/zero | tr '\0' a)"
  for i in $(seq 1 20); do printf ' y%d = ;' "$i"; done; echo ' }'; } >"$work/long_line.stp"
"$stap" -p1 "$work/long_line.stp" >/dev/null 2>"$work/err"
if grep -q '^20 parse errors' "$work/err" && [ "$(wc -c <"$work/err")" -lt 20000 ]; then
	pass "hostile-diagnostics: long line clipped"
else
	fail "hostile-diagnostics: long line clipped" "$(wc -c <"$work/err") bytes of stderr"
fi

# Every end-to-end case must translate, and its C must compile (not link:
# the stand-in runtime has no arrays or statistics; the VM runs those).
# The C is each case's pass 3 output, so it is compiled here, not by make.
for stp in "$top"/tests/vm/cases/*.stp; do
	name=vm-$(basename "$stp" .stp)
	flags=$(cat "${stp%.stp}.flags" 2>/dev/null || true)
	sargs=$(cat "${stp%.stp}.args" 2>/dev/null || true)
	# a case probing modules (NAME.kmods) needs a release whose modules are
	# installed here: the newest one, not the host's running kernel
	if [ -f "${stp%.stp}.kmods" ]; then
		rel=$(ls -v /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' |
			while read -r r; do [ -f "/lib/modules/$r/modules.dep" ] && echo "$r"; done | tail -1)
		[ -n "$rel" ] && flags="$flags -r $rel"
	fi
	# shellcheck disable=SC2086
	if ! (cd "$(dirname "$stp")" && "$stap" -p3 $flags "$(basename "$stp")" $sargs) >"$work/vm.c" 2>"$work/err"; then
		fail "$name" "pass 3 failed" "$work/err"; continue
	fi
	if ! gcc -std=gnu11 -Wall -Werror -Wno-unused-function -I"$here/harness" -I"$top/runtime" \
		-c -o "$work/vmprog.o" "$work/vm.c" 2>"$work/vmprog.log"; then
		fail "$name" "generated C does not compile" "$work/vmprog.log"; continue
	fi
	pass "$name"
done

# No invalid reads or writes, on good and on broken input.
if command -v valgrind >/dev/null 2>&1; then
	for input in "$hello" "$here/cases/run_functions.stp" "$here/cases/parse_unterminated_string.stp" \
		     "$here/cases/type_mismatch.stp"; do
		name=valgrind-$(basename "$input" .stp)
		[ -f "$input" ] || { fail "$name" "missing input"; continue; }
		valgrind -q --error-exitcode=99 --leak-check=no "$stap" -p3 "$input" \
			>/dev/null 2>"$work/vg"
		if [ $? -eq 99 ]; then fail "$name" "valgrind found errors" "$work/vg"; else pass "$name"; fi
	done
else
	echo "SKIP: valgrind not installed"
fi

finish
