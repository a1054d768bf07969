# stapio: unprivileged I/O between a module and the user.
pkglibexec_PROGRAMS += stapio/stapio
stapio_stapio_SOURCES = stapio/stapio.c
stapio_stapio_CFLAGS = $(AM_CFLAGS)
