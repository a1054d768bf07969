# policy/: the SELinux policy module for staprun and stapio, built with the
# refpolicy development Makefile when configure found it, installed where
# semodule looks for packaged modules.
EXTRA_DIST += policy/systemtap.te policy/systemtap.fc policy/systemtap.if \
	policy/tests/run.sh policy/tests/vm-enforcing.sh policy/tests/vm-enforcing.job \
	policy/tests/vm-enforcing.expect
if BUILD_SELINUX_POLICY
selinuxpolicydir = $(datadir)/selinux/packages
selinuxpolicy_DATA = policy/systemtap.pp
selinuxincludedir = $(datadir)/selinux/devel/include/contrib
selinuxinclude_DATA = policy/systemtap.if
CLEANFILES += policy/systemtap.pp
# The devel Makefile works in the directory of the sources: a copy in the
# build tree keeps the source tree clean.
policy/systemtap.pp: $(srcdir)/policy/systemtap.te $(srcdir)/policy/systemtap.fc \
		$(srcdir)/policy/systemtap.if
	$(AM_V_GEN)rm -rf policy/build && $(MKDIR_P) policy/build && \
	cp $(srcdir)/policy/systemtap.te $(srcdir)/policy/systemtap.fc \
		$(srcdir)/policy/systemtap.if policy/build/ && \
	$(MAKE) -s -C policy/build -f $(SELINUX_DEVEL_DIR)/Makefile systemtap.pp \
		> policy/build/log 2>&1 || { cat policy/build/log; exit 1; }; \
	mv policy/build/systemtap.pp $@ && rm -rf policy/build
endif
