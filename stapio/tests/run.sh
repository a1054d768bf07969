#!/bin/bash
# stapio host tests: unit tests of record merging and message validation,
# then a real stapio (built with AddressSanitizer) run against fake_module,
# which plays the kernel module over a socket and plain trace files.
#   run.sh [STAP]      (the argument, the path of stap, is not used)
# Prints PASS:/FAIL: lines and "N passed, N failed"; exits 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
top=$(cd "$src/.." && pwd)
. "$top/tests/lib.sh"
test_init stapio

cat > "$work/config.h" <<'H'
#define _GNU_SOURCE 1
#define BINDIR "/nonexistent/bin"
H
san="-fsanitize=address,undefined -fno-omit-frame-pointer"
echo 'int main(void){return 0;}' > "$work/probe.c"
gcc $san -o "$work/probe" "$work/probe.c" 2>/dev/null && "$work/probe" || san=
cflags="-std=gnu11 -Wall -Wextra -Werror -g $san -I$work -I$top -I$top/runtime/transport -I$src"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

build() { # NAME SOURCES...
	local name=$1; shift
	if gcc $cflags -o "$work/$name" "$@" > "$work/$name.build" 2>&1; then
		pass "build $name${san:+ (ASan/UBSan)}"
	else
		fail "build $name" "" "$work/$name.build"; finish
	fi
}
build unit_test "$here/unit_test.c" "$src/merge.c" "$src/msgcheck.c" "$top/common/log.c"
build stapio "$src"/stapio.c "$src"/session.c "$src"/warn_once.c "$src"/ctl.c "$src"/msgcheck.c "$src"/merge.c \
	"$src"/relay.c "$src"/output.c "$src"/children.c "$top"/common/log.c
build fake_module "$here/fake_module.c"

# Unit tests print their own PASS:/FAIL: lines.
"$work/unit_test" > "$work/unit.out" 2> "$work/unit.err"
unit_rc=$?
cat "$work/unit.out"
passed=$((passed + $(grep -c '^PASS:' "$work/unit.out")))
failed=$((failed + $(grep -c '^FAIL:' "$work/unit.out")))
if [ $unit_rc -ne 0 ] && ! grep -q '^FAIL:' "$work/unit.out"; then
	fail "unit_test exited $unit_rc" "" "$work/unit.err"
fi
grep -q 'Sanitizer\|runtime error' "$work/unit.err" && fail "unit_test sanitizer report" "" "$work/unit.err"

# run_fake NAME SCENARIO [STAPIO ARGS...]: results in $work/NAME/{fake,out,err}
run_fake() {
	local name=$1 scen=$2; shift 2
	mkdir -p "$work/$name"
	timeout 60 "$work/fake_module" "$scen" "$work/$name" "$work/stapio" "$@" > "$work/$name/fake" 2>&1
	if grep -q 'Sanitizer\|runtime error' "$work/$name/err"; then
		fail "$name: sanitizer report" "" "$work/$name/err"
	fi
}
# expect NAME WHAT CONDITION...: one PASS/FAIL line for a shell test
expect() {
	local name=$1 what=$2; shift 2
	if "$@"; then pass "$name: $what"; else fail "$name: $what" "" "$work/$name/err"; fi
}
has() { grep -qF -- "$2" "$1"; }
same() { printf '%b' "$2" | cmp -s - "$1"; }

lines() { local i; for i in $(seq "$1" "$2"); do echo "line $i"; done; }

run_fake basic basic
{ echo begin; lines 1 40; echo end; } > "$work/basic.want"
expect basic "split and scrambled records from 2 cpus written in order" cmp -s "$work/basic/out" "$work/basic.want"
expect basic "OOB text goes to stderr as is" has "$work/basic/err" "WARNING: from the module"
expect basic "REQUEST_EXIT answered with one EXIT" has "$work/basic/fake" "exits=1"
expect basic "exit status 0 from EXIT(0)" has "$work/basic/fake" "status=0"
expect basic "TRANSPORT_INFO asks for the default buffer" has "$work/basic/fake" "buf_size=0"

run_fake bufsize basic -s 2
expect bufsize "-s 2 asks for 2 MB per cpu" has "$work/bufsize/fake" "buf_size=2097152"

( umask 022; run_fake outfile basic -o "$work/outfile.txt" )
expect outfile "-o FILE gets the output" cmp -s "$work/outfile.txt" "$work/basic.want"
expect outfile "-o FILE leaves stdout empty" test ! -s "$work/outfile/out"
expect outfile "-o FILE created mode 0644" test "$(stat -c %a "$work/outfile.txt")" = 644

printf 'from the first stapio\n' > "$work/takeover.txt"
run_fake takeover takeover -R -o "$work/takeover.txt"
{ echo "from the first stapio"; lines 10 29; echo end; } > "$work/takeover.want"
expect takeover "-R: EXIT instead of START, the rest appended from seq 10 on, in order" \
	cmp -s "$work/takeover.txt" "$work/takeover.want"
