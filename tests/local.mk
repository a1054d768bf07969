# stap-vm runs pass 5 in a disposable VM (--remote=vm, and the test rig);
# installed with the paths of this build filled in.
pkglibexec_SCRIPTS += stap-vm
CLEANFILES += stap-vm
EXTRA_DIST += tests/vm/stap-vm tests/lib.sh
stap-vm: $(srcdir)/tests/vm/stap-vm Makefile
	$(AM_V_GEN)sed -e 's|@bindir[@]|$(bindir)|g' -e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g' \
		$(srcdir)/tests/vm/stap-vm > $@ && chmod +x $@
# The program the VM cases run through -c (tests/vm/run-cases --workload):
# static, so the VM needs no C library for it.  Built by `make check`.
check_PROGRAMS += tests/vm/stap-workload
tests_vm_stap_workload_SOURCES = tests/vm/workload.c
tests_vm_stap_workload_LDFLAGS = -static
EXTRA_DIST += tests/tvbtf/run.sh tests/tvbtf/tvbtf_test.c
EXTRA_DIST += tests/vm/runas.c tests/vm/users.sh
