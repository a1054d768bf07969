# stapio: unprivileged I/O between a module and the user.
pkglibexec_PROGRAMS += stapio/stapio
stapio_stapio_SOURCES = \
	stapio/stapio.c \
	stapio/session.c stapio/session.h \
	stapio/ctl.c stapio/ctl.h \
	stapio/msgcheck.c stapio/msgcheck.h \
	stapio/merge.c stapio/merge.h \
	stapio/relay.c stapio/relay.h \
	stapio/output.c stapio/output.h \
	stapio/children.c stapio/children.h \
	stapio/warn_once.c stapio/warn_once.h \
	stapio/monitor.c stapio/monitor.h \
	common/log.c common/log.h \
	common/daemon.c common/daemon.h \
	common/opt_table.c common/opt_table.h \
	common/rotation_arg.c common/rotation_arg.h \
	common/module_name.c common/module_name.h common/number_arg.c common/number_arg.h \
	common/monitor_mode.h
stapio_stapio_CFLAGS = $(AM_CFLAGS)
# stap-merge: the per-cpu files of a bulk-mode session back into one output.
bin_PROGRAMS += stapio/stap-merge
stapio_stap_merge_SOURCES = \
	stapio/stap_merge.c \
	stapio/merge.c stapio/merge.h \
	stapio/output.c stapio/output.h \
	common/log.c common/log.h \
	common/opt_table.c common/opt_table.h
stapio_stap_merge_CFLAGS = $(AM_CFLAGS)
EXTRA_DIST += stapio/tests/run.sh stapio/tests/unit_test.c stapio/tests/fake_module.c
