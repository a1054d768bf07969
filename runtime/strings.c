// SPDX-License-Identifier: GPL-2.0
/*
 * strings.c - the script's string functions (strlen, substr, stringat,
 * strpos, isinstr, isdigit, str_replace, strtol, tokenize, text_str,
 * text_strn, string_quoted) and randint.
 *
 * Results are written to MAXSTRINGLEN-byte buffers through a truncating
 * cursor, so no function can overflow its destination whatever its inputs;
 * inputs are read at most MAXSTRINGLEN bytes.  tokenize() keeps its state
 * (a copy of the string and a position) per cpu, that is per probe context,
 * allocated at module init, as are the per-cpu buffers that hold formatted
 * soft-error messages until the hit that raised them is reported.
 */
#include <linux/ctype.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/string.h>

#include "stp_internal.h"

struct stp_string_state {
	char tok[MAXSTRINGLEN];        /* tokenize(): the string being split */
	size_t tok_pos;                /* where the next token search starts */
	char error[STP_ERROR_BUF_SIZE];
};

static struct stp_string_state __percpu *stp_string_states;

/**
 * stp_strings_alloc() - per-cpu tokenize state and error buffers (module init).
 *
 * Return: 0 or -ENOMEM.
 */
int stp_strings_alloc(void)
{
	stp_string_states = alloc_percpu(struct stp_string_state);
	return stp_string_states ? 0 : -ENOMEM;
}

/**
 * stp_strings_free() - free what stp_strings_alloc() allocated.
 */
void stp_strings_free(void)
{
	free_percpu(stp_string_states);
	stp_string_states = NULL;
}

/**
 * stp_error_buf() - this cpu's buffer for one formatted error message.
 *
 * Probe context (preemption off, one hit per cpu): the message stays valid until the hit ends and
 * stp_run_probe() has reported it.
 *
 * Return: STP_ERROR_BUF_SIZE bytes.
 */
notrace char *stp_error_buf(void)
{
	return this_cpu_ptr(stp_string_states)->error;
}
STP_NOKPROBE(stp_error_buf);

/* A truncating writer over dst[MAXSTRINGLEN]. */
struct stp_sbuf {
	char *dst;
	size_t len;
	bool full;
};

static notrace void stp_sb_init(struct stp_sbuf *b, char *dst)
{
	b->dst = dst;
	b->len = 0;
	b->full = false;
	dst[0] = '\0';
}
STP_NOKPROBE(stp_sb_init);

static notrace bool stp_sb_put(struct stp_sbuf *b, const char *s, size_t n)
{
	if (b->len + n > MAXSTRINGLEN - 1) {
		b->full = true;
		return false;
	}
	memcpy(b->dst + b->len, s, n);
	b->len += n;
	b->dst[b->len] = '\0';
	return true;
}
STP_NOKPROBE(stp_sb_put);

static notrace size_t stp_len(const char *s)
{
	return s ? strnlen(s, MAXSTRINGLEN - 1) : 0;
}
STP_NOKPROBE(stp_len);

/**
 * stp_strlen() - strlen(s).
 * @s: the string.
 */
notrace s64 stp_strlen(const char *s)
{
	return stp_len(s);
}
STP_NOKPROBE(stp_strlen);

/**
 * stp_substr() - substr(s, start, length).
 * @dst: MAXSTRINGLEN bytes.
 * @s: the string.
 * @start: first byte, 0-based.
 * @length: bytes wanted.
 */
notrace void stp_substr(char *dst, const char *s, s64 start, s64 length)
{
	size_t n = stp_len(s);

	dst[0] = '\0';
	if (start < 0 || length <= 0 || (u64)start >= n)
		return;
	if ((u64)length > n - start)
		length = n - start;
	memmove(dst, s + start, length);
	dst[length] = '\0';
}
STP_NOKPROBE(stp_substr);

/**
 * stp_stringat() - stringat(s, pos).
 * @c: the probe context.
 * @s: the string.
 * @pos: 0-based position.
 * @near: where, for the error.
 *
 * Return: the byte, or 0 and a soft error when @pos is outside @s.
 */
notrace s64 stp_stringat(struct stp_context *c, const char *s, s64 pos, const char *near)
{
	size_t n = stp_len(s);

	if (pos < 0 || (u64)pos >= n) {
		char *msg = stp_error_buf();

		snprintf(msg, STP_ERROR_BUF_SIZE, "Position %lld is outside the string (length %zu)",
			 pos, n);
		stp_error(c, msg, near);
		return 0;
	}
	return (unsigned char)s[pos];
}
STP_NOKPROBE(stp_stringat);

/* First index of @needle in @hay (both bounded), or -1. */
static notrace s64 stp_find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	size_t i;

	if (nn > hn)
		return -1;
	for (i = 0; i + nn <= hn; i++)
		if (!memcmp(hay + i, needle, nn))
			return i;
	return -1;
}
STP_NOKPROBE(stp_find);

