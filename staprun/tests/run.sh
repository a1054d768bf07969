#!/bin/bash
# staprun host tests: module vetting (vet_test.c against prepared files) and
# the staprun binary's refusals, none of which load anything.
#   run.sh [STAP]      (the argument, the path of stap, is not used)
# Prints PASS:/FAIL: lines and "N passed, N failed"; exits 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
top=$(cd "$src/.." && pwd)
. "$top/tests/lib.sh"
test_init staprun
chmod 755 "$work"

cat > "$work/config.h" <<'H'
#define _GNU_SOURCE 1
#define PKGLIBEXECDIR "/nonexistent/libexec"
#define PACKAGE_VERSION "test"
H
san="-fsanitize=address,undefined -fno-omit-frame-pointer"
echo 'int main(void){return 0;}' > "$work/probe.c"
gcc $san -o "$work/probe" "$work/probe.c" 2>/dev/null && "$work/probe" || san=
libs=$(pkg-config --libs libkmod libelf libcap-ng 2>/dev/null) || libs="-lkmod -lelf -lcap-ng"
cflags="-std=gnu11 -Wall -Wextra -Werror -g $san -I$work -I$top -I$top/runtime/transport -I$src"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

build() { # NAME SOURCES...
	local name=$1; shift
	if gcc $cflags -o "$work/$name" "$@" $libs > "$work/$name.build" 2>&1; then
		pass "build $name${san:+ (ASan/UBSan)}"
	else
		fail "build $name" "" "$work/$name.build"; finish
	fi
}
build vet_test "$here/vet_test.c" "$src/vet.c" "$src/vetted_dir.c" "$src/modopts.c" \
	"$top/common/modopt_syntax.c" "$top/common/module_name.c"
build privilege_test "$here/privilege_test.c" "$src/privilege.c" "$src/vetted_dir.c" \
	"$top/common/privilege_level.c"
build selinux_test "$here/selinux_test.c" "$src/selinux_label.c"
build staprun "$src"/staprun.c "$top"/common/log.c "$src"/vet.c "$src"/modload.c \
	"$src"/control_setup.c "$src"/spawn.c "$src"/modopts.c "$top"/common/modopt_syntax.c \
	"$src"/env.c "$src"/privilege.c "$src"/vetted_dir.c "$src"/drop.c \
	"$top"/common/privilege_level.c "$src"/rename.c "$top"/common/daemon.c \
	"$top"/common/opt_table.c "$top"/common/rotation_arg.c "$src"/selinux_label.c \
	"$top"/common/module_name.c "$top"/common/number_arg.c

"$work/selinux_test" > "$work/selinux.out" 2>&1
cat "$work/selinux.out"
passed=$((passed + $(grep -c '^PASS:' "$work/selinux.out")))
failed=$((failed + $(grep -c '^FAIL:' "$work/selinux.out")))

