#!/bin/bash
# run.sh - stap's command line against upstream's option list, so the two
# cannot drift apart.
#
#   tests/options/run.sh STAP_PATH
#
# upstream.list holds every option of upstream stap 5.x.  For each one:
#   - `stap --help` and man/stap.1 name it;
#   - stap recognises it: given with its sample argument it is accepted
#     (exit 0 at -p1) or refused with the reason ("is not supported by this
#     stap: ..."), never reported as an unknown option;
# and every option `stap --help` shows is in upstream's list or is one of
# ours documented in man/stap.1.  Then the behaviour of the options
# themselves: GNU order, `--`, --compatible, --color, -E, --vp, --tmpdir.
set -u

stap=${1:?usage: run.sh STAP_PATH}
stap=$(cd "$(dirname "$stap")" && pwd)/$(basename "$stap")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"
test_init options
export SYSTEMTAP_DIR=$work/stapdir      # --clean-cache and friends stay in here
krel=$(ls -v /boot/vmlinuz-6.1.0-*-amd64 2>/dev/null | tail -1)
krel=${krel#/boot/vmlinuz-}

# The man page's macro lines with \- turned into -: where options are named.
grep '^\.' "$top/man/stap.1" | sed 's/\\-/-/g; s/\\f[BIRP]//g' >"$work/man"
"$stap" --help >"$work/help" 2>&1 || fail "--help" "exit $?" "$work/help"
echo 'probe begin { }' >"$work/s.stp"

named_in() {   # named_in FILE OPTION: the option as a word of FILE
	grep -qE -- "(^|[^-a-zA-Z0-9])$2([^-a-zA-Z0-9]|\$)" "$1"
}

while read -r opt sample; do
	case $opt in ''|'#'*) continue ;; esac
	sample=${sample//@KREL@/${krel:-6.1.0-56-amd64}}
	sample=${sample//@WORK@/$work}
	case $sample in
	probe_begin_script) sample='probe begin { }' ;;
	probe_end_script) sample='probe end { }' ;;
	esac
	named_in "$work/help" "$opt" || { fail "help-$opt" "stap --help does not name it"; continue; }
	named_in "$work/man" "$opt" || { fail "man-$opt" "man/stap.1 does not name it"; continue; }
	if [ -n "$sample" ]; then
		(cd "$work" && "$stap" "$opt" "$sample" -p1 "$work/s.stp") </dev/null >"$work/out" 2>&1
	else
		(cd "$work" && "$stap" "$opt" -p1 "$work/s.stp") </dev/null >"$work/out" 2>&1
	fi
	rc=$?
	if grep -qiE 'unknown option|invalid option|unrecognized option' "$work/out"; then
		fail "recognised-$opt" "reported as unknown" "$work/out"
	elif [ $rc -ne 0 ] && ! grep -q "is not supported by this stap: ." "$work/out"; then
		fail "recognised-$opt" "exit $rc without a reason" "$work/out"
	else
		pass "option $opt"
	fi
done <"$here/upstream.list"

# Drift the other way: what --help shows is upstream's or documented ours.
grep -oE -- '(^|[[:space:]])(-[a-zA-Z]|--[a-z][-a-z]*)' "$work/help" | tr -d ' \t' | sort -u |
while read -r opt; do
	if ! grep -qE -- "^$opt( |\$)" "$here/upstream.list" && ! named_in "$work/man" "$opt"; then
		echo "$opt"
	fi
done >"$work/extra"
if [ -s "$work/extra" ]; then
	fail "help-only" "options in --help, neither upstream's nor in man/stap.1" "$work/extra"
else
	pass "every --help option is upstream's or documented"
fi

# expect NAME WANT-RC WANT-TEXT CMD...: exit status and a line of output.
expect() {
	local name=$1 want_rc=$2 want=$3 rc
	shift 3
	"$@" >"$work/out" 2>&1
	rc=$?
	if [ $rc -ne "$want_rc" ]; then
		fail "$name" "exit $rc, expected $want_rc" "$work/out"
	elif ! grep -qF -- "$want" "$work/out"; then
		fail "$name" "no '$want' in the output" "$work/out"
	else
		pass "$name"
	fi
}

v='probe begin { println(%( systemtap_v <= "4.0" %? "old" %: "new" %)) }'
expect "options after the script" 0 'println("old")' "$stap" -e "$v" -p1 --compatible=4.0
expect "compatible default" 0 'println("new")' "$stap" -p1 -e "$v"
expect "compatible 3.0" 0 'println("old")' "$stap" --compatible 3.0 -p1 -e "$v"
expect "compatible bad" 1 "invalid --compatible version 'x'" "$stap" --compatible x -p1 -e "$v"
expect "check-version warns" 0 "depends on the language version" "$stap" --check-version -p1 -e "$v"
echo 'probe begin { print(@1) }' >"$work/arg.stp"
expect "-- ends options" 0 'print("-x")' "$stap" -p1 "$work/arg.stp" -- -x
expect "script argument option" 1 "option '-x' needs an argument" "$stap" -p1 "$work/arg.stp" -x
expect "-E adds a script" 0 "probe end" "$stap" -p1 -e 'probe begin { }' -E 'probe end { }'
expect "refused with reason" 1 "is not supported by this stap: there is no compile server" \
	"$stap" --use-server -p1 "$work/s.stp"
