staprun -o /tmp/output_file.txt $MOD
echo "rc=$?"
cat /tmp/output_file.txt
