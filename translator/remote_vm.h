/*
 * remote_vm.h - --remote=vm: pass 5 inside a disposable VM (stap-vm).
 */
#ifndef STAP_REMOTE_VM_H
#define STAP_REMOTE_VM_H

#include <stddef.h>

#include "session.h"

/* A kernel we can both build for and boot: headers and /boot/vmlinuz-REL. */
int vm_kernel_usable(const char *release);
/* Newest usable kernel into out; leaves out alone when there is none. */
void vm_pick_kernel(char *out, size_t len);
/* Runs staprun with argv (argv[0] "staprun", the module path last) in the VM;
 * the module and -o output travel in and out.  Returns staprun's status. */
int remote_vm_run(struct session *s, const char *const staprun_argv[], int argc);

#endif /* STAP_REMOTE_VM_H */
