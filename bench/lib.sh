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
