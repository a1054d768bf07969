#!/bin/sh
# The package builds' check (debian/rules, systemtap.spec's %check): the
# freshly built translator takes every shipped example through pass 3
# (parse, elaborate against the tapsets of this tree, generate C).  Modules need kernel headers and a VM: that is
# scripts/test.sh and scripts/package-test.sh.
set -eu
stap=./translator/stap
[ -x "$stap" ] || stap=./_build/translator/stap
status=0
for script in examples/*.stp; do
	if "$stap" -p3 -I tapsets "$script" > /dev/null; then
		echo "build-check: $script: ok"
	else
		echo "build-check: $script: FAILED" >&2
		status=1
	fi
done
exit $status
