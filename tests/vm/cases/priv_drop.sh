# A stapusr member runs a vetted module through the setuid staprun: while
# the session runs, staprun is the caller with CAP_SYS_MODULE alone, stapio
# the caller with no capability at all, and the -c command the caller too;
# -o is written as the caller; LD_*, TMPDIR and a PATH of look-alikes
# change nothing.  Nothing stays loaded.
. /job/stap-users.sh
cp "$MOD" "$VETTED/priv_drop.ko"
chmod 644 "$VETTED/priv_drop.ko"
cd /tmp
# programs staprun might look up through PATH, each one recording who ran it
mkdir -p /tmp/evil
for p in stapio modprobe insmod kmod rmmod sh; do
	printf '#!/bin/sh\nid -u >> /tmp/evil/ran\n' > /tmp/evil/$p
	chmod 755 /tmp/evil/$p
done
as alice env LD_PRELOAD=/nonexistent.so LD_LIBRARY_PATH=/tmp TMPDIR=/evil \
	PATH=/tmp/evil:$PATH "$STAPRUN" -o /tmp/drop.out -c 'sleep 8; id -u; id -G; env | grep -c -e ^LD_ -e ^TMPDIR' \
	"$VETTED/priv_drop.ko" 2> /tmp/drop.err &
i=0
while [ -z "$(pidof stapio)" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
sleep 1
show() { grep -E '^(Uid|Gid|CapInh|CapPrm|CapEff|CapAmb):' "/proc/$1/status" | tr -s '\t ' ' '; }
for p in $(pidof staprun); do echo "staprun:"; show "$p"; done
for p in $(pidof stapio); do echo "stapio:"; show "$p"; done
wait
echo "status $?"
cat /tmp/drop.out /tmp/drop.err
stat -c 'output file owner %u' /tmp/drop.out
# -c's shell is /bin/sh by path; nothing in the caller's PATH ran as root
echo "from PATH: $(sort -u /tmp/evil/ran 2>/dev/null | tr '\n' ' ')"
grep -q '^priv_drop ' /proc/modules && echo "still loaded" || echo "module gone"
