tapsetdir = $(pkgdatadir)/tapset
tapset_DATA = tapsets/context.stp tapsets/timestamp.stp tapsets/ctime.stp \
	tapsets/stopwatch.stp tapsets/conversions.stp tapsets/uconversions.stp \
	tapsets/errno-names.stp tapsets/logging.stp tapsets/system.stp \
	tapsets/indent.stp tapsets/ansi.stp tapsets/dev.stp tapsets/inet.stp \
	tapsets/context-symbols.stp tapsets/context-unwind.stp tapsets/syscall-args.stp \
	tapsets/syscalls.stp tapsets/vfs.stp tapsets/scheduler.stp tapsets/signal.stp
# probe context, arguments and return values of kernel function probes
tapset_DATA += tapsets/context-probe.stp tapsets/errno-return.stp
tapsetx8664dir = $(pkgdatadir)/tapset/x86_64
tapsetx8664_DATA = tapsets/x86_64/registers.stp
EXTRA_DIST += $(tapset_DATA) $(tapsetx8664_DATA)
