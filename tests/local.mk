# stap-vm runs pass 5 in a disposable VM (--remote=vm, and the test rig);
# installed with the paths of this build filled in.
pkglibexec_SCRIPTS += stap-vm
CLEANFILES += stap-vm
EXTRA_DIST += tests/vm/stap-vm tests/lib.sh
stap-vm: $(srcdir)/tests/vm/stap-vm Makefile
	$(AM_V_GEN)sed -e 's|@bindir[@]|$(bindir)|g' -e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g' \
		$(srcdir)/tests/vm/stap-vm > $@ && chmod +x $@
EXTRA_DIST += tests/vm/workload.c tests/vm/runas.c tests/vm/users.sh
