staprun $MOD > /tmp/big.out
echo "rc=$?"
wc -l < /tmp/big.out
wc -c < /tmp/big.out
awk '$1 != NR - 1 { bad++ } END { print "out of order: " bad + 0 }' /tmp/big.out
