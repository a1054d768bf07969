# staprun: the privileged loader.
bin_PROGRAMS += staprun/staprun
staprun_staprun_SOURCES = staprun/staprun.c
staprun_staprun_CFLAGS = $(AM_CFLAGS) $(LIBKMOD_CFLAGS) $(LIBCAPNG_CFLAGS) $(LIBDW_CFLAGS)
staprun_staprun_LDADD = $(LIBKMOD_LIBS) $(LIBCAPNG_LIBS) $(LIBDW_LIBS)
