/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stap_embedded.h - what embedded C (%{ ... %} in guru-mode scripts and in
 * tapsets) may use besides the rest of the runtime.  The generated file
 * includes it only when the script has embedded C.
 *
 * Inside an embedded-C function body the translator defines, around the
 * pasted code, STAP_ARG_name (each parameter: an s64, or a char buffer of
 * MAXSTRINGLEN), STAP_RETVALUE (the s64 result, or the result's char buffer
 * of MAXSTRINGLEN) and STAP_RETURN(value) (set the result, leave the
 * function).  The macros below need the function's context `c` and its
 * `out` label, so they work in function bodies only (CONTEXT also in
 * embedded expressions).
 */
#ifndef STAP_EMBEDDED_H
#define STAP_EMBEDDED_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
/* the kernel headers upstream's generated code includes, which embedded C
 * written for SystemTap relies on (struct signal_struct, struct file,
 * struct mm_struct and struct vm_area_struct ...) */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "stap_tapset.h"

/* The probe context of the running hit. */
#define CONTEXT c

/* STAP_ERROR(fmt, ...): leave the function with a soft error, as error()
 * does: try/catch catches it, else the probe ends and `probe error` runs.
 * The message is formatted into the per-cpu error buffer (truncated at
 * STP_ERROR_BUF_SIZE); the caller adds "near" its call site. */
#define STAP_ERROR(...)							\
	do {								\
		snprintf(stp_error_buf(), STP_ERROR_BUF_SIZE, __VA_ARGS__);	\
		stp_error(c, stp_error_buf(), NULL);			\
		goto out;						\
	} while (0)

/* kread(ptr): the value *ptr, read from kernel memory without faulting; an
 * unreadable address is the soft error "kernel read fault at 0xADDR" and
 * leaves the function (as STAP_ERROR).  A GNU statement expression, so it
 * can sit inside a larger expression: STAP_RETURN(kread(&task->pid)). */
#define kread(ptr)							\
	({								\
		union {							\
			typeof(*(ptr)) v;				\
			char b[sizeof(*(ptr))];				\
		} _stp_kr;						\
		if (stp_kernel_read(_stp_kr.b, (unsigned long)(ptr), sizeof(_stp_kr.b))) \
			STAP_ERROR("kernel read fault at 0x%lx", (unsigned long)(ptr)); \
		_stp_kr.v;						\
	})

/* kwrite(ptr, value): *ptr = value in kernel memory without faulting (guru
 * code only); a fault is the soft error "kernel write fault at 0xADDR". */
#define kwrite(ptr, value)						\
	do {								\
		typeof(*(ptr)) _stp_kw = (value);			\
		if (stp_kernel_write((unsigned long)(ptr), &_stp_kw, sizeof(_stp_kw))) \
			STAP_ERROR("kernel write fault at 0x%lx", (unsigned long)(ptr)); \
	} while (0)
/* True when the running task is wholly the session owner's (real and
 * effective uid those of the user staprun ran for): transport/control.c. */
bool stp_task_is_owners(void);

/* STAP_MYPROC(): a function marked "myproc-unprivileged" in a module built
 * with --privilege=stapusr (the translator then defines
 * STP_PRIVILEGE_STAPUSR) gives a soft error instead of looking at a task that
 * is not the caller's own; other modules look at any task. */
#ifdef STP_PRIVILEGE_STAPUSR
#define STAP_MYPROC()							\
	do {								\
		if (!stp_task_is_owners())				\
			STAP_ERROR("at --privilege=stapusr only the caller's own " \
				   "processes may be examined");	\
	} while (0)
#else
#define STAP_MYPROC() do { } while (0)
#endif

/* STAP_NEXT: pass the call on to the next overload of the function. */
#define STAP_NEXT							\
	do {								\
		c->last_error = stp_next_reason;			\
		goto out;						\
	} while (0)

/* STAP_PRINTF(fmt, ...): formatted output, as the script's printf. */
#define STAP_PRINTF(...) stp_printf(c->print, __VA_ARGS__)

/* C-library printf into a sink; output past what fits after one flush of a
 * print buffer is cut (strings are cut at MAXSTRINGLEN). */
void stp_printf(struct stp_out *o, const char *fmt, ...) __printf(2, 3);

/*
 * The runtime helpers upstream's embedded C calls by name: _stp_printf and
 * _stp_print write to the script's output like STAP_PRINTF; _stp_dbug
 * (and _dbug, which names the calling function and line) writes
 * "FUNC:LINE: message" to the kernel log at KERN_DEBUG, for debugging.
 */
#define _stp_printf(...) stp_printf(c->print, __VA_ARGS__)
#define _stp_print(s) stp_printf(c->print, "%s", (s))
void _stp_dbug(const char *func, int line, const char *fmt, ...) __printf(3, 4);
#define _dbug(...) _stp_dbug(__func__, __LINE__, __VA_ARGS__)

/* strlcpy(): copies at most n - 1 bytes and terminates; returns strlen(src).
 * The kernel dropped it in 6.8, but embedded C written for SystemTap calls
 * it (strlcpy(STAP_RETVALUE, s, MAXSTRINGLEN)). */
static inline size_t stp_strlcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n) {
		size_t k = len < n ? len : n - 1;

		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return len;
}

#undef strlcpy
#define strlcpy(dst, src, n) stp_strlcpy((dst), (src), (n))

#endif /* STAP_EMBEDDED_H */
