/*
 * monitor.c - stapio -M INTERVAL: show what a module built with stap
 * --monitor is doing, every INTERVAL seconds.
 *
 * The module's systemtap/MODNAME/.monitor file (runtime/monitor.c) gives,
 * per read(), one snapshot of facts one a line: uptime, kernel release,
 * module name, whether probes are paused, its globals' values and each
 * probe's hits and min/avg/max cycles.  Nothing of it is trusted: a line
 * that does not parse is skipped, names are cut and stripped of control
 * characters, and at most MONITOR_ROWS_MAX probes and globals are kept.
 *
 * The display goes to stdout: on a terminal the screen is cleared and
 * redrawn; otherwise each snapshot is printed after a line
 * "----- monitor snapshot", so a pipe gets them one after the other.  The
 * script's own output goes where it would without -M (stdout or -o FILE),
 * so on a terminal a redraw wipes it: use -o FILE to keep it.
 *
 * Keys come from stdin: a terminal is put in raw mode (and restored on
 * every way out, stapio handles its signals in its loop), anything else is
 * read as a stream of key characters until it ends.  q ends the session,
 * r zeroes the module's probe counters, p pauses or resumes the probes,
 * s sorts the probe table by the next column.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/monitor_mode.h"
#include "monitor.h"

#define MONITOR_BUF_MAX (4u << 20)    /* the largest snapshot read */
#define MONITOR_ROWS_MAX 4096
#define MONITOR_NAME_MAX 128          /* a probe point or global name, cut */
#define MONITOR_VALUE_MAX 160

static const char *const sort_names[SORT_COLUMNS] = { "hits", "min", "avg", "max", "probe" };

struct probe_row {
	unsigned long long hits, min, avg, max;
	char pp[MONITOR_NAME_MAX];
};

struct global_row {
	char name[MONITOR_NAME_MAX];
	char value[MONITOR_VALUE_MAX];
};

struct snapshot {
	unsigned long long uptime_ms;
	char release[MONITOR_NAME_MAX];
	char module[MONITOR_NAME_MAX];
	char state[16];
	struct probe_row *probes;
	size_t nprobes;
	struct global_row *globals;
	size_t nglobals;
};

int monitor_open(struct monitor *m, int dir_fd, unsigned interval_s)
{
	struct termios raw;

	memset(m, 0, sizeof(*m));
	m->fd = -1;
	m->keys_fd = -1;
	m->interval_s = interval_s;
	m->fd = openat(dir_fd, MONITOR_FILE, O_RDWR | O_CLOEXEC);
	if (m->fd < 0) {
		if (errno == ENOENT)
			log_error("the module has no monitor interface: -M needs a module built "
				  "with stap --monitor");
		else
			log_error("cannot open the module's %s: %s", MONITOR_FILE, strerror(errno));
		return -1;
	}
	m->buf_size = 64 * 1024;
	m->buf = malloc(m->buf_size);
	if (!m->buf) {
		log_error("out of memory");
		monitor_close(m);
		return -1;
	}
	m->clear = isatty(STDOUT_FILENO);
	m->keys_fd = STDIN_FILENO;
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &m->saved) == 0) {
		raw = m->saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
			m->raw = 1;
	}
	return 0;
}

void monitor_close(struct monitor *m)
{
	if (m->raw) {
		tcsetattr(STDIN_FILENO, TCSANOW, &m->saved);
		m->raw = 0;
	}
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	m->keys_fd = -1;
	free(m->buf);
	m->buf = NULL;
}

/* Copies at most n-1 bytes of a field, control characters made '?'. */
static void copy_field(char *dst, size_t n, const char *src, size_t len)
{
	size_t i;

	if (len > n - 1)
		len = n - 1;
	for (i = 0; i < len; i++)
		dst[i] = iscntrl((unsigned char)src[i]) ? '?' : src[i];
	dst[len] = '\0';
}