/**
 * stp_strpos() - strpos(haystack, needle).
 * @haystack: where to look.
 * @needle: what to find.
 *
 * Return: the first index, -1 when absent.
 */
notrace s64 stp_strpos(const char *haystack, const char *needle)
{
	return stp_find(haystack, stp_len(haystack), needle ? needle : "", stp_len(needle));
}
STP_NOKPROBE(stp_strpos);

/**
 * stp_isinstr() - isinstr(s1, s2).
 * @s1: where to look.
 * @s2: what to find.
 */
notrace s64 stp_isinstr(const char *s1, const char *s2)
{
	return stp_strpos(s1, s2) >= 0;
}
STP_NOKPROBE(stp_isinstr);

/**
 * stp_isdigit() - isdigit(s).
 * @s: the string.
 */
notrace s64 stp_isdigit(const char *s)
{
	return s && s[0] >= '0' && s[0] <= '9';
}
STP_NOKPROBE(stp_isdigit);

/**
 * stp_str_replace() - str_replace(s, search, repl).
 * @dst: MAXSTRINGLEN bytes; may not alias the inputs.
 * @s: the string.
 * @search: what to replace.
 * @repl: the replacement.
 */
notrace void stp_str_replace(char *dst, const char *s, const char *search, const char *repl)
{
	size_t n = stp_len(s), sn = stp_len(search), rn = stp_len(repl), i = 0;
	struct stp_sbuf b;

	stp_sb_init(&b, dst);
	if (!sn) {
		stp_sb_put(&b, s ? s : "", n);
		return;
	}
	while (i < n && !b.full) {
		s64 at = stp_find(s + i, n - i, search, sn);

		if (at < 0) {
			stp_sb_put(&b, s + i, n - i);
			break;
		}
		if (!stp_sb_put(&b, s + i, at))
			break;
		stp_sb_put(&b, repl ? repl : "", rn);
		i += at + sn;
	}
}
STP_NOKPROBE(stp_str_replace);

static notrace int stp_digit_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A' + 10;
	return 99;
}
STP_NOKPROBE(stp_digit_value);

/**
 * stp_strtol() - strtol(s, base).
 * @c: the probe context.
 * @s: the string.
 * @base: 0 or 2..36.
 * @near: where, for the bad-base error.
 *
 * Return: the value (wrapping on overflow), 0 when no digits.
 */
notrace s64 stp_strtol(struct stp_context *c, const char *s, s64 base, const char *near)
{
	size_t n = stp_len(s), i = 0;
	bool neg = false;
	u64 v = 0;

	if (base != 0 && (base < 2 || base > 36)) {
		stp_error(c, "strtol: base must be 0 or 2 to 36", near);
		return 0;
	}
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if ((base == 0 || base == 16) && i + 1 < n && s[i] == '0' &&
	    (s[i + 1] == 'x' || s[i + 1] == 'X') && stp_digit_value(s[i + 2]) < 16) {
		base = 16;
		i += 2;
	} else if (base == 0) {
		base = i < n && s[i] == '0' ? 8 : 10;
	}
	for (; i < n && stp_digit_value(s[i]) < base; i++)
		v = v * base + stp_digit_value(s[i]);
	return neg ? (s64)(0 - v) : (s64)v;
}
STP_NOKPROBE(stp_strtol);

/**
 * stp_tokenize() - tokenize(s, delim).
 * @dst: MAXSTRINGLEN bytes for the token ("" when none is left).
 * @s: a new string to split, or "" to continue the previous one.
 * @delim: the delimiter bytes.
 *
 * Probe context: the state belongs to this cpu.
 */
notrace void stp_tokenize(char *dst, const char *s, const char *delim)
{
	struct stp_string_state *st = this_cpu_ptr(stp_string_states);
	size_t dn = stp_len(delim), n, start;

	if (s && s[0]) {
		strscpy(st->tok, s, MAXSTRINGLEN);
		st->tok_pos = 0;
	}
	n = strnlen(st->tok, MAXSTRINGLEN - 1);
	start = min(st->tok_pos, n);
	while (start < n && memchr(delim, st->tok[start], dn))
		start++;
	st->tok_pos = start;
	while (st->tok_pos < n && !memchr(delim, st->tok[st->tok_pos], dn))
		st->tok_pos++;
	memcpy(dst, st->tok + start, st->tok_pos - start);
	dst[st->tok_pos - start] = '\0';
}
STP_NOKPROBE(stp_tokenize);

/*
 * The code point of a valid UTF-8 sequence of 2 to 4 bytes at @s (not
 * overlong, no surrogate, at most U+10FFFF) into *cp; returns its length,
 * or 1 (with *cp the byte) for anything else.
 */
static notrace int stp_utf8_decode(const unsigned char *s, u32 *cp)
{
	int n, i;
	u32 c;

	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		goto single;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)   /* a NUL ends it here too */
			goto single;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff ||
	    c < (n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000))
		goto single;
	*cp = c;
	return n;
