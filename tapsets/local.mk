tapsetdir = $(pkgdatadir)/tapset
tapset_DATA = tapsets/context.stp tapsets/timestamp.stp tapsets/ctime.stp \
	tapsets/stopwatch.stp tapsets/conversions.stp tapsets/uconversions.stp \
	tapsets/errno-names.stp tapsets/logging.stp tapsets/system.stp \
	tapsets/indent.stp tapsets/ansi.stp tapsets/dev.stp tapsets/inet.stp \
	tapsets/context-symbols.stp tapsets/context-unwind.stp tapsets/syscall-args.stp \
	tapsets/syscalls.stp tapsets/conversions-utf.stp tapsets/kernel-write.stp \
	tapsets/atomic.stp tapsets/floatingpoint.stp tapsets/session-points.stp tapsets/argv.stp tapsets/try_assign.stpm \
	tapsets/vfs.stp tapsets/scheduler.stp tapsets/signal.stp \
	tapsets/kprocess.stp tapsets/process-points.stp tapsets/process-existing.stp tapsets/target_set.stp tapsets/dentry.stp \
	tapsets/ioblock.stp tapsets/memory.stp tapsets/irq.stp tapsets/networking.stp tapsets/task.stp \
	tapsets/snmp-mib.stp tapsets/ipmib.stp tapsets/linuxmib.stp
# probe context, arguments and return values of kernel function probes
tapset_DATA += tapsets/context-probe.stp tapsets/errno-return.stp
tapsetx8664dir = $(pkgdatadir)/tapset/x86_64
tapsetx8664_DATA = tapsets/x86_64/registers.stp
EXTRA_DIST += $(tapset_DATA) $(tapsetx8664_DATA)
# syscall.NAME / nd_syscall.NAME for every x86_64 system call and
# syscall_name(), generated from the installed kernel headers' syscall
# table and prototypes; beside the sources, like runtime/errno_table.h.
# In x86_64/, so only that target reads it (no %( arch %) around 6000
# lines, which would cost pass 1 a third of its time).
nodist_tapsetx8664_DATA = $(srcdir)/tapsets/x86_64/syscall-aliases.stp
$(srcdir)/tapsets/x86_64/syscall-aliases.stp: $(srcdir)/tapsets/gen-syscalls.sh
	$(AM_V_GEN)sh $(srcdir)/tapsets/gen-syscalls.sh > $@.tmp && mv $@.tmp $@
BUILT_SOURCES += $(srcdir)/tapsets/x86_64/syscall-aliases.stp
MAINTAINERCLEANFILES += $(srcdir)/tapsets/x86_64/syscall-aliases.stp
EXTRA_DIST += tapsets/gen-syscalls.sh
