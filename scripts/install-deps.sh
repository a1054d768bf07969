#!/bin/sh
# install-deps.sh: the Debian packages systemtap needs to build and to test.
# The one list; README's commands and CI call this, nothing is installed by
# hand.  Installs only what is missing, so a prepared machine costs nothing.
#   install-deps.sh [build|test|bench]  (default: test, which includes build;
#                                        bench: test plus what bench/ compares
#                                        against)
set -eu

build_pkgs="gcc make autoconf automake pkg-config
	libdw-dev libelf-dev libkmod-dev libcap-ng-dev libselinux1-dev
	liblzma-dev zlib1g-dev libzstd-dev libbpf-dev"
# The uapi errno headers the runtime's errno names are generated from, and
# the static C library the VM cases' workload program is linked with.
build_pkgs="$build_pkgs linux-libc-dev libc6-dev"
# The SELinux policy module (policy/): refpolicy's development Makefile and
# its compilers; semodule-utils converts it to CIL for its test.
build_pkgs="$build_pkgs selinux-policy-dev checkpolicy semodule-utils"
# A kernel to boot in the VM, its headers to build modules against, the VM
# itself and the initramfs tools.
test_pkgs="linux-image-amd64 linux-headers-amd64 qemu-system-x86 busybox-static
	cpio gzip valgrind"
# The package test: both package formats, their linters, a clean Debian root.
test_pkgs="$test_pkgs debhelper lintian rpm rpmlint mmdebstrap"
# staprun's tests watch which file it inserts.
test_pkgs="$test_pkgs strace"
# test.sh's table shows each suite's CPU time (GNU time).
test_pkgs="$test_pkgs time"

# bench/probe-overhead.sh and compile-time.sh put Debian's SystemTap 4.8 and
# bpftrace beside ours when they are installed.
bench_pkgs="systemtap bpftrace"

want=$build_pkgs
case ${1:-test} in
test) want="$want $test_pkgs" ;;
bench) want="$want $test_pkgs $bench_pkgs" ;;
esac

# The tests also run against Debian's newest 6.12 kernel when the archive has
# one (its exact version moves, so it is looked up, not named).
newer_kernel() {
	apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' 2>/dev/null |
		awk '{ sub("^linux-headers-", "", $1); print $1 }' | sort -V | tail -1
}
if [ "${1:-test}" != build ]; then
	rel=$(newer_kernel)
	# A fresh machine may not have package lists yet.
	if [ -z "$rel" ] && [ "$(id -u)" -eq 0 ]; then
		apt-get update -qq
		rel=$(newer_kernel)
	fi
	[ -n "$rel" ] && want="$want linux-headers-$rel linux-image-$rel-unsigned"
fi

# One dpkg-query for the whole list ("ii" is installed), not one per package.
# shellcheck disable=SC2086
installed=" $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $want 2>/dev/null |
	awk '$1 == "ii" { printf "%s ", $2 }')"
missing=
for p in $want; do
	case $installed in
	*" $p "*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
