# stap: the translator.  Owned by the translator; list every source here.
bin_PROGRAMS += translator/stap
translator_stap_SOURCES = \
	translator/session.h \
	translator/passes45.h \
	translator/build.c \
	translator/run.c
translator_stap_CFLAGS = $(AM_CFLAGS)
translator_stap_LDADD =
