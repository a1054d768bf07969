#!/bin/bash
# run.sh - pass 2 resolution tests (tapset pull-in, probe aliases,
# wildcards, '?', '!', 'if', probe families, kernel function names) and the
# optimizer (opt_*: folding, dead code, unused functions/globals/locals, -u, -w, -W).
#
#   tests/sem/run.sh STAP_PATH
#
# Cases are data, run from their own directory:
#   tests/semok/NAME.stp   must succeed; stdout must equal NAME.out when
#                          that file exists, stderr NAME.err when it exists
#   tests/semko/NAME.stp   must fail with exit status 1; stderr must equal
#                          NAME.err
# Options come from a first line "# args: ..." (default -p2); a second
# line "# env: NAME=VALUE ..." sets environment variables for the case.  The tapset
# fixtures are tests/sem/fixtures/tapset (-I ../sem/fixtures/tapset), with
# kernel-version subdirectories; kernel function names come from the
# installed 6.1.0-56-amd64 kernel (cached under a private SYSTEMTAP_DIR).
# Prints PASS/FAIL lines and "N passed, N failed"; exits 1 on any failure.
set -u

stap=${1:?usage: run.sh STAP_PATH}
stap=$(cd "$(dirname "$stap")" && pwd)/$(basename "$stap")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"
test_init sem
export SYSTEMTAP_DIR=$work/stapdir

# The installed Debian 6.1 kernel whose symbols and .config the cases that
# name @KREL@ read (its ABI number moves with Debian updates).
krel=$(ls -v /boot/vmlinuz-6.1.0-*-amd64 2>/dev/null | tail -1)
krel=${krel#/boot/vmlinuz-}

case_args() {
	local first
	first=$(head -n 1 "$1")
	case $first in
	"# args:"*) first=${first#\# args:}; echo "${first//@KREL@/${krel:-6.1.0-56-amd64}}" ;;
	*) echo "-p2" ;;
	esac
}

# check NAME EXPECTED ACTUAL: diff into the failure report.
same() {
	diff -u "$1" "$2" > "$work/diff" 2>&1
}

for kind in semok semko; do
	cd "$top/tests/$kind" || exit 2
	for stp in *.stp; do
		name=${stp%.stp}
		# shellcheck disable=SC2046
		env $(sed -n '2s/^# env://p' "$stp") \
			"$stap" $(case_args "$stp") "$stp" > "$work/out" 2> "$work/err"
		rc=$?
		if [ "$kind" = semok ]; then
			if [ $rc -ne 0 ]; then
				fail "$kind/$name" "exit $rc" "$work/err"
			elif [ -f "$name.out" ] && ! same "$name.out" "$work/out"; then
				fail "$kind/$name" "stdout differs" "$work/diff"
			elif [ -f "$name.err" ] && ! same "$name.err" "$work/err"; then
				fail "$kind/$name" "stderr differs" "$work/diff"
			else
				pass "$kind/$name"
			fi
		else
			if [ $rc -ne 1 ]; then
				fail "$kind/$name" "exit $rc, expected 1" "$work/err"
			elif [ ! -f "$name.err" ]; then
				fail "$kind/$name" "no $name.err" "$work/err"
			elif ! same "$name.err" "$work/err"; then
				fail "$kind/$name" "stderr differs" "$work/diff"
			else
				pass "$kind/$name"
			fi
		fi
	done
done

# An optional point that cannot resolve is dropped without looking for
# similar kernel function names (a pass over every symbol, ~10 ms each):
# the -v note shows no "similar:", while the same point without '?' does.
cd "$top/tests/semok" || exit 2
if [ -n "$krel" ]; then
	"$stap" -p2 -v -r "$krel" -e 'probe kernel.function("vfs_raed")? { } probe begin { exit() }' \
		> /dev/null 2> "$work/err"
	"$stap" -p2 -r "$krel" -e 'probe kernel.function("vfs_raed") { }' > /dev/null 2> "$work/err2"
	if grep -q "^Note: dropping optional probe point kernel.function(\"vfs_raed\"): no kernel function 'vfs_raed'$" "$work/err" &&
	   grep -q "similar: vfs_read" "$work/err2"; then
		pass "optional-no-suggestions"
	else
		cat "$work/err2" >> "$work/err"
		fail "optional-no-suggestions" "" "$work/err"
	fi
fi

# Every fixture tapset file parses on its own (pass 1 reads them all).
cd "$top/tests/semok" || exit 2
if "$stap" -p1 -r 6.1.0-56-amd64 -I ../sem/fixtures/tapset -e 'probe begin {}' \
	> /dev/null 2> "$work/err"; then
	pass "fixtures-parse"
else
	fail "fixtures-parse" "" "$work/err"
fi

# A script using a dozen aliases over a large library resolves each one
# (how fast is bench/resolve-time.sh's figure, not a timed test here).
lib=$work/lib
mkdir -p "$lib"
for i in $(seq 1 300); do
	{
		echo "global g$i"
		for j in 1 2 3; do
			echo "probe fam$i.p$j = timer.ms($((100 + j))) { v$j = $i + g$i }"
			echo "function f${i}_$j() { return $i * $j }"
		done
	} > "$lib/t$i.stp"
done
script=$work/many.stp
for i in 1 25 50 75 100 125 150 175 200 225 250 299; do
	echo "probe fam$i.p1 { println(f${i}_2()) }"
done > "$script"
if "$stap" -p2 -I "$lib" "$script" > "$work/out" 2> "$work/err"; then
	if [ "$(grep -c '^timer' "$work/out")" -eq 12 ]; then
		pass "many-tapsets"
	else
		fail "many-tapsets" "not 12 timer probes" "$work/out"
	fi
else
	fail "many-tapsets" "exit status" "$work/err"
fi

finish
