#!/bin/sh
# vm-test.sh: end-to-end test of the runtime in a VM, without the translator.
#
# Builds runtime/tests/fake_script.c with the runtime in several variants
# (build-fake.sh), and lang_script.c (the language half: its output must
# match lang.expect and lang.experr), boots the target kernel with
# tests/vm/stap-vm, drives each
# module with insmod, stapio and rmmod, and checks what came out: script
# output, stapio's stderr and exit status, the debugfs files, the handling
# of malformed control messages, the record stream under load, and a kernel
# log free of warnings.  Prints one line per check and "N passed, N failed".
#
#   vm-test.sh --sysroot DIR [--prefix PREFIX] [--kernel REL] [BUILDDIR]
# DIR is an installed tree (make install DESTDIR=DIR) of a build configured
# with --prefix=PREFIX (default /usr/local): it holds
# PREFIX/libexec/systemtap/stapio and PREFIX/bin/staprun.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# default: the newest installed Debian 6.1 kernel (its ABI number moves)
kernel=$(ls -v /boot/vmlinuz-6.1.0-*-amd64 2>/dev/null | tail -n 1)
kernel=${kernel#/boot/vmlinuz-}
sysroot=
prefix=/usr/local
while [ $# -gt 0 ]; do
	case $1 in
	--sysroot) sysroot=$2; shift 2 ;;
	--prefix) prefix=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	*) break ;;
	esac
done
[ -n "$sysroot" ] || { echo "usage: vm-test.sh --sysroot DIR [--prefix PREFIX] [--kernel REL] [BUILDDIR]" >&2; exit 2; }
sysroot=$(cd "$sysroot" && pwd)
build=${1:-$top/build-rt}
mkdir -p "$build"
build=$(cd "$build" && pwd)
kdir=/lib/modules/$kernel/build

# The variants: module name and -D flags.
set -- "fake" "fakediv -DFAKE_DIV0" "fakeexit -DFAKE_EXIT_IN_BEGIN" \
	"fakeforever -DFAKE_FOREVER" "fakestress -DFAKE_STRESS=1" "fakebig -DFAKE_STRESS=40"
job=$build/job
rm -rf "$job" "$build/out"
mkdir -p "$job"
# The FAKE_* and LANG_TIMER flags change only the stand-in, so the runtime is
# compiled once for the fake variants and once for lang's -DMAXERRORS=10; the
# other variants link those objects, two builds at a time.
build_variant() {   # build_variant SRC RUNTIME_FROM NAME [-DFLAG...]
	src=$1 from=$2 name=$3
	shift 3
	FAKE_SRC=$src FAKE_RUNTIME_FROM=$from "$here/build-fake.sh" "$build/$name" "$name" \
		"$kdir" "$@" 2>&1 | grep -v 'Skipping BTF' || true
}
rm -rf "$build"/fake* "$build"/lang*
build_variant fake_script.c "" fake
shift
i=0
for v in "$@"; do
	# shellcheck disable=SC2086
	build_variant fake_script.c "$build/fake" $v &
	i=$((i + 1))
	[ $((i % 2)) -ne 0 ] || wait
done
# The language half of the runtime: lang_script.c, errors tolerated.
build_variant lang_script.c "" lang -DMAXERRORS=10
build_variant lang_script.c "$build/lang" langt -DMAXERRORS=10 -DLANG_TIMER
wait
for name in fake fakediv fakeexit fakeforever fakestress fakebig lang langt; do
	cp "$build/$name/$name.ko" "$job/"
done

# Control messages written whole with one write() each (dd bs=SIZE).
zeros() { head -c "$1" /dev/zero; }
{ printf '\007\000\000\000kernel'; zeros 50; printf '_stext'; zeros 58
  printf '\000\000\000\201\377\377\377\377'; } > "$job/reloc.bin"
{ printf '\007\000\000\000'; head -c 56 /dev/zero | tr '\000' k; printf '_stext'; zeros 58
  zeros 8; } > "$job/reloc_bad.bin"
{ printf '\010\000\000\000\020\016\000\000\000\000\000\000CET'; zeros 13; } > "$job/tz.bin"

