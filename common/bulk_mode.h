/*
 * bulk_mode.h - how a module says it was built for bulk mode (stap -b):
 * .modinfo stap_bulk=1, which staprun reads to run stapio -b.
 */
#ifndef SYSTEMTAP_COMMON_BULK_MODE_H
#define SYSTEMTAP_COMMON_BULK_MODE_H

#define BULK_MODINFO_TAG "stap_bulk"

#endif
