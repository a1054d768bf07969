// SPDX-License-Identifier: GPL-2.0
/*
 * flag_names.c - system call arguments as upstream's argstr prints them:
 * open flags, mmap protections and flags, clone flags, access modes and
 * signal numbers as names joined by '|' ("O_WRONLY|O_CREAT|O_TRUNC").
 *
 * The values come from the target kernel's own headers at module build
 * time (each table entry names a macro), so nothing here can drift from the
 * kernel's ABI.  Bits no name covers are printed last in hex.
 */
#include <linux/fcntl.h>
#include <linux/kernel.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <uapi/linux/sched.h>

#include "stp_internal.h"
#include "stap_tapset.h"

struct stp_flag_name {
	const char *name;
	u64 value;
};

#define STP_FLAG(x) { #x, (u64)(x) }

/* Composite values first: O_TMPFILE includes O_DIRECTORY, O_SYNC O_DSYNC. */
static const struct stp_flag_name stp_open_flag_names[] = {
	STP_FLAG(O_TMPFILE), STP_FLAG(O_CREAT), STP_FLAG(O_EXCL), STP_FLAG(O_NOCTTY), STP_FLAG(O_TRUNC),
	STP_FLAG(O_APPEND), STP_FLAG(O_NONBLOCK), STP_FLAG(O_SYNC), STP_FLAG(O_DSYNC),
	STP_FLAG(FASYNC), STP_FLAG(O_DIRECT), STP_FLAG(O_LARGEFILE), STP_FLAG(O_DIRECTORY),
	STP_FLAG(O_NOFOLLOW), STP_FLAG(O_NOATIME), STP_FLAG(O_CLOEXEC), STP_FLAG(O_PATH),
};

static const struct stp_flag_name stp_mmap_prot_names[] = {
	STP_FLAG(PROT_READ), STP_FLAG(PROT_WRITE), STP_FLAG(PROT_EXEC), STP_FLAG(PROT_SEM),
	STP_FLAG(PROT_GROWSDOWN), STP_FLAG(PROT_GROWSUP),
};

/* After the mapping type (MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE). */
static const struct stp_flag_name stp_mmap_flag_names[] = {
	STP_FLAG(MAP_FIXED), STP_FLAG(MAP_ANONYMOUS), STP_FLAG(MAP_32BIT),
	STP_FLAG(MAP_GROWSDOWN), STP_FLAG(MAP_DENYWRITE), STP_FLAG(MAP_EXECUTABLE),
	STP_FLAG(MAP_LOCKED), STP_FLAG(MAP_NORESERVE), STP_FLAG(MAP_POPULATE),
	STP_FLAG(MAP_NONBLOCK), STP_FLAG(MAP_STACK), STP_FLAG(MAP_HUGETLB), STP_FLAG(MAP_SYNC),
	STP_FLAG(MAP_FIXED_NOREPLACE), STP_FLAG(MAP_UNINITIALIZED),
};

/* The low byte of clone flags is the exit signal, printed as its name. */
static const struct stp_flag_name stp_clone_flag_names[] = {
	STP_FLAG(CLONE_VM), STP_FLAG(CLONE_FS), STP_FLAG(CLONE_FILES), STP_FLAG(CLONE_SIGHAND),
	STP_FLAG(CLONE_PIDFD), STP_FLAG(CLONE_PTRACE), STP_FLAG(CLONE_VFORK), STP_FLAG(CLONE_PARENT),
	STP_FLAG(CLONE_THREAD), STP_FLAG(CLONE_NEWNS), STP_FLAG(CLONE_SYSVSEM), STP_FLAG(CLONE_SETTLS),
	STP_FLAG(CLONE_PARENT_SETTID), STP_FLAG(CLONE_CHILD_CLEARTID), STP_FLAG(CLONE_DETACHED),
	STP_FLAG(CLONE_UNTRACED), STP_FLAG(CLONE_CHILD_SETTID), STP_FLAG(CLONE_NEWCGROUP),
	STP_FLAG(CLONE_NEWUTS), STP_FLAG(CLONE_NEWIPC), STP_FLAG(CLONE_NEWUSER), STP_FLAG(CLONE_NEWPID),
	STP_FLAG(CLONE_NEWNET), STP_FLAG(CLONE_IO),
};