expect "unknown option" 1 "unknown option '--no-such-option'" "$stap" --no-such-option -p1 "$work/s.stp"
expect "runtime other" 1 "only the kernel runtime" "$stap" --runtime=bpf -p1 "$work/s.stp"
expect "vp pass 1 only" 0 "Pass 1: parsed" "$stap" --vp 1 -p2 "$work/s.stp"
"$stap" --vp 01 -p2 "$work/s.stp" >"$work/out" 2>&1
if grep -q "Pass 1:" "$work/out" || ! grep -q "Pass 2:" "$work/out"; then
	fail "vp pass 2 only" "pass 1 verbose or pass 2 silent" "$work/out"
else
	pass "vp pass 2 only"
fi
printf '\033[01;31m\033[Kparse error:' >"$work/red"
SYSTEMTAP_COLORS= "$stap" --color=always -p1 -e 'probe begin {' >"$work/out" 2>&1
if grep -q $'\033' "$work/out"; then fail "color empty SYSTEMTAP_COLORS" "coloured" "$work/out"; else pass "color empty SYSTEMTAP_COLORS"; fi
"$stap" --color=always -p1 -e 'probe begin {' >"$work/out" 2>&1
if grep -qF "$(cat "$work/red")" "$work/out"; then pass "color always"; else fail "color always" "no red 'parse error:'" "$work/out"; fi
SYSTEMTAP_COLORS='error=01;32' "$stap" --color -p1 -e 'probe begin {' >"$work/out" 2>&1
if grep -qF $'\033[01;32m' "$work/out"; then pass "SYSTEMTAP_COLORS"; else fail "SYSTEMTAP_COLORS" "error not green" "$work/out"; fi
"$stap" -p1 -e 'probe begin {' >"$work/out" 2>&1   # not a terminal: auto is off
if grep -q $'\033' "$work/out"; then fail "color auto" "coloured into a file" "$work/out"; else pass "color auto"; fi
expect "dump-probe-types" 0 "timer.ms(number)" "$stap" --dump-probe-types
expect "dump-functions" 0 "execname:string ()" "$stap" --dump-functions
expect "dump-probe-aliases" 0 "syscall.openat" "$stap" --dump-probe-aliases
expect "skip-badvars" 0 "substituted with literal 0" "$stap" --skip-badvars -p2 -e 'probe begin { println($x) }'
expect "modinfo" 0 'MODULE_INFO(author, "me");' "$stap" --modinfo author=me -p3 "$work/s.stp"
expect "monitor: modinfo tag" 0 'MODULE_INFO(stap_monitor, "1");' "$stap" --monitor -p3 "$work/s.stp"
expect "monitor: the globals table" 0 '{ "g", STP_MONITOR_LONG, 0, &g_g },' \
	"$stap" --monitor=2 -p3 -e 'global g probe begin { g = 1 }'
"$stap" -p3 "$work/s.stp" >"$work/out" 2>&1
if grep -q 'stap_monitor\|stp_monitor_globals' "$work/out"; then fail "monitor off" "monitor table without --monitor" "$work/out"; else pass "monitor off"; fi
expect "monitor 0 refused" 1 "invalid --monitor interval '0' (seconds, 1 to 3600)" "$stap" --monitor=0 -p1 "$work/s.stp"
expect "monitor junk refused" 1 "invalid --monitor interval '1s' (seconds, 1 to 3600)" "$stap" --monitor=1s -p1 "$work/s.stp"
expect "no-global-var-display" 0 "probe_autoprint" "$stap" -p3 -e 'global g probe begin { g = 1 }'
"$stap" --no-global-var-display -p3 -e 'global g probe begin { g = 1 }' >"$work/out" 2>&1
if grep -q probe_autoprint "$work/out"; then fail "no-global-var-display off" "auto-print emitted" "$work/out"; else pass "no-global-var-display off"; fi
mkdir -p "$SYSTEMTAP_DIR/cache/ab" && touch "$SYSTEMTAP_DIR/cache/ab/x.ko"
"$stap" --clean-cache >"$work/out" 2>&1
if [ -e "$SYSTEMTAP_DIR/cache/ab" ]; then fail "clean-cache" "entry left" "$work/out"; else pass "clean-cache"; fi
expect "tmpdir" 0 "" "$stap" --tmpdir="$work/td" -p3 "$work/s.stp"
if ls "$work/td"/*_src.c >/dev/null 2>&1; then pass "tmpdir kept"; else fail "tmpdir kept" "no C in $work/td"; fi
mkdir -p "$work/save" && (cd "$work/save" && "$stap" --save-temps -p3 "$(cd .. && pwd)/s.stp") >/dev/null 2>&1
if ls "$work/save"/*_src.c >/dev/null 2>&1; then pass "save-temps"; else fail "save-temps" "no C in the current directory"; fi
printf 'probe begin { print(1) }\nlist\nadd run\nlist\ndelete 2\nrun\nsave %s\nquit\n' "$work/i.stp" |
	"$stap" -i -p1 >"$work/out" 2>&1
if grep -qx '1: probe begin { print(1) }' "$work/out" && grep -qx '2: run' "$work/out" &&
   grep -qx '  print(1)' "$work/out" && grep -qx '(exit status 0)' "$work/out" &&
   [ "$(cat "$work/i.stp")" = 'probe begin { print(1) }' ]; then
	pass "interactive"
else
	fail "interactive" "list/add/delete/run/save" "$work/out"
fi
printf 'run\n' | "$stap" -i -p1 -e 'probe begin {' >"$work/out" 2>&1
if grep -q 'parse error' "$work/out" && grep -qx '(exit status 1)' "$work/out"; then
	pass "interactive run fails"
else
	fail "interactive run fails" "no parse error or status" "$work/out"
fi
finish
