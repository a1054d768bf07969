#!/bin/bash
# run.sh - staprun's, stapio's and stap-merge's options against their man
# pages, so the three cannot drift apart.
#
#   tests/tool-options/run.sh STAP_PATH     (the tools are found beside stap)
#
# Each program's options come from one table that drives both getopt and
# -h (common/opt_table.h).  For each program: every option -h lists is
# documented in the OPTIONS section of its man page and every option
# documented there is in -h; and the program recognises each of them (given
# with a sample argument it may fail, but never as an invalid option), while
# a letter it does not have is reported as one.
set -u

stap=${1:?usage: run.sh STAP_PATH}
bindir=$(cd "$(dirname "$stap")" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"
test_init tool-options

# help_letters PROGRAM: the letters -h lists, one a line
help_letters() {
	"$1" -h 2>&1 | sed -n 's/^  -\(.\) .*/\1/p' | sort -u
}
# man_letters PAGE: the letters the OPTIONS section documents (.B/.BI \-X)
man_letters() {
	sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$1" |
		sed -n 's/^\.BI\{0,1\} \\-\(.\).*/\1/p' | sort -u
}
# takes_arg PROGRAM LETTER: whether -h shows an argument for it
takes_arg() {
	"$1" -h 2>&1 | grep -qE "^  -$2 [^ ]"
}

check_program() { # NAME PROGRAM MANPAGE
	local name=$1 prog=$2 page=$3 l arg
	if [ ! -x "$prog" ]; then
		fail "$name: $prog is not built"
		return
	fi
	help_letters "$prog" > "$work/$name.help"
	man_letters "$page" > "$work/$name.man"
	if [ ! -s "$work/$name.help" ]; then
		fail "$name: -h lists no options"
		return
	fi
	comm -23 "$work/$name.help" "$work/$name.man" > "$work/$name.undoc"
	comm -13 "$work/$name.help" "$work/$name.man" > "$work/$name.extra"
	if [ -s "$work/$name.undoc" ]; then
		fail "$name: options missing from $(basename "$page")" "$(tr '\n' ' ' < "$work/$name.undoc")"
	else
		pass "$name: every option of -h is in $(basename "$page") ($(wc -l < "$work/$name.help"))"
	fi
	if [ -s "$work/$name.extra" ]; then
		fail "$name: $(basename "$page") documents options the program lacks" \
			"$(tr '\n' ' ' < "$work/$name.extra")"
	else
		pass "$name: every option in $(basename "$page") is in -h"
	fi
	while read -r l; do
		arg=
		takes_arg "$prog" "$l" && arg=sample
		timeout 20 "$prog" "-$l" $arg < /dev/null > "$work/out" 2>&1
		if grep -q "invalid option" "$work/out"; then
			fail "$name: -$l is not recognised" "" "$work/out"
		else
			pass "$name: -$l recognised"
		fi
	done < "$work/$name.help"
	timeout 20 "$prog" -Z < /dev/null > "$work/out" 2>&1
	if grep -q "invalid option" "$work/out"; then
		pass "$name: a letter it lacks (-Z) is reported as invalid"
	else
		fail "$name: -Z was not reported as an invalid option" "" "$work/out"
	fi
}

check_program staprun "$bindir/staprun" "$top/man/staprun.8"
check_program stapio "$bindir/../libexec/systemtap/stapio" "$top/man/stapio.8"
check_program stap-merge "$bindir/stap-merge" "$top/man/stap-merge.1"
for page in staprun.8 stapio.8 stap-merge.1; do
	if groff -man -ww -z "$top/man/$page" > "$work/groff" 2>&1 && [ ! -s "$work/groff" ]; then
		pass "groff -man -ww: $page clean"
	else
		fail "groff -man -ww: $page" "" "$work/groff"
	fi
done
finish
