/*
 * modopt_syntax.h - what a module option NAME=VALUE may look like, shared by
 * stap (-G, checked before anything is built) and staprun (which must not
 * trust its caller).  The kernel's option parser splits on whatever its
 * isspace() accepts (blank, control characters and byte 0xA0) and honours
 * double quotes, so a value may hold a blank or 0xA0 (staprun quotes it) but
 * not a quote or a control character.
 */
#ifndef SYSTEMTAP_COMMON_MODOPT_SYNTAX_H
#define SYSTEMTAP_COMMON_MODOPT_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the C identifier at the start of s (0: none). */
size_t modopt_name_length(const char *s);

/* VALUE holds no quote and no control character. */
bool modopt_value_ok(const char *value);

/* VALUE holds a byte the kernel's option parser splits on (blank or 0xA0),
 * so it must reach the kernel inside double quotes. */
bool modopt_value_needs_quotes(const char *value);

#endif