expect takeover "-R: no record reported missing" test ! -s "$work/takeover/err"
expect takeover "-R: status from EXIT" has "$work/takeover/fake" "status=0"

run_fake drain drain
lines 0 19999 > "$work/drain.want"
expect drain "20000 records written just before EXIT's reply all arrive, in order" cmp -s "$work/drain/out" "$work/drain.want"

run_fake drain_slow_reader drain_slow_reader
expect drain_slow_reader "a full non-blocking stdout is waited on: all 20000 records arrive" \
	cmp -s "$work/drain_slow_reader/out" "$work/drain.want"

run_fake target target -c 'sleep 0.3; echo command ran'
expect target "begin output, then the command's, then end output" same "$work/target/out" 'begin\ncommand ran\nend\n'
expect target "START carries the command's pid" has "$work/target/fake" "target_pid=set"
expect target "command exit ends the session" has "$work/target/fake" "status=0"

start=$(date +%s)
run_fake timeout target -T 1 -c 'sleep 20; echo too late'
took=$(( $(date +%s) - start ))
expect timeout "-T 1: begin and end output, not the command's" same "$work/timeout/out" 'begin\nend\n'
expect timeout "-T 1 sends one EXIT" has "$work/timeout/fake" "exits=1"
expect timeout "-T 1 ends the session long before the command would" test "$took" -lt 15

run_fake targetx basic -x 4242
expect targetx "-x PID goes into START" has "$work/targetx/fake" "target_pid=set"

run_fake startfail startfail -c 'echo SHOULD-NOT-RUN'
expect startfail "START rc<0 reported" has "$work/startfail/err" "ERROR: module failed to start: No such file or directory"
expect startfail "the held command never runs" test ! -s "$work/startfail/out"
expect startfail "exit status 1" has "$work/startfail/fake" "status=1"

run_fake startmin startmin
expect startmin "START rc INT_MIN reported without overflow" has "$work/startmin/err" \
	"ERROR: module failed to start: error code -2147483648"

run_fake timeout timeout -T 1
expect timeout "-T 1: the session ends by itself, end output delivered" same "$work/timeout/out" 'begin\nend\n'
expect timeout "-T 1: exit status 0" has "$work/timeout/fake" "status=0"
run_fake timeout_bad basic -T 0
expect timeout_bad "-T 0 refused" has "$work/timeout_bad/err" "-T wants seconds"

run_fake sigint sigint
expect sigint "SIGINT: end output still arrives" same "$work/sigint/out" 'started\nend ran\n'
expect sigint "two SIGINTs send one EXIT" has "$work/sigint/fake" "exits=1"
expect sigint "exit status 0" has "$work/sigint/fake" "status=0"

run_fake sigint_starting sigint_starting -c 'echo SHOULD-NOT-RUN'
expect sigint_starting "SIGINT before START's reply: begin and end output, no command" \
	same "$work/sigint_starting/out" 'begin\nend\n'
expect sigint_starting "exit status 0" has "$work/sigint_starting/fake" "status=0"

run_fake system system
expect system "SYSTEM runs the command after earlier output" same "$work/system/out" 'before system\nfrom system\n'

run_fake gap gap
expect gap "a missing seq is skipped after a pause" same "$work/gap/out" 'zero\ntwo\nthree\n'
expect gap "the skip is reported" has "$work/gap/err" "WARNING: 1 output record(s) missing"

run_fake hostile hostile
expect hostile "good records survive hostile input" same "$work/hostile/out" 'good 0\ngood 1\ngood 2\n'
expect hostile "unknown type reported" has "$work/hostile/err" "message type 99 (unknown) is not one a module may send"
expect hostile "wrong size reported" has "$work/hostile/err" "OOB_DATA message has a 10 byte payload"
expect hostile "unterminated text reported" has "$work/hostile/err" "OOB_DATA text is not NUL terminated"
expect hostile "oversize record reported" has "$work/hostile/err" "record longer than 1 MB"
expect hostile "seq going backwards reported" has "$work/hostile/err" "is not after 1; dropped"
expect hostile "session still ends with EXIT, status 1" has "$work/hostile/fake" "status=1"

run_fake eof eof
expect eof "output written when the control channel closes" same "$work/eof/out" 'last words\n'
expect eof "closed channel reported, status 1" has "$work/eof/fake" "status=1"

run_fake badinfo badinfo
expect badinfo "bad TRANSPORT_INFO reported" has "$work/badinfo/err" "ERROR: bad TRANSPORT_INFO from the module"
expect badinfo "exit status 1" has "$work/badinfo/fake" "status=1"

"$work/stapio" -m x -c true -x 1 > /dev/null 2> "$work/usage.err"
rc=$?
expect usage "-c with -x refused" test $rc -eq 1
"$work/stapio" -m 'bad/name' > /dev/null 2>&1
rc=$?
expect usage "bad module name refused" test $rc -eq 1

finish
