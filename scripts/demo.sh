#!/bin/sh
# demo.sh: install what is needed, build, and run an example script end to
# end: stap translates and builds it here, and runs it in a disposable VM
# booted from Debian's kernel (this host cannot load modules).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh" test
exec "$top/_install/bin/stap" --remote=vm -e 'global n
probe begin { printf("hello %s %d\n", "world", 6*7) }
probe timer.ms(200) { n++; if (n == 3) exit() }
probe end { printf("ticks=%d\n", n) }'
