#!/bin/sh
# build.sh: configure, build and install into ./_install (what the tests and
# the demo run), plus a staged copy of the same tree in ./_stage that the
# test VM boots with.  Installs the build dependencies first.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" "${1:-test}"
cd "$top"
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
mkdir -p _build
cd _build
[ -f Makefile ] || ../configure -q --prefix="$top/_install"
make -s -j"$(nproc)"
make -s install > /dev/null
rm -rf "$top/_stage"
make -s install DESTDIR="$top/_stage" > /dev/null
