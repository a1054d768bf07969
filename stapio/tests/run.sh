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
#define PACKAGE_VERSION "test"
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
common="$top/common/log.c $top/common/opt_table.c"
build stapio "$src"/stapio.c "$src"/session.c "$src"/warn_once.c "$src"/ctl.c "$src"/msgcheck.c "$src"/merge.c \
	"$src"/relay.c "$src"/output.c "$src"/children.c "$src"/monitor.c $common "$top"/common/daemon.c \
	"$top"/common/rotation_arg.c "$top"/common/module_name.c "$top"/common/number_arg.c
build stap-merge "$src"/stap_merge.c "$src"/merge.c "$src"/output.c $common
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

run_fake nowarn basic -w
expect nowarn "-w: the module's warning is not shown" test ! -s "$work/nowarn/err"
expect nowarn "-w: the output is unchanged" cmp -s "$work/nowarn/out" "$work/basic.want"
run_fake color basic -C always
expect color "-C always: the warning's prefix is coloured" has "$work/color/err" "$(printf '\033[00;33mWARNING:\033[m from the module')"
run_fake nocolor basic -C never
expect nocolor "-C never: no escape" has "$work/nocolor/err" "WARNING: from the module"
run_fake badcolor basic -C sometimes
expect badcolor "-C sometimes refused" has "$work/badcolor/err" "-C wants always, never or auto"

run_fake detach detach -L
expect detach "-L: begin output written" same "$work/detach/out" 'begin\n'
expect detach "-L: no EXIT sent" has "$work/detach/fake" "exits=0"
expect detach "-L: exit status 3 (module left running)" has "$work/detach/fake" "status=3"
run_fake attach attach -A
lines 5 14 > "$work/attach.want"; echo end >> "$work/attach.want"
expect attach "-A: joins without START, output from seq 5 on, in order" cmp -s "$work/attach/out" "$work/attach.want"
expect attach "-A: SIGINT sends one EXIT, status 0" has "$work/attach/fake" "status=0"
run_fake attach_cmd attach -A -c true
expect attach_cmd "-A with -c refused" has "$work/attach_cmd/err" "-A joins a running session: no -c or -x"
run_fake detach_cmd detach -L -c true
expect detach_cmd "-L with -c refused" has "$work/detach_cmd/err" "-L leaves the session running: no -c"

run_fake bulk basic -b -o "$work/bulk"
expect bulk "-b: one file per cpu" test -f "$work/bulk_cpu0" -a -f "$work/bulk_cpu1" -a -f "$work/bulk_cpu2"
expect bulk "-b: nothing on stdout" test ! -s "$work/bulk/out"
expect bulk "-b: the cpu files hold records, not text" test "$(head -c 5 "$work/bulk_cpu1" | tr -d '\0')" != begin
"$work/stap-merge" "$work/bulk_cpu0" "$work/bulk_cpu1" "$work/bulk_cpu2" > "$work/bulk.merged" 2> "$work/bulk/merge.err"
expect bulk "stap-merge: the per-cpu files merged are the normal output" cmp -s "$work/bulk.merged" "$work/basic.want"
"$work/stap-merge" -o "$work/bulk.merged2" "$work/bulk_cpu1" "$work/bulk_cpu0" "$work/bulk_cpu2" 2>> "$work/bulk/merge.err"
expect bulk "stap-merge -o, files in any order" cmp -s "$work/bulk.merged2" "$work/basic.want"
expect bulk "stap-merge: no complaint" test ! -s "$work/bulk/merge.err"
printf 'garbage that is no record header at all....' > "$work/bulk_bad"
"$work/stap-merge" "$work/bulk_bad" > /dev/null 2> "$work/bulk/bad.err"
rc=$?
expect bulk "stap-merge: a corrupt file is reported, status 1" test $rc -eq 1 -a -s "$work/bulk/bad.err"
run_fake bulk_noout basic -b
expect bulk_noout "-b without -o refused" has "$work/bulk_noout/err" "-b writes one file per cpu: it needs -o FILE"

for i in $(seq 0 47999); do printf '%-62d\n' "$i"; done > "$work/big.want"
run_fake rotate big -S 1 -o "$work/rot"
expect rotate "-S 1: FILE.0 FILE.1 FILE.2 hold the whole output, in order" \
	sh -c "cat '$work/rot.0' '$work/rot.1' '$work/rot.2' | cmp -s - '$work/big.want'"
expect rotate "-S 1: no file past 1 MB, no FILE.3, no plain FILE" \
	sh -c "test \$(stat -c %s '$work/rot.0') -le 1048576 -a \$(stat -c %s '$work/rot.1') -le 1048576 -a ! -e '$work/rot.3' -a ! -e '$work/rot'"
expect rotate "-S 1: every file ends at a record's end" \
	sh -c "test \$(( \$(stat -c %s '$work/rot.0') % 63 )) -eq 0"
