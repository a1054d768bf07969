# Every way around the privilege split the issue lists, tried by real users
# against the setuid staprun (users.sh), each refused with its reason; the
# allowed uses beside them work.  Paths and names are shortened to keep the
# expected output stable.
. /job/stap-users.sh
M=priv_refusals
cp "$MOD" "$VETTED/$M.ko"
chmod 644 "$VETTED/$M.ko" "$MOD"
# try WHO ARGS...: status and the first error line (paths shortened)
try() {
	local who=$1; shift
	as "$who" "$@" > /tmp/try.out 2> /tmp/try.err
	echo "$who $(echo "$*" | sed "s|$VETTED|VETTED|g; s|$STAPRUN|staprun|g"): status $?"
	sed -n "1p" /tmp/try.err | sed "s|$VETTED|VETTED|g; s|offset [0-9]*|offset N|"
	cat /tmp/try.out
}
# not in stapusr: the mode keeps mallory out; a copy open to all still refuses
try mallory staprun "$VETTED/$M.ko"
cp "$STAPRUN" /tmp/staprun-any && chmod 04755 /tmp/staprun-any
try mallory /tmp/staprun-any "$VETTED/$M.ko"
rm /tmp/staprun-any
# a module outside the vetted directory (built without --privilege: stapdev)
try alice staprun "$MOD"
try bob staprun "$MOD"
# module options are stapdev's
try alice staprun "$VETTED/$M.ko" x=1
# through a symbolic link, with '..', not a module, truncated
ln -s "$M.ko" "$VETTED/link.ko"
try alice staprun "$VETTED/link.ko"
try alice staprun "$VETTED/../systemtap/$M.ko"
cp /job/stap-runas "$VETTED/notmod.ko"
try alice staprun "$VETTED/notmod.ko"
head -c 3000 "$MOD" > "$VETTED/trunc.ko"
try alice staprun "$VETTED/trunc.ko"
rm "$VETTED/link.ko" "$VETTED/notmod.ko" "$VETTED/trunc.ko"
# the vetted directory opened to others, the module writable by its group
chmod o+w "$VETTED"
try alice staprun "$VETTED/$M.ko"
chmod o-w "$VETTED"
chmod g+w "$VETTED/$M.ko"
try alice staprun "$VETTED/$M.ko"
chmod g-w "$VETTED/$M.ko"
# allowed: alice the vetted module, carol (stapdev) the unvetted one
try alice staprun "$VETTED/$M.ko"
try carol staprun "$MOD"
# a name colliding with a loaded module: carol's session holds it (hold=1,
# a module option, is hers to set), alice tries the vetted copy
as carol staprun -c 'sleep 15' "$MOD" hold=1 > /tmp/held.out 2>&1 &
i=0
while [ -z "$(pidof stapio)" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
sleep 1
try alice staprun "$VETTED/$M.ko"
# only its loader or stapdev removes it: not alice or dave; mallory may not run staprun -d
try alice staprun -d $M
try dave staprun -d $M
cp "$STAPRUN" /tmp/staprun-any && chmod 04755 /tmp/staprun-any
try mallory /tmp/staprun-any -d $M
rm /tmp/staprun-any
wait
echo "carol's session: $(cat /tmp/held.out)"
# closed fds 0-2: reopened on /dev/null, the session still runs (-o as alice)
as alice sh -c "exec staprun -o /tmp/closed.out $VETTED/$M.ko <&- >&- 2>&-"
echo "closed fds: status $?"
cat /tmp/closed.out
grep -q "^$M " /proc/modules && echo "still loaded" || echo "module gone"
