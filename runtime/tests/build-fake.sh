#!/bin/sh
# build-fake.sh: build runtime/tests/fake_script.c with the runtime into
# MODNAME.ko, laid out the way stap's pass 4 lays out a module.
#   build-fake.sh BUILDDIR MODNAME [KERNEL_BUILD_DIR] [-DNAME...]
# FAKE_SRC=FILE (in this directory) builds another stand-in instead.
# FAKE_RUNTIME_FROM=DIR links the runtime objects an earlier build left in
# DIR (built with the same runtime -D set) instead of compiling them again:
# kbuild then compiles only the stand-in, as stap's pass 4 does with its
# cache.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
rt=$(cd "$here/.." && pwd)
dir=$1 mod=$2
shift 2
# default: the newest installed Debian 6.1 kernel's headers (its ABI number moves)
kdir=$(ls -dv /lib/modules/6.1.0-*-amd64/build 2>/dev/null | tail -n 1)
case ${1:-} in /*) kdir=$1; shift ;; esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rm -f "$dir"/*.c
objs="${mod}_src.o"
ln -s "$here/${FAKE_SRC:-fake_script.c}" "$dir/${mod}_src.c"
if [ -n "${FAKE_RUNTIME_FROM:-}" ]; then
	for f in "$FAKE_RUNTIME_FROM"/rt_*.o; do
		b=$(basename "$f")
		cp "$f" "$FAKE_RUNTIME_FROM/.$b.cmd" "$dir/"
		objs="$objs $b"
	done
else
	# one unit including every runtime source, as stap's pass 4 compiles it
	for f in "$rt"/*.c "$rt"/transport/*.c; do
		echo "#include \"$f\""
	done > "$dir/rt_unit.c"
	objs="$objs rt_unit.o"
fi
{
	echo "obj-m := $mod.o"
	echo "$mod-y := $objs"
	printf 'ccflags-y := -I%s -I%s/transport' "$rt" "$rt"
	for d in "$@"; do printf " '%s'" "$d"; done
	echo
} > "$dir/Kbuild"
make -s -C "$kdir" M="$dir" modules