run_fake rotate_keep big -S 1,2 -o "$work/rotk"
expect rotate_keep "-S 1,2: the oldest file removed, the last two kept" \
	bash -c "test ! -e '$work/rotk.0' && cat '$work/rotk.1' '$work/rotk.2' | cmp -s - <(tail -c \$(cat '$work/rotk.1' '$work/rotk.2' | wc -c) '$work/big.want')"
run_fake rotate_bad basic -S 1,x -o "$work/rotb"
expect rotate_bad "-S 1,x refused" has "$work/rotate_bad/err" "-S wants SIZE[,N]"
run_fake usr2 usr2 -o "$work/usr2.txt"
expect usr2 "SIGUSR2: FILE holds what came before" same "$work/usr2.txt" 'begin\n'
expect usr2 "SIGUSR2: FILE.1 what came after" same "$work/usr2.txt.1" 'after\nend\n'

run_fake daemon basic -D -o "$work/daemon.txt"
for i in $(seq 1 100); do cmp -s "$work/daemon.txt" "$work/basic.want" && break; sleep 0.1; done
expect daemon "-D: the background stapio writes the whole output" cmp -s "$work/daemon.txt" "$work/basic.want"
expect daemon "-D: the foreground prints the background pid, exits 0" \
	sh -c "grep -qx '[0-9][0-9]*' '$work/daemon/out' && grep -q status=0 '$work/daemon/fake'"
run_fake daemon_noout basic -D
expect daemon_noout "-D without -o refused" has "$work/daemon_noout/err" "-D needs -o FILE"

# -M: the module's .monitor is a plain file here; stapio reads it from its
# start for each snapshot and appends the commands keys send to it.
mkdir -p "$work/monitor"
printf '%s\n' 'uptime_ms 2500' 'release 6.1-test' 'module stapmod' 'state running' \
	'global count long 42' "global label string a$(printf '\033')b" 'global arr array 3' \
	'global junk' 'probe 1 7 10 20 30 timer.ms(100)' 'probe 0 1 5 5 5 begin' \
	'probe x y z' 'nonsense line' > "$work/monitor/.monitor"
printf 'sp' | run_fake monitor timeout -T 2 -M 1
expect monitor "-M 1: a snapshot after a separator line (stdout no terminal)" \
	has "$work/monitor/out" "----- monitor snapshot"
expect monitor "-M 1: module, kernel and uptime" \
	has "$work/monitor/out" "module stapmod on 6.1-test, up 2.5 s, probes running; every 1 s"
expect monitor "-M 1: a long global's value" has "$work/monitor/out" "  count = 42"
expect monitor "-M 1: a string global, its control character made '?'" \
	has "$work/monitor/out" '  label = "a?b"'
expect monitor "-M 1: an array global's entries" has "$work/monitor/out" "  arr = [3 entries]"
expect monitor "-M 1: lines that do not parse are left out" \
	sh -c "! grep -q 'junk\|nonsense\| z$' '$work/monitor/out'"
expect monitor "-M 1: s sorts by min: the timer (min 10) before begin (5)" \
	sh -c "grep -A3 'sorted by min' '$work/monitor/out' | tr -s ' ' | grep -A1 -x ' 7 10 20 30 timer.ms(100)' | grep -qx ' 1 5 5 5 begin'"
expect monitor "-M 1: p sends pause to the module" sh -c "tail -1 '$work/monitor/.monitor' | grep -qx pause"
expect monitor "-M 1: the session ends as without -M" has "$work/monitor/fake" "status=0"
expect monitor "-M 1: the script's output still on stdout" has "$work/monitor/out" "end"
mkdir -p "$work/monitor_none"
"$work/stapio" -M 1 -P "$work/monitor_none" -F 3 3</dev/null > /dev/null 2> "$work/monitor_none/err"
rc=$?
expect monitor_none "-M and a module without .monitor: refused with the reason, status 1" \
	sh -c "test $rc -eq 1 && grep -q 'no monitor interface: -M needs a module built with stap --monitor' '$work/monitor_none/err'"
"$work/stapio" -M 0 -P "$work/monitor" > /dev/null 2> "$work/monitor_none/err0"
rc=$?
expect monitor_none "-M 0 refused" sh -c "test $rc -eq 1 && grep -q -- '-M wants seconds from 1 to 3600' '$work/monitor_none/err0'"
"$work/stapio" -M 2 -L -P "$work/monitor" > /dev/null 2> "$work/monitor_none/errL"
rc=$?
expect monitor_none "-M with -L refused" sh -c "test $rc -eq 1 && grep -q -- '-M shows a live session' '$work/monitor_none/errL'"

"$work/stapio" -V > "$work/version.out" 2>&1
expect usage "-V prints the version" has "$work/version.out" "stapio (systemtap)"
"$work/stapio" -m x -c true -x 1 > /dev/null 2> "$work/usage.err"
rc=$?
expect usage "-c with -x refused" test $rc -eq 1
"$work/stapio" -m 'bad/name' > /dev/null 2>&1
rc=$?
expect usage "bad module name refused" test $rc -eq 1

finish
