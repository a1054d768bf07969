# stap -b recorded bulk mode in the module: staprun runs stapio -b, one
# file per cpu of records, and refuses to run it without -o.
staprun $MOD > /dev/null 2> /tmp/nob.err
echo "without -o: status $?"
grep -o "built for bulk mode (stap -b): it needs -o FILE" /tmp/nob.err
staprun -o /tmp/bulk $MOD
echo "status $?"
ls /tmp/bulk_cpu* | wc -l | sed 's/^/files: /'
[ "$(ls /tmp/bulk_cpu* | wc -l)" = "$(grep -c ^processor /proc/cpuinfo)" ] && echo "one per cpu"
stap-merge /tmp/bulk_cpu* > /tmp/merged
echo "merge status $?"
head -1 /tmp/merged
grep -c '^tick ' /tmp/merged
# ticks of two cpus are numbered under a lock but sequenced when each probe
# ends, so only the set is fixed: every one of 1..400, once
grep '^tick ' /tmp/merged | sort -u -k2n | awk '{ if ($2 != ++n) bad = 1 } END { print bad ? "ticks missing" : "all ticks once" }' 
tail -1 /tmp/merged