/* "NAME REST": the first word into name, the rest into value. */
static int parse_global(struct global_row *g, const char *line, size_t len)
{
	const char *sp = memchr(line, ' ', len);
	const char *v;
	size_t vlen;

	if (!sp || sp == line)
		return -1;
	copy_field(g->name, sizeof(g->name), line, (size_t)(sp - line));
	v = sp + 1;
	vlen = len - (size_t)(v - line);
	if (vlen > 5 && !memcmp(v, "long ", 5)) {
		copy_field(g->value, sizeof(g->value), v + 5, vlen - 5);
	} else if (vlen >= 7 && !memcmp(v, "string ", 7)) {
		char s[MONITOR_VALUE_MAX - 2];

		copy_field(s, sizeof(s), v + 7, vlen - 7);
		snprintf(g->value, sizeof(g->value), "\"%s\"", s);
	} else if (vlen > 6 && !memcmp(v, "array ", 6)) {
		char n[24];

		copy_field(n, sizeof(n), v + 6, vlen - 6);
		snprintf(g->value, sizeof(g->value), "[%s entries]", n);
	} else if (vlen == 4 && !memcmp(v, "stat", 4)) {
		snprintf(g->value, sizeof(g->value), "(statistic)");
	} else if (vlen == 4 && !memcmp(v, "busy", 4)) {
		snprintf(g->value, sizeof(g->value), "(locked by a probe)");
	} else {
		return -1;
	}
	return 0;
}

/* "INDEX HITS MIN AVG MAX PP" */
static int parse_probe(struct probe_row *p, const char *line, size_t len)
{
	char nums[160];
	unsigned idx;
	int used = 0;

	copy_field(nums, sizeof(nums), line, len);
	if (sscanf(nums, "%u %llu %llu %llu %llu %n", &idx, &p->hits, &p->min, &p->avg, &p->max,
		   &used) != 5 || used <= 0 || (size_t)used >= len)
		return -1;
	copy_field(p->pp, sizeof(p->pp), line + used, len - (size_t)used);
	return 0;
}

static int starts(const char *line, size_t len, const char *word, size_t *skip)
{
	size_t n = strlen(word);

	if (len <= n || memcmp(line, word, n) || line[n] != ' ')
		return 0;
	*skip = n + 1;
	return 1;
}

static void parse_snapshot(struct snapshot *snap, const char *text, size_t size)
{
	const char *p = text, *end = text + size;
	size_t skip;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (starts(p, len, "uptime_ms", &skip)) {
			char n[24];

			copy_field(n, sizeof(n), p + skip, len - skip);
			snap->uptime_ms = strtoull(n, NULL, 10);
		} else if (starts(p, len, "release", &skip)) {
			copy_field(snap->release, sizeof(snap->release), p + skip, len - skip);
		} else if (starts(p, len, "module", &skip)) {
			copy_field(snap->module, sizeof(snap->module), p + skip, len - skip);
		} else if (starts(p, len, "state", &skip)) {
			copy_field(snap->state, sizeof(snap->state), p + skip, len - skip);
		} else if (starts(p, len, "global", &skip) && snap->nglobals < MONITOR_ROWS_MAX) {
			if (parse_global(&snap->globals[snap->nglobals], p + skip, len - skip) == 0)
				snap->nglobals++;
		} else if (starts(p, len, "probe", &skip) && snap->nprobes < MONITOR_ROWS_MAX) {
			if (parse_probe(&snap->probes[snap->nprobes], p + skip, len - skip) == 0)
				snap->nprobes++;
		}
		p += len + 1;
	}
}

static enum monitor_sort sort_by;

