/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stap_tapset.h - the runtime helpers behind the tapset library's embedded
 * C (the .stp files of tapsets/).  The tapset functions stay one-liners over these, so
 * the logic is compiled and reviewed once, here.  Every helper may run in
 * probe context (preemption off, any task): none sleeps or allocates, and memory
 * the script names by address is read only through the non-faulting copy
 * helpers.
 */
#ifndef STAP_TAPSET_H
#define STAP_TAPSET_H

#include <linux/types.h>
#include "stap_float.h"

struct stp_context;

/* task_context.c: facts about the current task (global pid namespace). */
s64 stp_task_current(void);
s64 stp_task_user_regs(void);
s64 stp_task_pid(void);
s64 stp_task_tid(void);
void stp_task_execname(char *dst);
void stp_task_pexecname(char *dst);
s64 stp_task_ppid(void);
s64 stp_task_pgrp(void);
s64 stp_task_sid(void);
s64 stp_task_uid(int which);
void stp_task_cmdline(char *dst);

/* task_memory.c: tasks by pid and their memory. */
s64 stp_pid2task(s64 pid);
s64 stp_mm_counter(s64 mm, s64 member);
s64 stp_page_size(void);
enum { STP_UID, STP_EUID, STP_GID, STP_EGID };

/* session.c: what stapio and staprun told the module. */
s64 stp_session_target_pid(void);
s64 stp_session_tz_gmtoff(void);
void stp_session_tz_name(char *dst);

/* clock.c: clocks and calendar time. */
s64 stp_clock_realtime_ns(void);
s64 stp_clock_local_ns(void);
s64 stp_clock_cpu_ns(struct stp_context *c, s64 cpu);
s64 stp_clock_jiffies(void);
s64 stp_clock_hz(void);
s64 stp_clock_cycles(void);
void stp_ctime(char *dst, s64 secs);

/* deref.c: reads of kernel and (current's) user memory that never fault.
 * Each returns 0, or -EFAULT when some byte could not be read; the string
 * readers stop at a NUL, at MAX bytes or at MAXSTRINGLEN - 1. */
int stp_kernel_read(void *dst, unsigned long addr, size_t size);
int stp_kernel_string(char *dst, unsigned long addr, s64 max);
int stp_user_read(void *dst, unsigned long addr, size_t size);
int stp_user_string(char *dst, unsigned long addr, s64 max);
/* An integer of SIZE bytes (1, 2, 4 or 8), sign- or zero-extended. */
int stp_kernel_value(s64 *out, unsigned long addr, int size, bool is_signed);
int stp_user_value(s64 *out, unsigned long addr, int size, bool is_signed);

/* kernel_write.c: guru-mode writes to kernel memory that never fault;
 * 0, or -EFAULT when the memory cannot be written. */
int stp_kernel_write(unsigned long addr, const void *src, size_t size);
int stp_kernel_write_value(unsigned long addr, s64 v, int size);

/* string_utf.c: a UTF-16 (UNIT 2) or UTF-32 (UNIT 4) kernel string as UTF-8;
 * 0, -EFAULT, or -EILSEQ for an invalid sequence. */
int stp_kernel_string_utf(char *dst, unsigned long addr, int unit);

/* symbols.c: kernel symbols and the current kernel stack. */
void stp_symname(char *dst, unsigned long addr);
void stp_symdata(char *dst, unsigned long addr);
void stp_backtrace_hex(struct stp_context *c, char *dst);
void stp_backtrace_sprint(struct stp_context *c, char *dst);
void stp_backtrace_print(struct stp_context *c);
void stp_syms_print(struct stp_context *c, const char *hex_list);

/* errno_names.c: "ENOENT" for 2 or -2, NULL when the number has no name. */
const char *stp_errno_name(s64 err);

/* inet.c: byte order (the low 32 or 16 bits) and IPv4 text. */
s64 stp_htonl(s64 x);
s64 stp_ntohl(s64 x);
s64 stp_htons(s64 x);
s64 stp_ntohs(s64 x);
void stp_ip_ntop(char *dst, s64 addr);

/* kernel_log.c: a line in the kernel log at LEVEL (0-7). */
void stp_printk(s64 level, const char *msg);

/* flag_names.c: system call arguments as upstream's argstr shows them. */
void stp_open_flags_str(char *dst, s64 flags);
void stp_mmap_prot_str(char *dst, s64 prot);
void stp_mmap_flags_str(char *dst, s64 flags);
void stp_clone_flags_str(char *dst, s64 flags);
void stp_access_mode_str(char *dst, s64 mode);
void stp_signal_str(char *dst, s64 sig);

/* syscall_regs.c: argument N (1-6) of a system call from its saved user
 * registers (x86_64 __x64_sys_ wrappers). */
int stp_syscall_user_arg(s64 *out, unsigned long regs, s64 n);

/* system.c: ask stapio to run CMD as the user once this probe's output is out. */
void stp_system(struct stp_context *c, const char *cmd);

#endif /* STAP_TAPSET_H */
