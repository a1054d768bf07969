# The session ends when the -c command exits.
staprun -c "sleep 1; echo command ran" $MOD
echo "rc=$?"
