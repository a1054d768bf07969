# A stapusr member runs a vetted module built with stap --monitor under the
# setuid staprun: stapio (hers, no capability) reads .monitor and sends it
# p; the file is 0600 and hers; another stapusr member cannot read it.
. /job/stap-users.sh
M=priv_monitor
cp "$MOD" "$VETTED/$M.ko"
chmod 644 "$VETTED/$M.ko"
{ sleep 2; printf p; sleep 3; } | as alice staprun -M 1 -T 4 "$VETTED/$M.ko" > /tmp/pm.out 2> /tmp/pm.err &
pid=$!
f=/sys/kernel/debug/systemtap/$M/.monitor
for i in $(seq 1 100); do pidof stapio > /dev/null && break; sleep 0.1; done
sleep 1
stat -c '.monitor: %a %U' "$f"
as dave cat "$f" > /dev/null 2>&1 && echo "dave read alice's status" || echo "dave may not read it"
wait $pid
echo "alice: status $?"
grep -q '^module priv_monitor on .*, probes running; every 1 s$' /tmp/pm.out && echo "a running snapshot"
awk '$NF == "timer.ms(100)" && $1 > 0 { ok = 1 } END { print ok ? "timer hits > 0" : "no timer hits" }' /tmp/pm.out
grep -q 'probes paused' /tmp/pm.out && echo "p paused the probes"
grep -x 'end ticks counted: yes' /tmp/pm.out
cat /tmp/pm.err
grep -q "^$M " /proc/modules && echo "still loaded" || echo "module gone"