echo "$prefix" > "$job/prefix"
cat > "$job/run.sh" <<'JOB'
P=$(cat /job/prefix)
S=$P/libexec/systemtap/stapio
D=/sys/kernel/debug/systemtap
R=$RESULTS
run() {   # run NAME MODULE [STAPIO ARGS]: one session, results in $R/NAME.*
	name=$1 mod=$2; shift 2
	insmod /job/$mod.ko
	$S "$@" -m $mod > $R/$name.out 2> $R/$name.err
	echo $? > $R/$name.status
	rmmod $mod; echo $? > $R/$name.rmmod
	[ -e $D/$mod ] && echo left > $R/$name.rmmod
}
insmod /job/fake.ko
ls -la $D/fake/ > $R/files.txt
C=$D/fake/.cmd
dd if=/job/reloc.bin of=$C bs=132 count=1 2>/dev/null; echo reloc=$? > $R/ctl.txt
dd if=/job/tz.bin of=$C bs=28 count=1 2>/dev/null; echo tz=$? >> $R/ctl.txt
dd if=/job/reloc_bad.bin of=$C bs=132 count=1 2>/dev/null; echo reloc_bad=$? >> $R/ctl.txt
printf '\001\000\000\000' > $C 2>/dev/null; echo short=$? >> $R/ctl.txt
printf '\011\000\000\000' > $C 2>/dev/null; echo unknown=$? >> $R/ctl.txt
printf '\004\000\000\000' > $C 2>/dev/null; echo wrong_way=$? >> $R/ctl.txt
exec 3<$C; cat $C 2>/dev/null; echo second_open=$? >> $R/ctl.txt; exec 3<&-
rmmod fake; echo rmmod=$? >> $R/ctl.txt
[ -e $D/fake ] && echo dir_left >> $R/ctl.txt
run normal fake
run div0 fakediv
run exitbegin fakeexit
run lang lang
run langt langt
insmod /job/fakeforever.ko
$S -m fakeforever > $R/killed.out 2> $R/killed.err & pid=$!
sleep 2; kill -9 $pid; wait $pid
rmmod fakeforever; echo $? > $R/killed.rmmod
run stress fakestress
run stress1 fakestress -s 1
run big fakebig
run big1 fakebig -s 1
if [ -x $P/bin/staprun ]; then
	PATH=$P/bin:$PATH   # the whole chain: staprun, stapio, module
	staprun /job/fake.ko > $R/sr_normal.out 2> $R/sr_normal.err; echo $? > $R/sr_normal.status
	staprun /job/fakediv.ko > $R/sr_div0.out 2> $R/sr_div0.err; echo $? > $R/sr_div0.status
	staprun /job/fakeforever.ko > $R/sr_int.out 2> $R/sr_int.err & pid=$!
	sleep 2; kill -INT $pid; wait $pid; echo $? > $R/sr_int.status
	staprun /job/fakeforever.ko > $R/sr_kill.out 2> $R/sr_kill.err & pid=$!
	sleep 2; kill -9 $(pidof stapio); wait $pid; echo $? > $R/sr_kill.status
	touch $R/sr_ran
fi
for f in $R/stress*.out $R/big*.out; do gzip $f; done
grep -c . /proc/modules > $R/modules.count
JOB

"$top/tests/vm/stap-vm" --kernel "$kernel" --sysroot "$sysroot" "$job" "$build/out" >/dev/null
out=$build/out

pass=0 fail=0
check() {   # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); echo "PASS: $d"
	else fail=$((fail + 1)); echo "FAIL: $d"; fi
}
has() { grep -qxF -- "$2" "$out/$1"; }
is() { [ "$(cat "$out/$1")" = "$2" ]; }
stream_ok() {   # every line whole and in order; gaps only if drops were reported
	gzip -dc "$out/$1.out.gz" | awk -v drops="$(grep -c 'transport failures' "$out/$1.err")" '
	/^L/ { n = substr($1, 2) + 0
	       if (length($0) != 199 || $0 !~ /^L[0-9]+( abcdefghi)+$/ || n <= prev) bad++
	       if (n != prev + 1) gaps++
	       prev = n; next }
	END { exit !(bad == 0 && (drops > 0 || (prev == 20000 && gaps == 0))) }'
}
hello='str:-42|00042|-0042|0xff|    BEEF|+7    |010|  -00012|0x0000000000001234|  A|abc     |18446744073709551615|-9223372036854775808|'

check "insmod creates .cmd 0600" grep -q -- '-rw------- .* \.cmd$' "$out/files.txt"
check "RELOCATION and TZINFO accepted" sh -c "grep -qx reloc=0 '$out/ctl.txt' && grep -qx tz=0 '$out/ctl.txt'"
check "unterminated RELOCATION refused" grep -qx reloc_bad=1 "$out/ctl.txt"
check "wrong-size, unknown, wrong-way messages refused" sh -c \
	"grep -qx short=1 '$out/ctl.txt' && grep -qx unknown=1 '$out/ctl.txt' && grep -qx wrong_way=1 '$out/ctl.txt'"