static const struct stp_flag_name stp_access_mode_names[] = {
	{ "R_OK", 4 }, { "W_OK", 2 }, { "X_OK", 1 },    /* unistd.h values; no kernel header has them */
};

static const struct stp_flag_name stp_signal_names[] = {
	STP_FLAG(SIGHUP), STP_FLAG(SIGINT), STP_FLAG(SIGQUIT), STP_FLAG(SIGILL), STP_FLAG(SIGTRAP),
	STP_FLAG(SIGABRT), STP_FLAG(SIGBUS), STP_FLAG(SIGFPE), STP_FLAG(SIGKILL), STP_FLAG(SIGUSR1),
	STP_FLAG(SIGSEGV), STP_FLAG(SIGUSR2), STP_FLAG(SIGPIPE), STP_FLAG(SIGALRM), STP_FLAG(SIGTERM),
	STP_FLAG(SIGSTKFLT), STP_FLAG(SIGCHLD), STP_FLAG(SIGCONT), STP_FLAG(SIGSTOP), STP_FLAG(SIGTSTP),
	STP_FLAG(SIGTTIN), STP_FLAG(SIGTTOU), STP_FLAG(SIGURG), STP_FLAG(SIGXCPU), STP_FLAG(SIGXFSZ),
	STP_FLAG(SIGVTALRM), STP_FLAG(SIGPROF), STP_FLAG(SIGWINCH), STP_FLAG(SIGIO), STP_FLAG(SIGPWR),
	STP_FLAG(SIGSYS),
};

/* Appends S to the string at DST (length *LEN), with '|' before all but the first. */
static void stp_flags_append(char *dst, size_t *len, const char *s)
{
	int w = snprintf(dst + *len, MAXSTRINGLEN - *len, "%s%s", *len ? "|" : "", s);

	if (w > 0)
		*len = min_t(size_t, *len + (size_t)w, MAXSTRINGLEN - 1);
}

/* The names of the bits of V in TABLE (in table order), then any rest in
 * hex; appended to DST at *LEN.  Multi-bit entries match only whole. */
static void stp_flags_names(char *dst, size_t *len, u64 v,
			    const struct stp_flag_name *table, size_t n)
{
	char rest[24];

	for (size_t i = 0; i < n; i++) {
		if (table[i].value && (v & table[i].value) == table[i].value) {
			stp_flags_append(dst, len, table[i].name);
			v &= ~table[i].value;
		}
	}
	if (v) {
		snprintf(rest, sizeof(rest), "0x%llx", (unsigned long long)v);
		stp_flags_append(dst, len, rest);
	}
}

/* The name of signal SIG, or NULL. */
static const char *stp_signal_name(s64 sig)
{
	for (size_t i = 0; i < ARRAY_SIZE(stp_signal_names); i++)
		if (stp_signal_names[i].value == (u64)sig)
			return stp_signal_names[i].name;
	return NULL;
}

/**
 * stp_open_flags_str() - open(2) flags: the access mode, then the others.
 * @dst: result buffer (MAXSTRINGLEN).
 * @flags: the flags argument.
 */
notrace void stp_open_flags_str(char *dst, s64 flags)
{
	static const char *const modes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "0x3" };
	u64 v = (u64)flags;
	size_t len = 0;

	dst[0] = '\0';
	stp_flags_append(dst, &len, modes[v & O_ACCMODE]);
	stp_flags_names(dst, &len, v & ~(u64)O_ACCMODE, stp_open_flag_names,
			ARRAY_SIZE(stp_open_flag_names));
}
STP_NOKPROBE(stp_open_flags_str);

/**
 * stp_mmap_prot_str() - mmap/mprotect protections ("PROT_NONE" for 0).
 * @dst: result buffer (MAXSTRINGLEN).
 * @prot: the prot argument.
 */
