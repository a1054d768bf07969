/*
 * monitor_mode.h - how a module says it was built for monitor mode (stap
 * --monitor): .modinfo stap_monitor=1, which staprun reads before it lets
 * -M run the module; the module then has systemtap/MODNAME/.monitor.
 */
#ifndef SYSTEMTAP_COMMON_MONITOR_MODE_H
#define SYSTEMTAP_COMMON_MONITOR_MODE_H

#define MONITOR_MODINFO_TAG "stap_monitor"
#define MONITOR_FILE ".monitor"
#define MONITOR_INTERVAL_MAX 3600    /* seconds: -M and --monitor */

#endif
