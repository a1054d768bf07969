# staprun: the privileged loader.
bin_PROGRAMS += staprun/staprun
staprun_staprun_SOURCES = \
	staprun/staprun.c \
	common/log.c common/log.h \
	common/modopt_syntax.c common/modopt_syntax.h \
	staprun/vet.c staprun/vet.h \
	staprun/modload.c staprun/modload.h \
	staprun/modopts.c staprun/modopts.h \
	staprun/control_setup.c staprun/control_setup.h \
	staprun/spawn.c staprun/spawn.h \
	staprun/env.c staprun/env.h \
	staprun/privilege.c staprun/privilege.h \
	common/privilege_level.c common/privilege_level.h \
	staprun/vetted_dir.c staprun/vetted_dir.h \
	staprun/drop.c staprun/drop.h \
	staprun/rename.c staprun/rename.h \
	staprun/selinux_label.c staprun/selinux_label.h \
	common/daemon.c common/daemon.h \
	common/opt_table.c common/opt_table.h \
	common/rotation_arg.c common/rotation_arg.h \
	common/module_name.c common/module_name.h common/number_arg.c common/number_arg.h \
	common/monitor_mode.h
staprun_staprun_CFLAGS = $(AM_CFLAGS) $(LIBKMOD_CFLAGS) $(LIBCAPNG_CFLAGS) $(LIBDW_CFLAGS) \
	$(LIBSELINUX_CFLAGS)
staprun_staprun_LDADD = $(LIBKMOD_LIBS) $(LIBCAPNG_LIBS) $(LIBDW_LIBS) $(LIBSELINUX_LIBS)
EXTRA_DIST += staprun/tests/run.sh staprun/tests/vet_test.c staprun/tests/privilege_test.c \
	staprun/tests/selinux_test.c
