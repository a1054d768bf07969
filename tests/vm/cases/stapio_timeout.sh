start=$(date +%s)
staprun -T 2 $MOD
echo "rc=$?"
took=$(( $(date +%s) - start ))
[ "$took" -ge 2 ] && [ "$took" -lt 30 ] && echo "stopped after -T" || echo "took ${took}s"
staprun -T 0 $MOD
echo "rc=$?"
