. /job/stap-users.sh
chmod 644 "$MOD"
for who in alice bob; do
	as $who staprun "$MOD" > /tmp/unpriv.out 2>&1
	echo "$who outside: status $?"
	sed "s|$MOD|MOD|" /tmp/unpriv.out
done
cp "$MOD" "$VETTED/"
as alice staprun "$VETTED/priv_unpriv.ko"
echo "alice vetted: status $?"
