# -L/-A/-R/-D for a stapusr member with a vetted module: she leaves it
# running, another stapusr member may not join it, she may; two renamed
# copies; the background session.  After the drop everything is hers.
. /job/stap-users.sh
M=priv_detach
cp "$MOD" "$VETTED/$M.ko"
chmod 644 "$VETTED/$M.ko"
as alice staprun -L "$VETTED/$M.ko" > /tmp/l.out 2> /dev/null
echo "alice -L: status $?"
cat /tmp/l.out
as dave staprun -A $M > /dev/null 2> /tmp/d.err
echo "dave -A: status $?"
sed -n 1p /tmp/d.err
as alice staprun -A $M > /tmp/a.out 2>&1 &
pid=$!
# the signal goes to alice's staprun, which passes it on to stapio
for i in $(seq 1 100); do pidof stapio > /dev/null && break; sleep 0.1; done
sleep 0.5
kill -INT $(pidof staprun)
wait $pid
echo "alice -A: status $?"
cat /tmp/a.out
grep -q "^$M " /proc/modules && echo "still loaded" || echo "module gone"
as alice staprun -R -L "$VETTED/$M.ko" > /dev/null 2>&1
as alice staprun -R -L "$VETTED/$M.ko" > /dev/null 2>&1
echo "alice's copies: $(grep -c "^${M}_[0-9]* " /proc/modules)"
for n in $(grep -o "^${M}_[0-9]*" /proc/modules); do as alice staprun -d $n; done
echo "copies left: $(grep -c "^${M}_[0-9]* " /proc/modules)"