static int cmp_u64_desc(unsigned long long a, unsigned long long b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

static int cmp_probe(const void *pa, const void *pb)
{
	const struct probe_row *a = pa, *b = pb;
	int c = 0;

	switch (sort_by) {
	case SORT_HITS:
		c = cmp_u64_desc(a->hits, b->hits);
		break;
	case SORT_MIN:
		c = cmp_u64_desc(a->min, b->min);
		break;
	case SORT_AVG:
		c = cmp_u64_desc(a->avg, b->avg);
		break;
	case SORT_MAX:
		c = cmp_u64_desc(a->max, b->max);
		break;
	case SORT_PROBE:
	case SORT_COLUMNS:
		break;
	}
	return c ? c : strcmp(a->pp, b->pp);
}

/* Reads one snapshot into m->buf, growing it up to MONITOR_BUF_MAX so that
 * a large one is read whole.  Returns its size, or -1 (reported). */
static ssize_t read_snapshot(struct monitor *m)
{
	for (;;) {
		char *bigger;
		ssize_t n;

		/* the module's file is a fresh snapshot per read() and cannot
		 * seek; a plain file (the host tests) is read from its start */
		if (lseek(m->fd, 0, SEEK_SET) < 0 && errno != ESPIPE) {
			log_error("cannot read the module's status: %s", strerror(errno));
			return -1;
		}
		n = read(m->fd, m->buf, m->buf_size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_error("cannot read the module's status: %s", strerror(errno));
			return -1;
		}
		if ((size_t)n < m->buf_size || m->buf_size >= MONITOR_BUF_MAX)
			return n;
		bigger = realloc(m->buf, m->buf_size * 2);
		if (!bigger)
			return n;
		m->buf = bigger;
		m->buf_size *= 2;
	}
}

static void draw(struct monitor *m, const struct snapshot *snap)
{
	FILE *f = stdout;

	if (m->clear)
		fputs("\033[H\033[2J", f);
	else
		fputs("----- monitor snapshot\n", f);
	fprintf(f, "module %s on %s, up %llu.%llu s, probes %s; every %u s\n", snap->module,
		snap->release, snap->uptime_ms / 1000, snap->uptime_ms % 1000 / 100,
		snap->state[0] ? snap->state : "?", m->interval_s);
	if (snap->nglobals) {
		fputs("globals:\n", f);
		for (size_t i = 0; i < snap->nglobals; i++)
			fprintf(f, "  %s = %s\n", snap->globals[i].name, snap->globals[i].value);
	}
	fprintf(f, "probes (sorted by %s):\n", sort_names[m->sort]);
	fprintf(f, "  %10s %12s %12s %12s  %s\n", "hits", "min", "avg", "max", "probe");
	for (size_t i = 0; i < snap->nprobes; i++) {
		const struct probe_row *p = &snap->probes[i];

		fprintf(f, "  %10llu %12llu %12llu %12llu  %s\n", p->hits, p->min, p->avg, p->max,
			p->pp);
	}
	if (m->keys_fd >= 0)
		fputs("keys: q quit, r reset counts, s sort, p pause/resume\n", f);
	fflush(f);
}

static void refresh(struct monitor *m)
{
	struct snapshot snap = { 0 };
	ssize_t n;

	if (m->fd < 0)
		return;
	n = read_snapshot(m);
	if (n < 0)
		return;
	snap.probes = calloc(MONITOR_ROWS_MAX, sizeof(*snap.probes));
	snap.globals = calloc(MONITOR_ROWS_MAX, sizeof(*snap.globals));
	if (snap.probes && snap.globals) {
		parse_snapshot(&snap, m->buf, (size_t)n);
		m->paused = !strcmp(snap.state, "paused");
		sort_by = m->sort;
		qsort(snap.probes, snap.nprobes, sizeof(*snap.probes), cmp_probe);
		draw(m, &snap);
	} else {
		log_error("out of memory");
	}
	free(snap.probes);
	free(snap.globals);
}

void monitor_tick(struct monitor *m, uint64_t now_ms)
{
	if (m->fd < 0 || now_ms < m->next_ms)
		return;
	refresh(m);
	m->next_ms = now_ms + (uint64_t)m->interval_s * 1000;
}

/* Sends one command to the module's .monitor. */
static void command(struct monitor *m, const char *cmd)
{
	if (write(m->fd, cmd, strlen(cmd)) < 0)
		log_warning("monitor: '%s' failed: %s", cmd, strerror(errno));
}

int monitor_keys(struct monitor *m, uint64_t now_ms)
{
	char keys[64];
	ssize_t n;
	int quit = 0;

	if (m->keys_fd < 0 || m->fd < 0)
		return 0;
	n = read(m->keys_fd, keys, sizeof(keys));
	if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
		m->keys_fd = -1;        /* stdin ended: no more keys */
		return 0;
	}
	for (ssize_t i = 0; i < n; i++) {
		switch (keys[i]) {
		case 'q':
			quit = 1;
			break;
		case 'r':
			command(m, "reset");
			break;
		case 'p':
			command(m, m->paused ? "resume" : "pause");
			m->paused = !m->paused;
			break;
		case 's':
			m->sort = (m->sort + 1) % SORT_COLUMNS;
			break;
		default:
			continue;      /* newlines and anything else: nothing */
		}
		m->next_ms = now_ms;   /* show the effect at once */
	}
	if (!quit)
		monitor_tick(m, now_ms);
	return quit;
}
