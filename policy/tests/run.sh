#!/bin/bash
# policy/tests/run.sh - the SELinux policy module builds with refpolicy's
# development Makefile and holds the rules the privilege split needs: module
# loading only in staprun_t, no capability at all in stapio_t, the domain
# transitions user -> staprun_t -> stapio_t, and file contexts for the
# programs and the vetted-module directories.
#   run.sh [STAP]      (the argument is not used)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"
test_init policy
devel=/usr/share/selinux/devel/Makefile
pp2cil=/usr/libexec/selinux/hll/pp

if [ ! -f "$devel" ] || [ ! -x "$pp2cil" ]; then
	fail "selinux-policy-dev and semodule-utils are installed (scripts/install-deps.sh)"
	finish
fi
cp "$top"/policy/systemtap.te "$top"/policy/systemtap.fc "$top"/policy/systemtap.if "$work/"
if (cd "$work" && make -f "$devel" systemtap.pp) > "$work/build.log" 2>&1; then
	pass "systemtap.pp builds"
else
	fail "systemtap.pp builds" "" "$work/build.log"
	finish
fi
"$pp2cil" "$work/systemtap.pp" "$work/systemtap.cil" 2> "$work/cil.err" ||
	{ fail "the module converts to CIL" "" "$work/cil.err"; finish; }
cil=$work/systemtap.cil

has_rule() { # WHAT REGEX
	if grep -qE -- "$2" "$cil"; then pass "$1"; else fail "$1" "no rule matching $2"; fi
}
lacks_rule() { # WHAT REGEX
	if grep -qE -- "$2" "$cil"; then fail "$1" "$(grep -E -- "$2" "$cil" | head -3)"; else pass "$1"; fi
}
has_rule "staprun_t has sys_module" '^ *\(allow staprun_t self \(capability \([^)]*sys_module'
has_rule "staprun_t may load modules labelled systemtap_module_t" \
	'^ *\(allow staprun_t systemtap_module_t \(system \(module_load'
has_rule "staprun_t's one capability2 is syslog (real /proc/kallsyms addresses)" \
	'^ *\(allow staprun_t self \(capability2 \(syslog\)\)\)'
lacks_rule "stapio_t has no capability at all" '^ *\(allow stapio_t [^ ]+ \(cap'
lacks_rule "no other domain of this module gets sys_module" \
	'^ *\(allow [a-z_]*[^n]_t [^ ]+ \(capability \([^)]*sys_module'
lacks_rule "stapio_t may not load modules" '^ *\(allow stapio_t [^ ]+ \(system \(module_load'
has_rule "staprun_t runs stapio in stapio_t" '^ *\(typetransition staprun_t stapio_exec_t process stapio_t\)'
has_rule "user domains enter staprun_t through staprun" \
	'^ *\(typetransition unconfined_t staprun_exec_t process staprun_t\)'
has_rule "staprun_exec_t is an entry point of staprun_t" \
	'^ *\(allow staprun_t staprun_exec_t \(file \([^)]*entrypoint'
fc=$work/systemtap.fc
for want in '/usr/bin/staprun.*staprun_exec_t' '/usr/libexec/systemtap/stapio.*stapio_exec_t' \
	'^/lib/modules/.*systemtap.*systemtap_module_t' '^/usr/lib/modules/.*systemtap.*systemtap_module_t'; do
	if grep -qE -- "$want" "$fc"; then pass "file context: $want"; else fail "file context: $want"; fi
done
finish
