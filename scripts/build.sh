#!/bin/sh
# build.sh: configure, build and install into ./_install (what the tests and
# the demo run), plus a staged copy of the same tree in ./_stage that the
# test VM boots with.  Installs the build dependencies first.
#   build.sh [build|test|check]   (default test: the dependencies of the
#                                  tests too; check: also a translator built
#                                  with the sanitizers in ./_build-asan,
#                                  configure --enable-sanitizers, which
#                                  tests/parse runs, and the test programs
#                                  the host suites run with the sanitizers)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-test}
"$top/scripts/install-deps.sh" "$([ "$mode" = check ] && echo test || echo "$mode")"
cd "$top"
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
mkdir -p _build
cd _build
[ -f Makefile ] || ../configure -q --prefix="$top/_install"
make -s -j"$(nproc)"
[ "$mode" = build ] || make -s -j"$(nproc)" check   # the test programs (check_PROGRAMS)
make -s install > /dev/null
rm -rf "$top/_stage"
make -s install DESTDIR="$top/_stage" > /dev/null
if [ "$mode" = check ]; then
	mkdir -p "$top/_build-asan"
	cd "$top/_build-asan"
	[ -f Makefile ] || ../configure -q --enable-sanitizers --prefix=/nonexistent
	make -s -j"$(nproc)" translator/stap tests/ksyms/ksyms_test
fi
