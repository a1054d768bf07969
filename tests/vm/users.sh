# users.sh: sourced by the VM cases that test the privilege split (as
# /job/stap-users.sh).  Makes the accounts and groups, installs staprun the
# way the packages do (setuid root, mode 04110, group stapusr), opens / and
# /tmp to everyone as on a real system, and defines
#   as USER CMD...   run CMD as alice (stapusr), bob (stapsys), carol
#                    (stapdev), dave (stapusr, a second user) or mallory (no
#                    group) through /job/stap-runas
#   VETTED           /lib/modules/$(uname -r)/systemtap, made root's
mkdir -p /etc
cat > /etc/passwd <<'P'
root:x:0:0:root:/:/bin/sh
alice:x:1001:1001:stapusr:/tmp:/bin/sh
bob:x:1002:1002:stapsys:/tmp:/bin/sh
carol:x:1003:1003:stapdev:/tmp:/bin/sh
dave:x:1004:1004:stapusr:/tmp:/bin/sh
mallory:x:1005:1005:nobody special:/tmp:/bin/sh
P
cat > /etc/group <<'G'
root:x:0:
stapusr:x:990:alice,bob,carol,dave
stapsys:x:991:bob
stapdev:x:992:carol
alice:x:1001:
bob:x:1002:
carol:x:1003:
dave:x:1004:
mallory:x:1005:
G
chmod 644 /etc/passwd /etc/group
chmod 755 /
chmod 1777 /tmp
STAPRUN=$(command -v staprun)
chown 0:990 "$STAPRUN"
chmod 04110 "$STAPRUN"
VETTED=/lib/modules/$(uname -r)/systemtap
mkdir -p "$VETTED"
chmod 755 /lib /lib/modules "/lib/modules/$(uname -r)" "$VETTED"
as() {
	local who=$1; shift
	case $who in
	alice) /job/stap-runas 1001 1001 990 "$@" ;;
	bob) /job/stap-runas 1002 1002 990,991 "$@" ;;
	carol) /job/stap-runas 1003 1003 990,992 "$@" ;;
	dave) /job/stap-runas 1004 1004 990 "$@" ;;
	mallory) /job/stap-runas 1005 1005 - "$@" ;;
	esac
}
