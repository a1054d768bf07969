#!/bin/bash
# package-vm.sh ROOT KREL WORK: boots a Debian root that has the packages
# installed (scripts/package-test.sh makes it) in the VM with kernel KREL, as
# the whole system rather than the test initramfs, and runs the tools there
# as a sysadmin's users would:
#   alice (stapusr)          a vetted module from /lib/modules/KREL/systemtap/
#                            works; an arbitrary module is refused, naming the
#                            group that would be needed
#   dave (stapusr, stapdev)  the arbitrary module works; `stap -e` end to end
# Modules are built in the root beforehand (a TCG guest compiles slowly);
# dave's `stap -e` then finds its module in his cache and runs pass 5.
# Prints PASS:/FAIL: lines and "N passed, N failed".
set -uo pipefail
root=${1:?root} krel=${2:?kernel release} work=${3:?work directory}
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
passed=0 failed=0

mkdir -p "$work"
vmlinuz=/boot/vmlinuz-$krel
[ -r "$vmlinuz" ] || { fail "no $vmlinuz on the host"; finish; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
as_user() {	# USER COMMAND
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		setpriv --reuid="$1" --regid="$1" --init-groups \
		sh -c "HOME=\$(getent passwd $1 | cut -d: -f6) && export HOME && cd && $2"
}

# ---- users and modules, prepared in the root -------------------------
in_root sh -c 'id alice > /dev/null 2>&1 || useradd -m -G stapusr alice' &&
in_root sh -c 'id dave > /dev/null 2>&1 || useradd -m -G stapusr,stapdev dave' ||
	{ fail "useradd in the root"; finish; }
hello='probe begin { println("packaged hello"); exit() }'
# No double quotes: it is quoted twice on its way into the VM's init.
endtoend='probe begin { println(uid()); exit() }'
if as_user dave "stap -p4 -r $krel -m vetted_hello -e '$hello' && stap -p4 -r $krel -m arbitrary_hello -e '$hello' && stap -p4 -r $krel -e '$endtoend'" \
	> "$work/vm-build.log" 2>&1; then
	pass "modules for the VM built in the root as dave"
else
	fail "building the VM's modules" "" "$work/vm-build.log"
	finish
fi
install -o root -g root -m 0644 "$root/home/dave/vetted_hello.ko" \
	"$root/lib/modules/$krel/systemtap/vetted_hello.ko"
install -o root -g root -m 0644 "$root/home/dave/arbitrary_hello.ko" "$root/tmp/arbitrary_hello.ko"

# The root has no mount, lsmod or poweroff (not essential in Debian); PID 1
# uses a static busybox of its own, removed from the root afterwards.
mkdir -p "$root/pkgtest"
cp "$(command -v busybox)" "$root/pkgtest/busybox"
cat > "$root/pkgtest/init" <<EOF
#!/bin/sh
# PID 1 of the package test's VM: mounts what the tools need, runs each
# check as its user, sends the results to the host on the second serial port.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
bb=/pkgtest/busybox
# The initramfs leaves out the root's /proc, /sys and /dev.
\$bb mkdir -p /proc /sys /dev /run
\$bb mount -t proc proc /proc
\$bb mount -t sysfs sysfs /sys
\$bb mount -t devtmpfs devtmpfs /dev
\$bb mount -t debugfs debugfs /sys/kernel/debug
\$bb mount -t tmpfs tmpfs /run
\$bb stty -F /dev/ttyS1 raw -echo
mkdir -p /results
run() {	# NAME USER COMMAND
	setpriv --reuid="\$2" --regid="\$2" --init-groups \\
		sh -c "cd /tmp && HOME=/home/\$2 \$3" \\
		> /results/\$1.out 2> /results/\$1.err < /dev/null
	echo \$? > /results/\$1.status
}
run alice_vetted alice 'staprun /lib/modules/$krel/systemtap/vetted_hello.ko'
run alice_arbitrary alice 'staprun /tmp/arbitrary_hello.ko'
run dave_arbitrary dave 'staprun /tmp/arbitrary_hello.ko'
run dave_stap dave "stap -r $krel -e '$endtoend'"
\$bb lsmod > /results/lsmod
\$bb dmesg > /results/dmesg
cd /results && tar cf - . | base64 > /dev/ttyS1
echo "@@pkgtest-end@@" > /dev/ttyS1
sync
\$bb poweroff -f
EOF
chmod 0755 "$root/pkgtest/init"

# The root as the initramfs, without what the VM does not read.
(cd "$root" && find . \( -path ./usr/share/doc -o -path ./usr/share/locale \
	-o -path ./usr/share/man -o -path ./var/cache/apt -o -path ./var/lib/apt/lists \
	-o -path ./proc -o -path ./sys -o -path ./dev \) -prune -o -print |
	cpio -o -H newc --quiet) > "$work/root.cpio"
mkdir -p "$work/vm"
status=0
timeout --foreground 900 qemu-system-x86_64 -accel tcg -smp 2 -m 3072 \
	-kernel "$vmlinuz" -initrd "$work/root.cpio" \
	-append "console=ttyS0 quiet loglevel=4 panic=-1 rdinit=/pkgtest/init no_timer_check" \
	-display none -no-reboot -monitor none \
	-serial "file:$work/vm/console.log" -serial "file:$work/vm/results.b64" \
	< /dev/null || status=$?
rm -rf "$work/root.cpio" "$root/pkgtest"
if [ $status -ne 0 ] || ! grep -q '@@pkgtest-end@@' "$work/vm/results.b64"; then
	fail "the package VM (status $status)" "" "$work/vm/console.log"
	finish
fi
pass "the installed root booted in the VM with $krel"
sed '/@@pkgtest-end@@/,$d' "$work/vm/results.b64" | tr -d '\r' | base64 -d | tar xf - -C "$work/vm"
r=$work/vm

check_ok() {	# NAME WHAT EXPECTED-STDOUT
	if [ "$(cat "$r/$1.status")" = 0 ] && [ "$(cat "$r/$1.out")" = "$3" ]; then
		pass "$2"
	else
		fail "$2" "status $(cat "$r/$1.status"), stdout '$(cat "$r/$1.out")'" "$r/$1.err"
	fi
}
check_ok alice_vetted "stapusr runs a vetted module" "packaged hello"
if [ "$(cat "$r/alice_arbitrary.status")" != 0 ] &&
	grep -q 'membership in group stapdev' "$r/alice_arbitrary.err" &&
	[ ! -s "$r/alice_arbitrary.out" ]; then
	pass "stapusr is refused an arbitrary module, naming stapdev"
else
	fail "stapusr and an arbitrary module" "status $(cat "$r/alice_arbitrary.status")" "$r/alice_arbitrary.err"
fi
check_ok dave_arbitrary "stapdev runs an arbitrary module" "packaged hello"
check_ok dave_stap "stapdev: stap -e end to end" "$(in_root id -u dave)"
if grep -qE 'BUG:|WARNING:|Oops|Call Trace' "$r/dmesg"; then
	fail "the VM's kernel log is clean" "" "$r/dmesg"
else
	pass "the VM's kernel log is clean"
fi
if grep -qE '^(vetted_hello|arbitrary_hello|stap_)' "$r/lsmod"; then
	fail "no module left loaded" "" "$r/lsmod"
else
	pass "no module left loaded"
fi
finish