notrace void stp_mmap_prot_str(char *dst, s64 prot)
{
	size_t len = 0;

	dst[0] = '\0';
	if (!prot) {
		stp_flags_append(dst, &len, "PROT_NONE");
		return;
	}
	stp_flags_names(dst, &len, (u64)prot, stp_mmap_prot_names, ARRAY_SIZE(stp_mmap_prot_names));
}
STP_NOKPROBE(stp_mmap_prot_str);

/**
 * stp_mmap_flags_str() - mmap flags: the mapping type, then the others.
 * @dst: result buffer (MAXSTRINGLEN).
 * @flags: the flags argument.
 */
notrace void stp_mmap_flags_str(char *dst, s64 flags)
{
	u64 type = (u64)flags & MAP_TYPE;
	u64 rest = (u64)flags & ~(u64)MAP_TYPE;
	size_t len = 0;

	dst[0] = '\0';
	if (type == MAP_SHARED)
		stp_flags_append(dst, &len, "MAP_SHARED");
	else if (type == MAP_PRIVATE)
		stp_flags_append(dst, &len, "MAP_PRIVATE");
	else if (type == MAP_SHARED_VALIDATE)
		stp_flags_append(dst, &len, "MAP_SHARED_VALIDATE");
	else
		rest |= type;          /* an unknown type is printed in hex with the rest */
	stp_flags_names(dst, &len, rest, stp_mmap_flag_names, ARRAY_SIZE(stp_mmap_flag_names));
	if (!len)
		stp_flags_append(dst, &len, "0");
}
STP_NOKPROBE(stp_mmap_flags_str);

/**
 * stp_clone_flags_str() - clone flags, then the exit signal by name.
 * @dst: result buffer (MAXSTRINGLEN).
 * @flags: the flags argument.
 */
notrace void stp_clone_flags_str(char *dst, s64 flags)
{
	u64 v = (u64)flags;
	const char *sig = stp_signal_name((s64)(v & CSIGNAL));
	size_t len = 0;
	char num[24];

	dst[0] = '\0';
	stp_flags_names(dst, &len, v & ~(u64)CSIGNAL, stp_clone_flag_names,
			ARRAY_SIZE(stp_clone_flag_names));
	if (v & CSIGNAL) {
		if (!sig) {
			snprintf(num, sizeof(num), "%llu", (unsigned long long)(v & CSIGNAL));
			sig = num;
		}
		stp_flags_append(dst, &len, sig);
	}
	if (!len)
		stp_flags_append(dst, &len, "0");
}
STP_NOKPROBE(stp_clone_flags_str);

/**
 * stp_access_mode_str() - access(2) modes ("F_OK" for 0).
 * @dst: result buffer (MAXSTRINGLEN).
 * @mode: the mode argument.
 */
notrace void stp_access_mode_str(char *dst, s64 mode)
{
	size_t len = 0;

	dst[0] = '\0';
	if (!mode) {
		stp_flags_append(dst, &len, "F_OK");
		return;
	}
	stp_flags_names(dst, &len, (u64)mode, stp_access_mode_names, ARRAY_SIZE(stp_access_mode_names));
}
STP_NOKPROBE(stp_access_mode_str);

/**
 * stp_signal_str() - the name of signal @sig ("SIGUSR1"); real-time
 * signals as "SIGRTMIN+n", others as the number.
 * @dst: result buffer (MAXSTRINGLEN).
 * @sig: the signal number.
 */
notrace void stp_signal_str(char *dst, s64 sig)
{
	const char *name = stp_signal_name(sig);

	if (name)
		strscpy(dst, name, MAXSTRINGLEN);
	else if (sig >= SIGRTMIN && sig <= _NSIG)
		snprintf(dst, MAXSTRINGLEN, "SIGRTMIN+%lld", (long long)(sig - SIGRTMIN));
	else
		snprintf(dst, MAXSTRINGLEN, "%lld", (long long)sig);
}
STP_NOKPROBE(stp_signal_str);