# Files to vet.
f=$work/files
mkdir -p "$f/adir.ko" "$f/sub"
mkfifo "$f/fifo.ko"
echo "not a module" > "$f/text.ko"
: > "$f/empty.ko"
cp /bin/true "$f/exec.ko"
echo 'int x = 1;' > "$work/plain.c"
gcc -c -o "$f/plain_obj.ko" "$work/plain.c"
# struct module's head: state, list, then the name the kernel uses
cat > "$work/mod.c" <<'C'
struct head { int state; void *list[2]; char name[64 - sizeof(unsigned long)]; char rest[512]; };
__attribute__((section(".gnu.linkonce.this_module"))) struct head this_module = { .name = NAME };
#ifdef MODINFO
__attribute__((section(".modinfo"))) const char modinfo_name[] = MODINFO;
#endif
C
gcc -c -DNAME='"good_mod"' -o "$f/good_mod.ko" "$work/mod.c"
gcc -c -DNAME='"good_mod"' -DMODINFO='"name=good_mod"' -o "$f/agreeing_modinfo.ko" "$work/mod.c"
gcc -c -DNAME='"priv_mod"' -DMODINFO='"name=priv_mod\0stap_privilege=stapusr"' -o "$f/priv_usr.ko" "$work/mod.c"
gcc -c -DNAME='"priv_mod"' -DMODINFO='"stap_privilege=stapusr\0stap_privilege=stapdev"' -o "$f/priv_twice.ko" "$work/mod.c"
gcc -c -DNAME='"inner_mod"' -DMODINFO='"name=ext4"' -o "$f/lying_modinfo.ko" "$work/mod.c"
gcc -c -DNAME='"bad-inner"' -o "$f/bad_inner.ko" "$work/mod.c"
cp "$f/good_mod.ko" "$f/good_mod"
cp "$f/good_mod.ko" "$f/bad-name.ko"
cp "$f/good_mod.ko" "$f/renamed.ko"
ln -s good_mod.ko "$f/symlink.ko"
head -c 100 "$f/good_mod.ko" > "$f/truncated.ko"
truncate -s 8G "$f/huge.ko"
# patch_le FILE OFFSET BYTES: overwrite little-endian bytes in place
patch_le() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
shoff=$(od -An -tu8 -j40 -N8 "$f/good_mod.ko" | tr -d ' ')
cp "$f/good_mod.ko" "$f/bad_shentsize.ko"
patch_le "$f/bad_shentsize.ko" 58 '\x50\x00'
cp "$f/good_mod.ko" "$f/section_past_end.ko"
patch_le "$f/section_past_end.ko" $((shoff + 64 + 32)) '\x00\x00\x00\x7f\x00\x00\x00\x00'
chmod 644 "$f"/*.ko 2>/dev/null

"$work/vet_test" "$f" > "$work/vet.out" 2> "$work/vet.err"
vet_rc=$?
cat "$work/vet.out"
passed=$((passed + $(grep -c '^PASS:' "$work/vet.out")))
failed=$((failed + $(grep -c '^FAIL:' "$work/vet.out")))
[ $vet_rc -ne 0 ] && ! grep -q '^FAIL:' "$work/vet.out" && fail "vet_test exited $vet_rc" "" "$work/vet.err"
grep -q 'Sanitizer\|runtime error' "$work/vet.err" && fail "vet_test sanitizer report" "" "$work/vet.err"

# A vetted tree for privilege_test, where every directory from / down is
# root's and closed to others (the test directory of a root run is; the
# positive checks need that).
if [ "$(id -u)" -eq 0 ]; then
	vroot=$(mktemp -d "$top/_build/vetted.XXXXXX" 2>/dev/null || mktemp -d "$work/vetted.XXXXXX")
	chmod 755 "$vroot"
	vdir=$vroot/lib/modules/$(uname -r)/systemtap
	mkdir -p "$vdir/sub" "$vdir/open" "$vdir/userdir" "$vroot/outside"
	for d in "$vdir/sub" "$vdir/open" "$vdir/userdir" "$vroot/outside" "$vdir"; do
		cp "$f/good_mod.ko" "$d/good.ko"
	done
	cp "$f/good_mod.ko" "$vdir/groupw.ko"
	cp "$f/good_mod.ko" "$vdir/notroot.ko"
	chmod 664 "$vdir/groupw.ko"
	chown 65534 "$vdir/notroot.ko" "$vdir/userdir"
	chmod 777 "$vdir/open"
	ln -s "$vdir" "$vroot/link"
	"$work/privilege_test" "$vroot" > "$work/priv.out" 2> "$work/priv.err"
	priv_rc=$?
	cat "$work/priv.out"
	passed=$((passed + $(grep -c '^PASS:' "$work/priv.out")))
	failed=$((failed + $(grep -c '^FAIL:' "$work/priv.out")))
	[ $priv_rc -ne 0 ] && ! grep -q '^FAIL:' "$work/priv.out" &&
		fail "privilege_test exited $priv_rc" "" "$work/priv.err"
	rm -rf "$vroot"
else
	echo "SKIP: privilege_test (needs root to make root-owned files)"
fi

# refuse NAME WANT-STATUS WANT-STDERR-PIECE ARGS...: runs staprun, checks both.
refuse() {
	local name=$1 want_rc=$2 want=$3; shift 3
	"$@" > "$work/r.out" 2> "$work/r.err"
	local rc=$?
	if [ $rc -eq "$want_rc" ] && { [ -z "$want" ] || grep -qF -- "$want" "$work/r.err"; } &&
	   ! grep -q 'Sanitizer\|runtime error' "$work/r.err"; then
		pass "staprun: $name"
	else
		echo "(status $rc)" >> "$work/r.err"
		fail "staprun: $name" "" "$work/r.err"
	fi
}
S=$work/staprun
refuse "no arguments: usage" 1 "usage: staprun" "$S"
refuse "-h: usage on stdout, status 0" 0 "" "$S" -h
refuse "-s 0 refused" 1 "-s wants a buffer size" "$S" -s 0 "$f/good_mod.ko"
refuse "-s 4096 refused" 1 "-s wants a buffer size" "$S" -s 4096 "$f/good_mod.ko"
refuse "-T 0 refused" 1 "-T wants seconds" "$S" -T 0 "$f/good_mod.ko"
refuse "-T junk refused" 1 "-T wants seconds" "$S" -T 1x "$f/good_mod.ko"
refuse "-x junk refused" 1 "-x wants a process id" "$S" -x 12ab "$f/good_mod.ko"
refuse "option that is not NAME=VALUE" 1 "'junk' is not NAME=VALUE" "$S" "$f/good_mod.ko" junk
refuse "option with a bad name" 1 "'1x=2' is not NAME=VALUE" "$S" "$f/good_mod.ko" 1x=2
refuse "option value with a quote" 1 "quotes and control characters" "$S" "$f/good_mod.ko" 'x=a"b'
refuse "option value with a newline" 1 "quotes and control characters" "$S" "$f/good_mod.ko" "x=a
b"
# 300 options of 64 bytes each: past staprun's 16 KiB of module options
value=$(printf '%054d' 0)
refuse "options too long" 1 "module options too long" "$S" "$f/good_mod.ko" \
	$(for i in $(seq 1 300); do printf 'name_%03d=%s ' "$i" "$value"; done)
refuse "-c with -x refused" 1 "-c and -x cannot be used together" "$S" -c true -x 1 "$f/good_mod.ko"
refuse "-V: version on stdout" 0 "" "$S" -V
grep -q "staprun (systemtap)" "$work/r.out" && pass "staprun: -V names the program" || fail "staprun: -V names the program" "" "$work/r.out"
refuse "-F refused with the reason" 1 "takes no descriptor from its caller" "$S" -F 3 "$f/good_mod.ko"
refuse "-M 0 refused" 1 "-M wants seconds from 1 to 3600" "$S" -M 0 "$f/good_mod.ko"
refuse "-M junk refused" 1 "-M wants seconds from 1 to 3600" "$S" -M 1s "$f/good_mod.ko"
refuse "-M past an hour refused" 1 "-M wants seconds from 1 to 3600" "$S" -M 3601 "$f/good_mod.ko"
refuse "-M with -L refused" 1 "-M shows a live session: not with -L or -D" "$S" -M 1 -L "$f/good_mod.ko"
refuse "-M with -D refused" 1 "-M shows a live session: not with -L or -D" "$S" -M 1 -D -o x "$f/good_mod.ko"
refuse "-N refused with the reason" 1 "target namespaces" "$S" -N 1 "$f/good_mod.ko"
refuse "-r refused with the reason" 1 "remote_id()" "$S" -r 1:x "$f/good_mod.ko"
refuse "-i refused with the reason" 1 "cannot read stdin" "$S" -i "$f/good_mod.ko"
refuse "-C sometimes refused" 1 "-C wants always, never or auto" "$S" -C sometimes "$f/good_mod.ko"
refuse "-S junk refused" 1 "-S wants SIZE[,N]" "$S" -S 0 -o x "$f/good_mod.ko"
refuse "-S without -o refused" 1 "-S needs -o FILE" "$S" -S 1 "$f/good_mod.ko"
refuse "-D without -o refused" 1 "-D needs -o FILE" "$S" -D "$f/good_mod.ko"
refuse "-D with -c refused" 1 "-D and -c cannot be used together" "$S" -D -o x -c true "$f/good_mod.ko"
refuse "-L with -A refused" 1 "-L and -A cannot be used together" "$S" -L -A good_mod
refuse "-L with -c refused" 1 "-L leaves the session running" "$S" -L -c true "$f/good_mod.ko"
refuse "-A with -x refused" 1 "-A joins a running session" "$S" -A -x 1 good_mod
refuse "-b 0 refused (the buffer size, as upstream)" 1 "-b wants a buffer size" "$S" -b 0 "$f/good_mod.ko"
refuse "-t junk refused (the same as -x)" 1 "-t wants a process id" "$S" -t x "$f/good_mod.ko"
refuse "an unknown option: usage" 1 "usage: staprun" "$S" -Z "$f/good_mod.ko"
if [ "$(id -u)" -eq 0 ]; then
	refuse "missing file" 1 "refusing module $f/missing.ko: No such file or directory" "$S" "$f/missing.ko"
	refuse "directory" 1 "it is a directory" "$S" "$f/adir.ko"
	refuse "name without .ko" 1 "does not end in .ko" "$S" "$f/good_mod"
	refuse "bad characters in the name" 1 "letters, digits and '_'" "$S" "$f/bad-name.ko"
	refuse "non-ELF file" 1 "it is not an ELF file" "$S" "$f/text.ko"
	refuse "-M with a module not built with stap --monitor" 1 \
		"was not built for monitor mode: -M needs a module built with stap --monitor" \
		"$S" -M 1 "$f/good_mod.ko"
	refuse "ELF executable" 1 "not an ELF relocatable" "$S" "$f/exec.ko"
	refuse "object that is not a module" 1 "no .gnu.linkonce.this_module" "$S" "$f/plain_obj.ko"
	refuse "symbolic link" 1 "it is a symbolic link" "$S" "$f/symlink.ko"
	refuse "-A of a module that is not loaded" 1 "refusing to attach to module not_loaded_mod: no systemtap module" \
		"$S" -A not_loaded_mod
	# -R: the copy staprun inserts carries the new name (this kernel refuses
	# the insertion; strace shows the bytes went in through a memfd).
	if command -v strace > /dev/null; then
		strace -f -e trace=memfd_create,finit_module -o "$work/st_rename.log" \
			"$S" -R "$f/good_mod.ko" > /dev/null 2> "$work/rename.err"
		mfd=$(sed -n 's/.*memfd_create("staprun-renamed".*) = \([0-9]*\)$/\1/p' "$work/st_rename.log" | head -1)
		if [ -n "$mfd" ] && grep -q "finit_module($mfd, " "$work/st_rename.log"; then
			pass "staprun -R: a renamed copy is inserted from a memfd"
		else
			fail "staprun -R: a renamed copy is inserted from a memfd" "" "$work/st_rename.log"
		fi
	fi
	# -d and -A act on a module by name: the caller must not be able to
	# pause staprun between the check of who loaded it and the removal or
	# attach (another user's module could take its name meanwhile), so
	# staprun is wholly root, with job-control stops ignored, before it
	# looks at the module.
	if command -v strace > /dev/null; then
		for op in -d -A; do
			strace -f -e trace=setresuid,rt_sigaction,newfstatat,lstat,statx \
				-o "$work/st_hold.log" "$S" $op not_loaded_mod > /dev/null 2>&1
			order=$(grep -n -e 'setresuid(0, 0, 0)' -e 'rt_sigaction(SIGTSTP, {sa_handler=SIG_IGN' \
				-e 'systemtap/not_loaded_mod"' "$work/st_hold.log" | cut -d: -f1 | tr '\n' ' ')
			set -- $order
			if [ $# -eq 3 ] && [ "$1" -lt "$2" ] && [ "$2" -lt "$3" ]; then
				pass "staprun $op: root and unpausable before the module is checked"
			else
				fail "staprun $op: root and unpausable before the module is checked" \
					"lines '$order'" "$work/st_hold.log"
			fi
		done
	fi
	refuse "8 GB file" 1 "larger than a module may be" "$S" "$f/huge.ko"
	refuse ".modinfo name differs from struct module" 1 "name=ext4 but the kernel would name it inner_mod" \
		"$S" "$f/lying_modinfo.ko"
	# The module is opened once and inserted from that descriptor: a file
	# swapped after vetting cannot be the one that loads.  This kernel
	# refuses every insertion, but strace shows which file the call was for.
	if command -v strace > /dev/null; then
		strace -f -e trace=open,openat,openat2,finit_module,init_module -o "$work/st.log" \
			"$S" "$f/good_mod.ko" > /dev/null 2>&1
		opens=$(grep -c "\"$f/good_mod.ko\"" "$work/st.log")
		fd=$(grep "\"$f/good_mod.ko\"" "$work/st.log" | sed -n 's/.*) = \([0-9]*\)$/\1/p' | head -1)
		if [ "$opens" = 1 ] && [ -n "$fd" ] && grep -q "finit_module($fd, " "$work/st.log" &&
		   ! grep -q "[^f]init_module(" "$work/st.log"; then
			pass "staprun: one open of the module, inserted from that descriptor"
		else
			fail "staprun: one open of the module, inserted from that descriptor" \
				"$opens opens, fd '$fd'" "$work/st.log"
		fi
	else
		echo "SKIP: the vet-then-load descriptor check (no strace)"
	fi
	if command -v setpriv > /dev/null; then
		refuse "not installed setuid" 1 "staprun must run as root or be installed setuid root" \
			setpriv --reuid=65534 --regid=65534 --clear-groups "$S" "$f/good_mod.ko"
	else
		echo "SKIP: non-root caller (no setpriv)"
	fi
else
	refuse "not installed setuid" 1 "staprun must run as root or be installed setuid root" "$S" "$f/good_mod.ko"
fi
# With fds 0-2 closed, staprun reopens them on /dev/null and still refuses cleanly.
refuse "runs with fds 0-2 closed" 1 "" \
	bash -c "exec \"$S\" \"$f/missing.ko\" <&- >&- 2>&-"

finish
