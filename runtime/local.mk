# The runtime is installed as source; stap compiles it into every module.
runtimedir = $(pkgdatadir)/runtime
runtime_DATA = runtime/stap_runtime.h
runtimetransportdir = $(pkgdatadir)/runtime/transport
runtimetransport_DATA = runtime/transport/messages.h
EXTRA_DIST += $(runtime_DATA) $(runtimetransport_DATA)
