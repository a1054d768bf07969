/*
 * modopts.h - the NAME=VALUE arguments after the module (scalar globals set
 * at load time), checked and joined into the option string of init_module.
 */
#ifndef STAPRUN_MODOPTS_H
#define STAPRUN_MODOPTS_H

#include <stddef.h>

#define MODOPTS_MAX_BYTES 16384

/*
 * Joins args[0..n) into out ("a=1 b=\"x y\"").  Each must be NAME=VALUE,
 * NAME a C identifier of at most 64 bytes, VALUE free of quotes and control
 * characters (values with a blank or byte 0xA0, both separators to the
 * kernel, are quoted).  Returns 0, or -1 with the
 * reason in why.
 */
int modopts_build(char *const *args, int n, char *out, size_t outlen, char *why, size_t whylen);

#endif