single:
	*cp = s[0];
	return 1;
}
STP_NOKPROBE(stp_utf8_decode);

/* The escape of code point @c (decoded from @n bytes) into e[10]; returns
 * its length: the byte itself, \n-style, \ooo, or \uXXXX / \UXXXXXXXX for
 * a multi-byte character. */
static notrace int stp_escape_one(char *e, u32 c, int n)
{
	static const char hex[] = "0123456789abcdef";
	int len, i;

	if (n > 1) {
		len = c <= 0xffff ? 6 : 10;
		e[0] = '\\';
		e[1] = c <= 0xffff ? 'u' : 'U';
		for (i = len - 1; i >= 2; i--, c >>= 4)
			e[i] = hex[c & 0xf];
		return len;
	}
	e[0] = '\\';
	switch (c) {
	case '\a': e[1] = 'a'; return 2;
	case '\b': e[1] = 'b'; return 2;
	case '\f': e[1] = 'f'; return 2;
	case '\n': e[1] = 'n'; return 2;
	case '\r': e[1] = 'r'; return 2;
	case '\t': e[1] = 't'; return 2;
	case '\v': e[1] = 'v'; return 2;
	case '"': e[1] = '"'; return 2;
	case '\\': e[1] = '\\'; return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		e[0] = c;
		return 1;
	}
	e[1] = '0' + ((c >> 6) & 3);
	e[2] = '0' + ((c >> 3) & 7);
	e[3] = '0' + (c & 7);
	return 4;
}
STP_NOKPROBE(stp_escape_one);

/*
 * The escaped form of @s into dst, at most @outlen bytes (<= 0: the most
 * a string holds), as upstream counts them: with @quoted the quotes count,
 * at least 5 bytes are allowed, and a cut string keeps the first
 * outlen - 4 bytes of the quoted text followed by `"...` (which may split
 * an escape, as upstream's does).  Unquoted, the text simply stops before
 * the first escape that does not fit.
 */
static notrace void stp_escape(char *dst, const char *s, s64 outlen, bool quoted)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t left = stp_len(s), w = 0;
	s64 room = outlen <= 0 || outlen > MAXSTRINGLEN - 1 ? MAXSTRINGLEN - 1 : outlen;
	bool cut = false;
	char e[10];

	if (quoted) {
		room = max_t(s64, room, 5) - 2;
		dst[w++] = '"';
	}
	while (left) {
		u32 c;
		int n = stp_utf8_decode(in, &c), len;

		if (room <= 0) {
			cut = true;
			break;
		}
		len = stp_escape_one(e, c, n);
		in += n;
		left -= min_t(size_t, left, n);
		if (room < len) {
			cut = true;
			break;
		}
		memcpy(dst + w, e, len);
		w += len;
		room -= len;
	}
	if (quoted && cut) {
		/* upstream's length: outlen - 4 bytes, then "... */
		w = min_t(size_t, w, w + room > 3 ? w + room - 3 : 1);
		memcpy(dst + w, "\"...", 4);
		w += 4;
	} else if (quoted) {
		dst[w++] = '"';
	}
	dst[w] = '\0';
}
STP_NOKPROBE(stp_escape);

/**
 * stp_text_str() - text_str(s).
 * @dst: MAXSTRINGLEN bytes.
 * @s: the string.
 */
notrace void stp_text_str(char *dst, const char *s)
{
	stp_escape(dst, s, 0, false);
}
STP_NOKPROBE(stp_text_str);

/**
 * stp_text_strn() - text_strn(s, len, quoted).
 * @dst: MAXSTRINGLEN bytes.
 * @s: the string.
 * @len: most bytes of the result, quotes and "..." included; 0 (or
 *       negative) for the most a string holds.
 * @quoted: nonzero for quotes and the "..." mark.
 */
notrace void stp_text_strn(char *dst, const char *s, s64 len, s64 quoted)
{
	stp_escape(dst, s, len, quoted != 0);
}
STP_NOKPROBE(stp_text_strn);

/**
 * stp_string_quoted() - string_quoted(s).
 * @dst: MAXSTRINGLEN bytes.
 * @s: the string.
 */
notrace void stp_string_quoted(char *dst, const char *s)
{
	stp_escape(dst, s, 0, true);
}
STP_NOKPROBE(stp_string_quoted);

/**
 * stp_randint() - randint(n).
 * @c: the probe context.
 * @n: the bound, 1..2^32.
 * @near: where, for the error.
 *
 * Return: uniform in [0, n).
 */
notrace s64 stp_randint(struct stp_context *c, s64 n, const char *near)
{
	u64 r;

	if (n < 1 || n > (1LL << 32)) {
		stp_error(c, "randint: range must be 1 to 4294967296", near);
		return 0;
	}
	/* 64 random bits modulo at most 2^32: bias below 2^-32 */
	div64_u64_rem(get_random_u64(), n, &r);
	return r;
}
STP_NOKPROBE(stp_randint);
