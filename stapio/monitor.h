/*
 * monitor.h - stapio -M: the live status display of a module built with
 * stap --monitor.
 */
#ifndef STAPIO_MONITOR_H
#define STAPIO_MONITOR_H

#include <stdint.h>
#include <termios.h>

enum monitor_sort { SORT_HITS, SORT_MIN, SORT_AVG, SORT_MAX, SORT_PROBE, SORT_COLUMNS };

struct monitor {
	int fd;                   /* the module's .monitor, -1 when off */
	unsigned interval_s;
	uint64_t next_ms;         /* when the next snapshot is due */
	enum monitor_sort sort;
	int keys_fd;              /* stdin while it gives keys, else -1 */
	int raw;                  /* stdin is a terminal we put in raw mode */
	struct termios saved;     /* its settings before */
	int clear;                /* stdout is a terminal: clear and redraw */
	int paused;
	char *buf;                /* one snapshot's text */
	size_t buf_size;
};

/* Opens .monitor through the module's directory and prepares the terminal.
 * Returns 0, or -1 (reported: a module without it was not built with
 * stap --monitor). */
int monitor_open(struct monitor *m, int dir_fd, unsigned interval_s);

/* Draws a snapshot when one is due (now_ms: CLOCK_MONOTONIC in ms). */
void monitor_tick(struct monitor *m, uint64_t now_ms);

/* Reads the keys waiting on keys_fd and acts on them.  Returns 1 when q
 * asked to end the session, else 0. */
int monitor_keys(struct monitor *m, uint64_t now_ms);

/* Restores the terminal and closes .monitor; safe to call twice. */
void monitor_close(struct monitor *m);

#endif
