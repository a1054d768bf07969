#!/bin/bash
# package-test.sh: the packages as a sysadmin gets them.  From this checkout's
# committed tree: `make dist`, then the .debs (dpkg-buildpackage) and the
# .rpms (rpmbuild -ta) built from that one tarball, each checked (file lists,
# scripts, staprun's owner and mode, lintian and rpmlint clean).  Then a clean
# Debian root made with mmdebstrap from the machine's own apt sources: the
# .debs installed with apt (dependencies from the archive), the groups, the
# setuid staprun and the paths checked, an example built with `stap -p4`
# against the kernel headers installed inside the root, and purge checked to
# remove what the packages made.
#
#   scripts/package-test.sh [--keep DIR]    (keep the work directory)
#
# Ends with "N passed, N failed" like every suite.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"

passed=0 failed=0
keep=
[ "${1:-}" = --keep ] && keep=${2:?--keep needs a directory}

for tool in dpkg-buildpackage dh rpmbuild lintian rpmlint mmdebstrap; do
	command -v "$tool" > /dev/null || {
		echo "package-test: $tool missing (scripts/install-deps.sh package)" >&2
		echo "0 passed, 1 failed"
		exit 1
	}
done

if [ -n "$keep" ]; then
	work=$keep
	rm -rf "$work"
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/stap-pkg.XXXXXX")
fi
root=$work/root
mmdebstrap_pid=
cleanup() {
	[ -z "$mmdebstrap_pid" ] || kill "$mmdebstrap_pid" 2> /dev/null
	for m in proc sys dev/pts dev; do
		mountpoint -q "$root/$m" 2> /dev/null && umount -l "$root/$m"
	done
	[ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

# Every Debian kernel whose headers the host has (6.1 and 6.12; the ABI
# number moves): the root gets their headers, and boots with each.
krels=$(cd /usr/src && ls -d linux-headers-*-amd64 2> /dev/null | sed 's/^linux-headers-//' | sort -V)
[ -n "$krels" ] || { fail "no linux-headers-*-amd64 installed on the host"; finish; }
includes=$(for k in $krels; do printf 'linux-headers-%s,' "$k"; done)
t0=$(date +%s)
phase() { echo "time: $1 done at $(($(date +%s) - t0)) s"; }

# ---- a clean Debian root, made while the packages build ------------------
# Packages the host already downloaded are reused (hard links, same files);
# the root keeps its own archive directory, so apt there never waits on the
# host's apt lock.
mmdebstrap --variant=apt --include="${includes%,}" --skip=cleanup/apt/lists --skip=cleanup/apt/cache \
	--setup-hook='mkdir -p "$1/var/cache/apt/archives" && for d in /var/cache/apt/archives/*.deb; do ln -f "$d" "$1/var/cache/apt/archives/" 2>/dev/null || true; done' \
	bookworm "$root" > "$work/mmdebstrap.log" 2>&1 &
mmdebstrap_pid=$!

# ---- the tarball -------------------------------------------------------
version=$(sed -n 's/^AC_INIT(\[systemtap\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")
mkdir -p "$work/src" "$work/dist"
git -C "$top" archive HEAD | tar -x -C "$work/src"
if (cd "$work/src" && autoreconf -fi && cd "$work/dist" &&
    "$work/src/configure" -q && make -s dist) > "$work/dist.log" 2>&1; then
	pass "make dist"
else
	fail "make dist (see $work/dist.log)"; tail -20 "$work/dist.log"; finish
fi
tarball=$work/dist/systemtap-$version.tar.gz
changelog_version=$(sed -n '1s/^systemtap (\([^)-]*\)-[^)]*).*/\1/p' "$work/src/debian/changelog")
if [ "$changelog_version" = "$version" ]; then
	pass "debian/changelog names configure.ac's version $version"
else
	fail "debian/changelog says $changelog_version, configure.ac $version"
fi

# ---- .debs -------------------------------------------------------------
mkdir -p "$work/deb"
tar -xzf "$tarball" -C "$work/deb"
if (cd "$work/deb/systemtap-$version" && dpkg-buildpackage -b -us -uc) > "$work/deb.log" 2>&1; then
	pass "dpkg-buildpackage -b from the tarball"
else
	fail "dpkg-buildpackage (see $work/deb.log)"; tail -30 "$work/deb.log"; finish
fi
debs=()
for pkg in systemtap systemtap-common systemtap-runtime systemtap-doc systemtap-selinux; do
	f=$(ls "$work/deb/${pkg}_$version-"*.deb 2> /dev/null | head -1)
	if [ -n "$f" ]; then pass "built $pkg"; debs+=("$f"); else fail "no $pkg .deb"; fi
done
deb_has() {	# PACKAGE PATH (grep reads the whole list: -q would leave dpkg-deb a
	# broken pipe, and pipefail would call that a missing file)
	dpkg-deb -c "$work/deb/${1}_$version-"*.deb | awk '{ print $6 }' | grep -x "\.$2" > /dev/null
}
for pair in systemtap:/usr/bin/stap systemtap:/usr/share/man/man1/stap.1.gz \
	systemtap-common:/usr/share/systemtap/tapset/context.stp \
	systemtap-common:/usr/share/systemtap/runtime/stap_runtime.h \
	systemtap-runtime:/usr/bin/staprun systemtap-runtime:/usr/libexec/systemtap/stapio \
	systemtap-runtime:/usr/share/man/man8/staprun.8.gz \
	systemtap-runtime:/usr/share/man/man8/stapio.8.gz systemtap-runtime:/usr/bin/stap-merge \
	systemtap-selinux:/usr/share/selinux/packages/systemtap.pp \
	systemtap-doc:/usr/share/doc/systemtap/examples/hello.stp; do
	if deb_has "${pair%%:*}" "${pair#*:}"; then pass "${pair%%:*} ships ${pair#*:}"
	else fail "${pair%%:*} lacks ${pair#*:}"; fi
done
if lintian_out=$(lintian --pedantic "$work/deb/"*.changes 2>&1 | grep -v '^running with root'); [ -z "$lintian_out" ]; then
	pass "lintian --pedantic: clean"
else
	fail "lintian --pedantic:"; echo "$lintian_out"
fi

# ---- .rpms -------------------------------------------------------------
# Debian's rpm has no Fedora packages installed to satisfy BuildRequires.
if rpmbuild --define "_topdir $work/rpm" --nodeps -ta "$tarball" > "$work/rpm.log" 2>&1; then
	pass "rpmbuild -ta from the tarball"
else
	fail "rpmbuild (see $work/rpm.log)"; tail -30 "$work/rpm.log"
fi
rpm_of() { ls "$work/rpm/RPMS/"*/"$1-$version-"*.rpm 2> /dev/null | head -1; }
for pkg in systemtap systemtap-common systemtap-runtime systemtap-doc systemtap-selinux; do
	[ -n "$(rpm_of "$pkg")" ] && pass "built $pkg rpm" || fail "no $pkg rpm"
done
runtime_rpm=$(rpm_of systemtap-runtime)
if [ -n "$runtime_rpm" ]; then
	line=$(rpm -qpv -l "$runtime_rpm" 2> /dev/null | awk '$NF == "/usr/bin/staprun"')
	case $line in
	"---s--x--- "*" root "*" stapusr "*) pass "rpm: staprun is root:stapusr 4110" ;;
	*) fail "rpm: staprun is: $line" ;;
	esac
	rpm -qp --scripts "$runtime_rpm" 2> /dev/null | grep 'groupadd -r "$group"' > /dev/null &&
		pass "rpm: %pre creates the groups" || fail "rpm: no group creation in %pre"
	rpm -qpl "$runtime_rpm" 2> /dev/null | grep -x /usr/libexec/systemtap/stapio > /dev/null &&
		pass "rpm: stapio in systemtap-runtime" || fail "rpm: stapio missing"
fi
rpm -qpl "$(rpm_of systemtap-selinux)" 2> /dev/null | grep -x /usr/share/selinux/packages/systemtap.pp > /dev/null &&
	pass "rpm: the policy module in systemtap-selinux" || fail "rpm: systemtap.pp missing"
rpm -qpl "$(rpm_of systemtap-common)" 2> /dev/null | grep -x /usr/share/systemtap/tapset/context.stp > /dev/null &&
	pass "rpm: tapsets in systemtap-common" || fail "rpm: tapsets missing"
if rpmlint_out=$(rpmlint -r "$work/src/systemtap.rpmlintrc" "$work/dist/systemtap.spec" \
	"$work/rpm/RPMS/"*/*.rpm 2>&1) &&
	echo "$rpmlint_out" | grep -q ' 0 errors, 0 warnings'; then
	pass "rpmlint: clean (filters justified in systemtap.rpmlintrc)"
else
	fail "rpmlint:"; echo "$rpmlint_out" | grep -E ' [EW]: '
fi

phase "package builds"
if wait "$mmdebstrap_pid"; then
	pass "mmdebstrap: a clean bookworm root with the headers of $(echo $krels)"
else
	fail "mmdebstrap (see $work/mmdebstrap.log)"; tail -20 "$work/mmdebstrap.log"; finish
fi
phase mmdebstrap
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
mkdir -p "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
if in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/debs/*.deb' > "$work/install.log" 2>&1; then
	pass "apt-get install of the .debs (dependencies from the archive)"
else
	fail "apt-get install (see $work/install.log)"; tail -30 "$work/install.log"; finish
fi
for group in stapusr stapsys stapdev; do
	in_root getent group "$group" > /dev/null && pass "group $group exists" || fail "no group $group"
done
mode=$(in_root stat -c '%U:%G %a' /usr/bin/staprun)
[ "$mode" = "root:stapusr 4110" ] && pass "staprun is root:stapusr 4110" || fail "staprun is $mode"
for path in /usr/bin/stap /usr/libexec/systemtap/stapio /usr/share/systemtap/tapset/syscalls.stp \
	/usr/share/systemtap/runtime/transport/relay.c; do
	[ -e "$root$path" ] && pass "installed: $path" || fail "missing: $path"
done
for krel in $krels; do
	vetted=$(in_root stat -c '%U:%G %a' "/lib/modules/$krel/systemtap" 2>&1)
	[ "$vetted" = "root:root 755" ] && pass "$krel: vetted-module directory is root:root 755" ||
		fail "$krel: vetted-module directory is $vetted"
	# -m names the module; stap -p4 leaves NAME.ko in the current directory.
	if in_root sh -c "cd /tmp && rm -f pkgtest_hello.ko && stap -p4 -r '$krel' -m pkgtest_hello /usr/share/doc/systemtap/examples/hello.stp" \
		> "$work/p4.out" 2> "$work/p4.err"; then
		if [ -s "$root/tmp/pkgtest_hello.ko" ] && grep -q 'pkgtest_hello\.ko' "$work/p4.out"; then
			pass "$krel: stap -p4 builds an example against the headers installed in the root"
		else
			fail "$krel: stap -p4 made no module" "$(cat "$work/p4.out")"
		fi
	else
		fail "$krel: stap -p4 inside the root" "" "$work/p4.err"
	fi
done
phase "install checks"
# The root as the whole system in the VM, run by stapusr and stapdev users,
# once with each kernel.
for m in proc dev; do umount -l "$root/$m"; done
for krel in $krels; do
	"$top/scripts/package-vm.sh" "$root" "$krel" "$work/vm-$krel" > "$work/vm-$krel.log" 2>&1
	grep -E '^(PASS|FAIL):|^    ' "$work/vm-$krel.log" | sed "s/^\(PASS\|FAIL\): /&$krel: /"
	add_counts "$work/vm-$krel.log"
	# The admin takes the vetted module back out: purge keeps a directory
	# that still holds modules it did not install.
	rm -f "$root/lib/modules/$krel/systemtap/vetted_hello.ko"
	phase "VM with $krel"
done
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
if in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q systemtap systemtap-common systemtap-runtime systemtap-doc systemtap-selinux' > "$work/purge.log" 2>&1; then
	pass "apt-get purge"
else
	fail "apt-get purge (see $work/purge.log)"; tail -20 "$work/purge.log"
fi
for group in stapusr stapsys stapdev; do
	in_root getent group "$group" > /dev/null && fail "purge left group $group" || pass "purge removed group $group"
done
in_root dpkg-statoverride --list /usr/bin/staprun > /dev/null && fail "purge left the staprun statoverride" ||
	pass "purge removed the staprun statoverride"
for path in $(for k in $krels; do echo "/lib/modules/$k/systemtap"; done) \
	/var/lib/systemtap-runtime /usr/share/systemtap /usr/bin/staprun; do
	[ -e "$root$path" ] && fail "purge left $path" || pass "purge removed $path"
done
finish
