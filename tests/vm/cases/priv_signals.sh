# The caller may signal both processes of a setuid session (they run as the
# caller), but no signal leaves the module loaded: SIGINT ends it cleanly,
# SIGKILL to staprun makes stapio end it and remove the module (staprun -d
# as its loader), SIGKILL to stapio makes staprun remove it.
. /job/stap-users.sh
M=priv_signals
cp "$MOD" "$VETTED/$M.ko"
chmod 644 "$VETTED/$M.ko"
started() {
	i=0
	while [ -z "$(pidof stapio)" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 1
}
gone() {
	i=0
	while grep -q "^$M " /proc/modules && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	if grep -q "^$M " /proc/modules; then
		echo "$1: still loaded"
		rmmod $M
	else
		echo "$1: module gone"
	fi
}
for how in "INT staprun" "KILL staprun" "KILL stapio"; do
	set -- $how
	as alice staprun "$VETTED/$M.ko" > /tmp/sig.out 2> /tmp/sig.err &
	started
	as alice kill -$1 $(pidof $2) && echo "alice sent SIG$1 to $2"
	wait
	gone "SIG$1 to $2"
	cat /tmp/sig.out
	sed -n '1p' /tmp/sig.err
done
