/*
 * kprobe_blacklist.h - the running kernel's kprobe blacklist
 * (/sys/kernel/debug/kprobes/blacklist), for refusing such probes in pass 2.
 */
#ifndef STAP_KPROBE_BLACKLIST_H
#define STAP_KPROBE_BLACKLIST_H

#include <stdbool.h>

struct kblacklist;

/* The list of kernel RELEASE (NULL: the running one) when that is the
 * running kernel and the list is readable (root, debugfs mounted), or the
 * file PATH names (stap's SYSTEMTAP_KPROBE_BLACKLIST; NULL: none) whatever the
 * release; else NULL.
 * Arena memory. */
struct kblacklist *kblacklist_load(const char *release, const char *path);

/* Whether function NAME (of MODULE, or of the kernel itself when NULL) is
 * on the list; false for a NULL list. */
bool kblacklist_has(const struct kblacklist *bl, const char *module, const char *name);

/* The file the list came from, for messages. */
const char *kblacklist_path(const struct kblacklist *bl);

#endif /* STAP_KPROBE_BLACKLIST_H */
