# The runtime is installed as source; stap compiles it into every module
# (every .c of runtime/ and runtime/transport/ becomes one object).
runtimedir = $(pkgdatadir)/runtime
runtime_DATA = runtime/stap_runtime.h runtime/stp_internal.h runtime/stp_probe_run.h runtime/compat.h \
	runtime/stap_map.h runtime/stap_stat.h runtime/stap_string.h runtime/stap_lock.h runtime/stap_regex.h \
	runtime/stap_embedded.h runtime/embedded.c \
	runtime/stap_target_vars.h runtime/target_vars.c runtime/tv_pretty.c runtime/tracepoints.c \
	runtime/module.c runtime/probe.c runtime/probe_timing.c runtime/monitor.c runtime/print.c runtime/session.c \
	runtime/timer.c runtime/kprobes.c runtime/families.c runtime/map.c runtime/stat.c runtime/hist.c runtime/strings.c \
	runtime/lock.c runtime/global_params.c runtime/regex.c \
	runtime/stap_tapset.h runtime/task_context.c runtime/task_memory.c runtime/clock.c runtime/deref.c \
	runtime/symbols.c runtime/errno_names.c runtime/system.c runtime/inet.c \
	runtime/kernel_log.c runtime/flag_names.c runtime/syscall_regs.c \
	runtime/kernel_write.c runtime/string_utf.c runtime/stap_float.h runtime/float64.c \
	runtime/syscall_tracepoints.c
# errno names from the kernel's headers: the uapi ones, and the internal
# ones of whichever kernel headers are installed (the numbers are ABI).
# Generated beside the sources, so runtime/tests builds the runtime from the
# source tree as it is.
nodist_runtime_DATA = $(srcdir)/runtime/errno_table.h
$(srcdir)/runtime/errno_table.h: $(srcdir)/runtime/gen-errno-table.sh
	$(AM_V_GEN)sh $(srcdir)/runtime/gen-errno-table.sh > $@.tmp && mv $@.tmp $@
BUILT_SOURCES += $(srcdir)/runtime/errno_table.h
MAINTAINERCLEANFILES = $(srcdir)/runtime/errno_table.h
runtimetransportdir = $(pkgdatadir)/runtime/transport
runtimetransport_DATA = runtime/transport/messages.h \
	runtime/transport/control.c runtime/transport/relay.c
EXTRA_DIST += $(runtime_DATA) $(runtimetransport_DATA) runtime/gen-errno-table.sh \
	runtime/tests/fake_script.c runtime/tests/build-fake.sh \
	runtime/tests/vm-test.sh runtime/tests/lang_script.c \
	runtime/tests/lang.expect runtime/tests/lang.experr \
	runtime/tests/lang-timer.expect
