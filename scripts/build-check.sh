#!/bin/sh
# The package builds' check (debian/rules, systemtap.spec's %check): the
# freshly built translator takes every shipped example through pass 3
# (parse, elaborate against the tapsets of this tree, generate C).  Modules need kernel headers and a VM: that is
# scripts/test.sh and scripts/package-test.sh.
set -eu
stap=./translator/stap
[ -x "$stap" ] || stap=./_build/translator/stap
# This tree's tapsets and runtime, never an installed copy.
SYSTEMTAP_TAPSET=$PWD/tapsets
SYSTEMTAP_RUNTIME=$PWD/runtime
export SYSTEMTAP_TAPSET SYSTEMTAP_RUNTIME
status=0
for script in examples/*.stp; do
	if "$stap" -p3 "$script" > /dev/null; then
		echo "build-check: $script: ok"
	else
		echo "build-check: $script: FAILED" >&2
		status=1
	fi
done
exit $status
