# stap: the translator.  List every source here.
bin_PROGRAMS += translator/stap
translator_stap_SOURCES = \
	translator/session.h \
	translator/passes45.h \
	translator/pass_timer.c translator/pass_timer.h \
	translator/process.c translator/process.h \
	translator/path_format.c translator/path_format.h \
	translator/build.c \
	translator/remote_vm.c translator/remote_vm.h \
	translator/run.c
translator_stap_CFLAGS = $(AM_CFLAGS)
translator_stap_LDADD =
