/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stap_string.h - the script's string and numeric functions and the extra
 * printf conversions, for generated code; included by stap_runtime.h.
 *
 * Every string result goes to a caller buffer of MAXSTRINGLEN bytes (dst),
 * is NUL-terminated and truncated, never overflowed; inputs are read up to
 * MAXSTRINGLEN bytes.  Positions are 0-based as in the script.  Errors are
 * soft errors through the context; their messages live in a per-cpu buffer
 * valid until the probe hit ends.
 */
#ifndef STAP_STRING_H
#define STAP_STRING_H

#define STP_ERROR_BUF_SIZE 128

/* This cpu's buffer for one formatted soft-error message (probe context):
 * snprintf into it, then pass it to stp_error(). */
char *stp_error_buf(void);

/* strlen(s) */
s64 stp_strlen(const char *s);
/* substr(s, start, length): clipped to the string; empty when out of range. */
void stp_substr(char *dst, const char *s, s64 start, s64 length);
/* stringat(s, pos): the byte at pos; soft error when pos is outside s. */
s64 stp_stringat(struct stp_context *c, const char *s, s64 pos, const char *near);
/* strpos(haystack, needle): first index of needle, -1 when absent. */
s64 stp_strpos(const char *haystack, const char *needle);
/* isinstr(s1, s2): 1 when s2 occurs in s1. */
s64 stp_isinstr(const char *s1, const char *s2);
/* isdigit(s): 1 when s begins with a decimal digit. */
s64 stp_isdigit(const char *s);
/* str_replace(s, search, repl): every occurrence, left to right; an empty
 * search string leaves s unchanged. */
void stp_str_replace(char *dst, const char *s, const char *search, const char *repl);
/* strtol(s, base): base 0 (prefix decides) or 2..36; a sign allowed, no
 * leading blanks (as upstream: " 1" gives 0), stops at the first other
 * character; a bad base is an error. */
s64 stp_strtol(struct stp_context *c, const char *s, s64 base, const char *near);
/* tokenize(s, delim): with s non-empty, start on a copy of s and return its
 * first token; with s "", the next token of the saved copy; "" when none
 * is left.  Empty tokens are skipped.  State is per cpu (per probe context). */
void stp_tokenize(char *dst, const char *s, const char *delim);
/* text_str(s): C escapes for \\ " and non-printable bytes (\n \t ... \ooo),
 * \uXXXX / \UXXXXXXXX for valid multi-byte UTF-8 characters. */
void stp_text_str(char *dst, const char *s);
/* text_strn(s, len, quoted): escaped into at most len bytes (0: the most a
 * string holds), quotes and "..." counted, as upstream; with quoted,
 * inside double quotes, cut short as `"...`. */
void stp_text_strn(char *dst, const char *s, s64 len, s64 quoted);
/* string_quoted(s): text_str inside double quotes. */
void stp_string_quoted(char *dst, const char *s);

/* abs(x), max(a, b), min(a, b): abs(INT64_MIN) wraps to itself. */
static inline s64 stp_abs(s64 x)
{
	return x < 0 ? (s64)(0 - (u64)x) : x;
}

static inline s64 stp_max(s64 a, s64 b)
{
	return a > b ? a : b;
}

static inline s64 stp_min(s64 a, s64 b)
{
	return a < b ? a : b;
}

/* big_endian2/4/8(x): the low 2, 4 or 8 bytes of x in big-endian byte
 * order (swapped on a little-endian cpu), zero-extended as upstream. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
static inline s64 stp_big_endian2(s64 x) { return (u16)x; }
static inline s64 stp_big_endian4(s64 x) { return (u32)x; }
static inline s64 stp_big_endian8(s64 x) { return x; }
#else
static inline s64 stp_big_endian2(s64 x) { return __builtin_bswap16((u16)x); }
static inline s64 stp_big_endian4(s64 x) { return __builtin_bswap32((u32)x); }
static inline s64 stp_big_endian8(s64 x) { return (s64)__builtin_bswap64((u64)x); }
#endif

/* print_char(ch): the byte ch straight to the probe's output (returns 0). */
static inline s64 stp_print_char(struct stp_context *c, s64 ch, const char *near)
{
	char b = (char)ch;

	(void)near;
	stp_out_write(c->print, &b, 1);
	return 0;
}

/* randint(n): uniform in [0, n); n must be 1..2^32 (soft error otherwise). */
s64 stp_randint(struct stp_context *c, s64 n, const char *near);

/* ---- printf extensions -------------------------------------------------- */

/* `*` width or precision: the translator passes the value; negative width
 * means left-justify, negative precision means none (as in C). */
static inline void stp_fmt_star(struct stp_fmt *f, bool star_width, s64 width,
				bool star_prec, s64 prec)
{
	if (star_width) {
		if (width < 0) {
			f->flags |= STP_FMT_LEFT;
			width = width < -4096 ? 4096 : -width;
		}
		f->width = width > 4096 ? 4096 : (int)width;
	}
	if (star_prec)
		f->precision = prec < 0 ? -1 : prec > 4096 ? 4096 : (int)prec;
}

/* %#c: the character as an escape when not printable ('\n' prints \n). */
void stp_out_char_escaped(struct stp_out *o, const struct stp_fmt *f, s64 v);
/* %m / %M: precision bytes (default 1) read from kernel address addr, raw
 * (%m) or as two hex digits each (%M), padded to the width.  A fault is a
 * soft error "kernel read fault at 0x..." and prints nothing. */
void stp_out_mem(struct stp_context *c, struct stp_out *o, const struct stp_fmt *f,
		 unsigned long addr, const char *near);

#endif /* STAP_STRING_H */
