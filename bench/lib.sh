# lib.sh - what the bench scripts share (sourced, not run).

# bench_kernel: the newest installed kernel with both an image and headers.
bench_kernel() {
	local f r rel=
	for f in $(ls -v /boot/vmlinuz-* 2>/dev/null); do
		r=${f#/boot/vmlinuz-}
		[ -f "/lib/modules/$r/build/Makefile" ] && rel=$r
	done
	echo "$rel"
}

# bench_workdir: a temporary directory in $work, removed at exit unless KEEP is set.
bench_workdir() {
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	[ -n "${KEEP:-}" ] && trap - EXIT
	return 0
}

# bench_stap48 REL [DIR]: sets stap48 to Debian's SystemTap 4.8
# (/usr/bin/stap, package systemtap) when installed, else empty, and
# stap48_flags to what it needs for kernel REL: on kernels that renamed
# task_work_cancel to task_work_cancel_func (6.1 stable updates did) its
# runtime is patched in a copy, DIR/runtime48 (default $work: bench_workdir
# first; a DIR kept between runs lets 4.8's module cache hit).
bench_stap48() {
	local dir=${2:-$work}
	stap48= stap48_flags=()
	[ -x /usr/bin/stap ] && /usr/bin/stap -V 2>&1 | grep -q 'version 4\.8' || return 0
	stap48=/usr/bin/stap
	if grep -qw task_work_cancel_func "/lib/modules/$1/source/include/linux/task_work.h" \
		"/lib/modules/$1/build/include/linux/task_work.h" 2>/dev/null; then
		if [ ! -d "$dir/runtime48" ]; then
			mkdir -p "$dir"
			cp -r /usr/share/systemtap/runtime "$dir/runtime48.new"
			grep -rlw task_work_cancel "$dir/runtime48.new" |
				xargs -r sed -i 's/\btask_work_cancel\b/task_work_cancel_func/g'
			mv "$dir/runtime48.new" "$dir/runtime48"
		fi
		stap48_flags=(-R "$dir/runtime48")
	fi
}
