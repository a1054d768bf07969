/*
 * drop.h - giving up root after the module is in the kernel.
 */
#ifndef STAPRUN_DROP_H
#define STAPRUN_DROP_H

#include <sys/types.h>

/* Becomes the caller (real, effective and saved uid and gid; supplementary
 * groups untouched, they are the caller's) keeping CAP_SYS_MODULE alone,
 * which removing the module at the end needs; stays undumpable.  The
 * bounding set is left whole: emptying it would also strip setuid programs
 * the caller's processes run later, staprun -d among them.  Verifies the result.  Returns 0 or -1 (reported). */
int drop_to_module_remover(uid_t uid, gid_t gid);

/* In the child that becomes stapio: drops that last capability too and
 * verifies none is left and root cannot be regained.  Returns 0 or -1
 * (reported). */
int drop_everything(uid_t uid);

#endif