check "one opener at a time" grep -qx second_open=1 "$out/ctl.txt"
check "rmmod removes the directory" sh -c "grep -qx rmmod=0 '$out/ctl.txt' && ! grep -q dir_left '$out/ctl.txt'"
check "normal: status 0, clean rmmod" sh -c "[ \$(cat '$out/normal.status') = 0 ] && [ \$(cat '$out/normal.rmmod') = 0 ]"
check "normal: begin output and formats" sh -c "head -1 '$out/normal.out' | grep -qx hello && sed -n 2p '$out/normal.out' | grep -qxF -- '$hello'"
check "normal: timer ran 3 times, end output whole" sh -c \
	"has() { grep -qxF -- \"\$1\" '$out/normal.out'; }; has count=3 && has 'end done' && [ \$(wc -c < '$out/normal.out') = 19752 ]"
check "normal: nothing on stderr" sh -c "[ ! -s '$out/normal.err' ]"
check "div0: status 1" is div0.status 1
check "div0: error and warning" sh -c "[ \"\$(cat '$out/div0.err')\" = \"ERROR: division by 0 near operator '/' at fake.stp:3:23
WARNING: Number of errors: 1, skipped probes: 0\" ]"
check "div0: error probe instead of end" sh -c "has() { grep -qxF -- \"\$1\" '$out/div0.out'; }; has 'error probe' && ! has 'end done'"
check "exit() in begin: later begin runs, end runs, status 0" sh -c \
	"has() { grep -qxF -- \"\$1\" '$out/exitbegin.out'; }; has 'after exit' && has count=0 && [ \$(cat '$out/exitbegin.status') = 0 ]"
check "lang: arrays, statistics, histograms, strings, printf, locks: output exact" \
	cmp -s "$here/lang.expect" "$out/lang.out"
check "lang: soft errors and skipped probe reported exactly" cmp -s "$here/lang.experr" "$out/lang.err"
check "lang: status 1, clean rmmod" sh -c "[ \$(cat '$out/lang.status') = 1 ] && [ \$(cat '$out/lang.rmmod') = 0 ]"
check "lang, timer: array and histogram updated in hardirq under per-global locks" \
	cmp -s "$here/lang-timer.expect" "$out/langt.out"
check "lang, timer: same errors, status 1" sh -c \
	"cmp -s '$here/lang.experr' '$out/langt.err' && [ \$(cat '$out/langt.status') = 1 ]"
check "stapio killed: rmmod works" is killed.rmmod 0
check "stapio killed: logged" grep -q 'systemtap: fakeforever: removed while the session was running; sent EXIT(1)' "$out/dmesg"
check "stream: 20000 records in order" stream_ok stress
check "stream, 1 MB buffers: 20000 records in order" stream_ok stress1
check "8000-byte records: whole and in order" stream_ok big
check "8000-byte records, 1 MB buffers: whole, drops reported" stream_ok big1
check "end output survives a full buffer" sh -c "gzip -dc '$out/big1.out.gz' | grep -qx 'end done'"
if [ -e "$out/sr_ran" ]; then
	check "staprun: normal session, status 0" sh -c \
		"[ \$(cat '$out/sr_normal.status') = 0 ] && cmp -s '$out/sr_normal.out' '$out/normal.out' && [ ! -s '$out/sr_normal.err' ]"
	check "staprun: div0, status 1, same stderr" sh -c \
		"[ \$(cat '$out/sr_div0.status') = 1 ] && cmp -s '$out/sr_div0.err' '$out/div0.err'"
	check "staprun: SIGINT ends the session with end probes, status 0" sh -c \
		"[ \$(cat '$out/sr_int.status') = 0 ] && grep -q '^count=' '$out/sr_int.out' && grep -qx 'end done' '$out/sr_int.out'"
	# a second stapio (-R) takes the session over and ends it: end probes run,
	# so only the insmod/rmmod case above is a removal of a running session
	check "staprun: stapio killed, a second stapio ends the session" sh -c \
		"[ \$(grep -c 'systemtap: fakeforever: removed while the session was running; sent EXIT(1)' '$out/dmesg') = 1 ] && grep -qx 'end done' '$out/sr_kill.out'"
fi
check "no module left" is modules.count 0
check "kernel log clean" sh -c "! grep -E 'WARNING:|BUG|Oops|Call Trace|refcount|leak' '$out/dmesg'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
