tapsetdir = $(pkgdatadir)/tapset
tapset_DATA =
# probe context, arguments and return values of kernel function probes
tapset_DATA += tapsets/context-probe.stp tapsets/errno-return.stp
tapsetx8664dir = $(pkgdatadir)/tapset/x86_64
tapsetx8664_DATA = tapsets/x86_64/registers.stp
EXTRA_DIST += $(tapset_DATA) $(tapsetx8664_DATA)
