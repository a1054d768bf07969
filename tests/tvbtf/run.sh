#!/bin/bash
# run.sh - the BTF backend of target variables (translator/tv_btf.c) against
# pahole, on every installed Debian kernel image (6.1 and 6.12 here).
#
#   tests/tvbtf/run.sh [STAP_PATH]     (the argument is ignored)
#
# For each kernel: pahole -F btf lists the members of common structs from
# the same BTF (the oracle); our backend resolves every top-level member of
# them by name, and offsets and sizes must agree.  Function prototypes are
# checked on a few well-known functions.  Ends with "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib.sh"
test_init tvbtf

structs="task_struct file dentry inode path qstr super_block mm_struct vm_area_struct
	sk_buff sock socket net_device sighash kiocb iov_iter cred linux_binprm
	signal_struct sighand_struct kernel_siginfo files_struct fdtable"
# the tool's cache stays in the work directory
export SYSTEMTAP_DIR=$work/home

if ! command -v pahole >/dev/null; then
	echo "pahole not installed (Debian: dwarves): skipped"
	echo "0 passed, 0 failed"
	exit 0
fi
check_program tvbtf_test tests/tvbtf/tvbtf_test || finish

for img in $(ls -v /boot/vmlinuz-6.* 2>/dev/null); do
	rel=${img#/boot/vmlinuz-}
	raw=$work/$rel.btf
	if ! "$tvbtf_test" dump "$rel" "$raw" 2>"$work/dump.err"; then
		fail "$rel: raw BTF from the image" "" "$work/dump.err"
		continue
	fi
	# pahole's top-level members: one tab of indent, "/* OFFSET SIZE */",
	# no bitfields ("OFF:BIT"), no nested braces
	: >"$work/$rel.want"
	for s in $structs; do
		pahole -F btf -C "$s" "$raw" 2>/dev/null | awk -v s="$s" '
			/^\t[^\t}]/ && /;[ \t]*\/\*[ \t]*[0-9]+[ \t]+[0-9]+[ \t]*\*\// && !/\{/ {
				line = $0
				sub(/[ \t]*\/\*.*/, "", line)
				sub(/;$/, "", line)
				n = split(line, w, /[ \t*]+/)
				name = w[n]
				sub(/\[.*/, "", name)
				if (line ~ /\(/) next      # function pointers
				c = $0
				sub(/.*\/\*[ \t]*/, "", c)
				split(c, o, /[ \t]+/)
				print s, name, o[1], o[2]
			}' >>"$work/$rel.want"
	done
	count=$(wc -l <"$work/$rel.want")
	if [ "$count" -lt 200 ]; then
		fail "$rel: pahole listed $count members (expected a few hundred)" "" "$work/$rel.want"
		continue
	fi
	"$tvbtf_test" members "$rel" <"$work/$rel.want" >"$work/$rel.got" 2>"$work/members.err"
	if cmp -s "$work/$rel.want" "$work/$rel.got"; then
		pass "$rel: $count members of $(echo $structs | wc -w) structs agree with pahole"
	else
		diff "$work/$rel.want" "$work/$rel.got" >"$work/diff" 2>&1
		fail "$rel: members differ from pahole" "" "$work/diff"
	fi
	# pahole's view of function pointers / arrays is not compared; a
	# member inside an anonymous union must still be found by name
	got=$(echo "task_struct __state" | "$tvbtf_test" members "$rel")
	case $got in
	"task_struct __state "[0-9]*" 4") pass "$rel: task_struct __state found" ;;
	*) fail "$rel: task_struct __state" "$got" ;;
	esac
	got=$("$tvbtf_test" proto "$rel" vfs_read 2>&1)
	want="file:struct file* buf:char* count:size_t pos:loff_t* -> ssize_t"
	if [ "$got" = "$want" ]; then
		pass "$rel: vfs_read prototype"
	else
		fail "$rel: vfs_read prototype" "got '$got', want '$want'"
	fi
	# a module's types (split BTF on the kernel's) against pahole on the
	# module, and one of its functions' prototype
	ko=$(grep -E '/ext4\.ko(\.[a-z]+)?:' "/lib/modules/$rel/modules.dep" | cut -d: -f1)
	case $ko in
	*.xz) xz -dc "/lib/modules/$rel/$ko" >"$work/ext4.ko" ;;
	*.zst) zstd -qdc "/lib/modules/$rel/$ko" >"$work/ext4.ko" ;;
	*) cp "/lib/modules/$rel/$ko" "$work/ext4.ko" ;;
	esac
	pahole -F btf --btf_base "$raw" -C ext4_sb_info "$work/ext4.ko" 2>/dev/null | awk '
		/^\t[^\t}]/ && /;[ \t]*\/\*[ \t]*[0-9]+[ \t]+[0-9]+[ \t]*\*\// && !/\{/ && !/\(/ {
			line = $0
			sub(/[ \t]*\/\*.*/, "", line)
			sub(/;$/, "", line)
			n = split(line, w, /[ \t*]+/)
			name = w[n]
			sub(/\[.*/, "", name)
			c = $0
			sub(/.*\/\*[ \t]*/, "", c)
			split(c, o, /[ \t]+/)
			print "ext4_sb_info", name, o[1], o[2]
		}' >"$work/$rel.ext4.want"
	count=$(wc -l <"$work/$rel.ext4.want")
	"$tvbtf_test" members "$rel" ext4 <"$work/$rel.ext4.want" >"$work/$rel.ext4.got" 2>&1
	if [ "$count" -ge 50 ] && cmp -s "$work/$rel.ext4.want" "$work/$rel.ext4.got"; then
		pass "$rel: $count members of ext4's ext4_sb_info agree with pahole"
	else
		diff "$work/$rel.ext4.want" "$work/$rel.ext4.got" >"$work/diff" 2>&1
		fail "$rel: ext4_sb_info members ($count from pahole)" "" "$work/diff"
	fi
	got=$("$tvbtf_test" proto "$rel" ext4:ext4_file_open 2>&1)
	want="inode:struct inode* filp:struct file* -> int"
	if [ "$got" = "$want" ]; then
		pass "$rel: ext4_file_open prototype from ext4's BTF"
	else
		fail "$rel: ext4_file_open prototype" "got '$got', want '$want'"
	fi
	if ls "$work/home/cache/btf-$rel-mod-ext4-"*.raw >/dev/null 2>&1; then
		pass "$rel: ext4's raw BTF cached"
	else
		fail "$rel: ext4's raw BTF cached" "no $work/home/cache/btf-$rel-mod-ext4-*.raw"
	fi
	# the second open reads the raw BTF from the cache
	if ls "$work/home/cache/btf-$rel-"*.raw >/dev/null 2>&1; then
		pass "$rel: raw BTF cached"
	else
		fail "$rel: raw BTF cached" "no $work/home/cache/btf-$rel-*.raw"
	fi
done
finish
