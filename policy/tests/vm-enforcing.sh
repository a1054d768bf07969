#!/bin/bash
# vm-enforcing.sh: the policy module at work, in a VM booted with SELinux
# enforcing (scripts/test.sh --only selinux; not part of the default run: a
# boot per kernel plus a policy build cost ~1.5 min each).
#
# On the host: Debian's selinux-policy-default store is copied and our
# systemtap.pp installed into the copy (semodule -p), which yields a
# policy.33 and file_contexts holding both.  In the VM (booted with
# security=selinux): load_policy, setfiles over the initramfs root (it has
# no labels of its own), staprun/stapio labelled as the packages' paths
# would be, three copies of one module in the vetted directory: labelled
# systemtap_module_t, modules_object_t, tmp_t.  A user shell is started in
# unconfined_t (what pam_selinux gives a login: the transition is made
# before enforcing, since the test's init runs in kernel_t), then SELinux
# is set enforcing and alice (stapusr) runs each copy through the setuid
# staprun: the first runs (staprun in staprun_t, stapio in stapio_t), the
# second is refused by staprun's own libselinux check, the third by the
# policy (staprun_t may not read tmp_t files).  The AVC denials while
# enforcing are listed; the expected ones are the tmp_t copy's.
#   vm-enforcing.sh [STAP]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"
test_init selinux-vm
stap=${1:-$top/_install/bin/stap}
pp=$top/_build/policy/systemtap.pp
if [ ! -f /var/lib/selinux/default/active/policy.kern ] || ! command -v semodule > /dev/null ||
   [ ! -f "$pp" ]; then
	echo "SKIP: needs selinux-policy-default, semodule and the built policy/systemtap.pp"
	finish
fi

# The policy: Debian's default store with our module in it.
store=$work/store
mkdir -p "$store/var/lib/selinux" "$store/etc/selinux"
cp -a /var/lib/selinux/default "$store/var/lib/selinux/"
cp -a /etc/selinux/default "$store/etc/selinux/"
cp /etc/selinux/semanage.conf "$store/etc/selinux/"
if semodule -p "$store" -s default -i "$pp" > "$work/semodule.log" 2>&1 &&
   [ -f "$store/etc/selinux/default/policy/policy.33" ]; then
	pass "systemtap.pp installed into a copy of the default policy"
else
	fail "systemtap.pp installed into a copy of the default policy" "" "$work/semodule.log"
	finish
fi

# The SELinux tools the VM needs, with their libraries.
se=$work/se
mkdir -p "$se/etc/selinux" "$se/usr/sbin" "$se/usr/bin"
cp -a "$store/etc/selinux/default" "$se/etc/selinux/"
printf 'SELINUX=permissive\nSELINUXTYPE=default\n' > "$se/etc/selinux/config"
tools="/usr/sbin/load_policy /usr/sbin/setfiles /usr/sbin/setenforce /usr/sbin/getenforce
	/usr/bin/runcon /usr/bin/chcon /usr/bin/stat"
for t in $tools; do cp "$t" "$se$t"; done
for lib in $(ldd $tools 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
	mkdir -p "$se$(dirname "$lib")"
	cp -L "$lib" "$se$lib"
done

for vmlinuz in $(ls -v /boot/vmlinuz-* 2>/dev/null); do
	rel=${vmlinuz#/boot/vmlinuz-}
	[ -f "/lib/modules/$rel/build/Makefile" ] || continue
	job=$work/job-$rel out=$work/out-$rel
	mkdir -p "$job" "$out"
	cp -a "$se" "$job/se"
	cp "$top/tests/vm/users.sh" "$job/stap-users.sh"
	gcc -static -O2 -o "$job/stap-runas" "$top/tests/vm/runas.c"
	cp "$here/vm-enforcing.job" "$job/run.sh"
	if ! (cd "$job" && "$stap" -p4 -r "$rel" -m se_mod \
		-e 'probe begin { println("ran") }') > "$work/build-$rel.log" 2>&1; then
		fail "$rel: the test module builds" "" "$work/build-$rel.log"
		continue
	fi
	if ! "$top/tests/vm/stap-vm" --kernel "$rel" --sysroot "$top/_stage" --timeout 900 \
		--append "security=selinux selinux=1 enforcing=0" "$job" "$out" \
		> "$work/vm-$rel.log" 2>&1; then
		fail "$rel: the VM ran" "" "$work/vm-$rel.log"
		continue
	fi
	if diff -u "$here/vm-enforcing.expect" "$out/stdout" > "$work/diff-$rel"; then
		pass "$rel: enforcing: the vetted module runs, mislabelled ones are refused"
	else
		fail "$rel: enforcing: the vetted module runs, mislabelled ones are refused" "" \
			"$work/diff-$rel"
		sed 's/^/    console: /' "$out/console.log" 2>/dev/null | tail -5
	fi
done
finish
