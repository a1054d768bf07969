/*
 * rotation_arg.h - the -S SIZE[,N] argument staprun and stapio share.
 */
#ifndef SYSTEMTAP_COMMON_ROTATION_ARG_H
#define SYSTEMTAP_COMMON_ROTATION_ARG_H

#define ROTATION_MB_MAX (1u << 20)      /* a terabyte per file */
#define ROTATION_FILES_MAX 100000u

/* SIZE (MB, 1..ROTATION_MB_MAX) and optionally ",N" (files kept,
 * 1..ROTATION_FILES_MAX; 0 when absent).  Returns 0, or -1 with why. */
int rotation_arg_parse(const char *arg, unsigned *mb, unsigned *keep, char *why,
		       unsigned why_len);

#endif
