# The runtime is installed as source; stap compiles it into every module
# (every .c of runtime/ and runtime/transport/ becomes one object).
runtimedir = $(pkgdatadir)/runtime
runtime_DATA = runtime/stap_runtime.h runtime/stp_internal.h runtime/compat.h \
	runtime/module.c runtime/probe.c runtime/print.c runtime/session.c \
	runtime/timer.c
runtimetransportdir = $(pkgdatadir)/runtime/transport
runtimetransport_DATA = runtime/transport/messages.h \
	runtime/transport/control.c runtime/transport/relay.c
EXTRA_DIST += $(runtime_DATA) $(runtimetransport_DATA) \
	runtime/tests/fake_script.c runtime/tests/build-fake.sh \
	runtime/tests/vm-test.sh
