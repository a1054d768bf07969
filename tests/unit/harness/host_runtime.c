/*
 * host_runtime.c - a user-space stand-in for the kernel runtime, for unit
 * tests only: runs a generated module's probes in a plain process (begin
 * probes, each timer probe TIMER_HITS times, end probes) and prints what
 * they print on stdout, soft errors as "ERROR: what near where", warn()
 * messages as "WARNING: msg" in line; after abort() no probe runs.  It lets
 * the tests check the semantics of pass-3 output without a kernel.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "stap_runtime.h"
#include "stap_embedded.h"

#define TIMER_HITS 3

static bool exit_requested, abort_requested;
const char stp_abort_reason[] = "abort()";
const char stp_next_reason[] = "next";

/* no module options on the host: globals keep their initial values */
int stp_global_param_long(s64 *dst, const char *text, const char *name)
{
	(void)name;
	if (text)
		*dst = strtoll(text, NULL, 0);
	return 0;
}

void stp_global_param_str(char *dst, const char *text)
{
	if (text)
		stp_str_copy(dst, text);
}

void stp_exit(struct stp_context *c)
{
	(void)c;
	exit_requested = true;
}

void stp_abort(struct stp_context *c)
{
	exit_requested = abort_requested = true;
	c->last_error = stp_abort_reason;
	c->error_near = NULL;
}

void stp_warn(struct stp_context *c, const char *msg)
{
	size_t n = strlen(msg);

	stp_out_cstr(c->print, "WARNING: ");
	stp_out_write(c->print, msg, n);
	if (!n || msg[n - 1] != '\n')
		stp_out_write(c->print, "\n", 1);
}

static void flush_stdout(struct stp_out *o)
{
	fwrite(o->buf, 1, o->len, stdout);
	o->len = 0;
}

void stp_out_write(struct stp_out *o, const char *s, size_t n)
{
	while (n) {
		size_t room = o->cap - o->len;

		if (!room) {
			if (!o->full)
				return;
			o->full(o);
			continue;
		}
		size_t k = n < room ? n : room;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}

void stp_out_cstr(struct stp_out *o, const char *s)
{
	stp_out_write(o, s, strlen(s));
}

static void spec(char *out, const struct stp_fmt *f, const char *len, char conv)
{
	int n = sprintf(out, "%%%s%s%s%s%s", f->flags & STP_FMT_LEFT ? "-" : "",
			f->flags & STP_FMT_PLUS ? "+" : "", f->flags & STP_FMT_SPACE ? " " : "",
			f->flags & STP_FMT_ALT ? "#" : "", f->flags & STP_FMT_ZERO ? "0" : "");
	if (f->width >= 0)
		n += sprintf(out + n, "%d", f->width);
	if (f->precision >= 0)
		n += sprintf(out + n, ".%d", f->precision);
	sprintf(out + n, "%s%c", len, conv);
}

void stp_out_long(struct stp_out *o, const struct stp_fmt *f, s64 v)
{
	char fmt[64], text[2200];

	if (f->conv == 'c') {
		spec(fmt, f, "", 'c');
		snprintf(text, sizeof text, fmt, (int)(unsigned char)v);
	} else if (f->conv == 'p') {
		spec(fmt, f, "ll", 'x');
		snprintf(text, sizeof text, fmt, (unsigned long long)v);
	} else if (f->conv == 'd' || f->conv == 'i') {
		spec(fmt, f, "ll", 'd');
		snprintf(text, sizeof text, fmt, (long long)v);
	} else {
		spec(fmt, f, "ll", f->conv);
		snprintf(text, sizeof text, fmt, (unsigned long long)v);
	}
	stp_out_cstr(o, text);
}

void stp_out_str(struct stp_out *o, const struct stp_fmt *f, const char *s)
{
	char fmt[64], text[2200];

	spec(fmt, f, "", 's');
	snprintf(text, sizeof text, fmt, s);
	stp_out_cstr(o, text);
}

void stp_out_decimal(struct stp_out *o, s64 v)
{
	char text[32];

	snprintf(text, sizeof text, "%lld", (long long)v);
	stp_out_cstr(o, text);
}

void stp_printf(struct stp_out *o, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	stp_out_cstr(o, text);
}

char *stp_error_buf(void)
{
	static char buf[STP_ERROR_BUF_SIZE];

	return buf;
}

/* One thread runs every probe here: the per-global locks always succeed. */
int stp_global_locks_init(unsigned int n)
{
	(void)n;
	return 0;
}

bool stp_locks_acquire(struct stp_context *c, const struct stp_lock_req *reqs, unsigned int n)
{
	(void)c;
	(void)reqs;
	(void)n;
	return true;
}

void stp_locks_release(const struct stp_lock_req *reqs, unsigned int n)
{
	(void)reqs;
	(void)n;
}

static void *locals;
static char print_buf[STP_PRINT_BUF_SIZE];
static struct stp_out print = { .buf = print_buf, .cap = sizeof print_buf, .full = flush_stdout };

static void run(const struct stp_probe *p)
{
	struct stp_context c = { .probe = p, .action_limit = MAXACTION_INTERRUPTIBLE,
				 .locals = locals, .print = &print };

	if (abort_requested)
		return;
	memset(locals, 0, stp_locals_size);
	p->handler(&c);
	flush_stdout(&print);
	if (c.last_error && c.last_error != stp_abort_reason && c.last_error != stp_next_reason) {
		if (c.error_near)
			printf("ERROR: %s near %s\n", c.last_error, c.error_near);
		else
			printf("ERROR: %s\n", c.last_error);
		for (unsigned int i = 0; i < stp_probe_count; i++)
			if (stp_probes[i].kind == STP_PROBE_ERROR) {
				struct stp_context e = { .probe = &stp_probes[i],
							 .action_limit = MAXACTION_INTERRUPTIBLE,
							 .locals = locals, .print = &print };

				memset(locals, 0, stp_locals_size);
				stp_probes[i].handler(&e);
				flush_stdout(&print);
			}
	}
}

int main(void)
{
	locals = calloc(1, stp_locals_size);
	if (!locals || stp_globals_init() != 0)
		return 1;
	for (unsigned int i = 0; i < stp_probe_count; i++)
		if (stp_probes[i].kind == STP_PROBE_BEGIN)
			run(&stp_probes[i]);
	for (int hit = 0; hit < TIMER_HITS && !exit_requested; hit++)
		for (unsigned int i = 0; i < stp_probe_count && !exit_requested; i++)
			if (stp_probes[i].kind == STP_PROBE_TIMER)
				run(&stp_probes[i]);
	for (unsigned int i = 0; i < stp_probe_count; i++)
		if (stp_probes[i].kind == STP_PROBE_END)
			run(&stp_probes[i]);
	free(locals);
	return 0;
}
