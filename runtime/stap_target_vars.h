/*
 * stap_target_vars.h - what generated code calls to read target variables
 * ($param, $return, $p->member): the translator fixed every offset and size
 * from the kernel's BTF, so the runtime only reads registers and memory,
 * each read fault-tolerant (runtime/target_vars.c).
 */
#ifndef STAP_TARGET_VARS_H
#define STAP_TARGET_VARS_H

/* Argument @n (1-based) of the probed function at its entry, as the raw
 * 64-bit register or stack slot; a soft error outside a kprobe. */
s64 stp_tv_arg(struct stp_context *c, s64 n, const char *near);

/* Argument @i (0-based) of the tracepoint being handled. */
s64 stp_tv_targ(struct stp_context *c, s64 i, const char *near);

/* The probed function's return value register, in a .return probe. */
s64 stp_tv_retval(struct stp_context *c, const char *near);

/* Slot @slot of the values a kretprobe's entry handler saved (@entry,
 * parameters read in a .return probe); stp_tv_save() writes one there. */
s64 stp_tv_entry(struct stp_context *c, s64 slot, const char *near);
s64 stp_tv_save(struct stp_context *c, s64 slot, s64 v, const char *near);
/* The same for strings (@entry of a string, $x$ in a .return probe): slots
 * of MAXSTRINGLEN after the longs. */
void stp_tv_entry_str(struct stp_context *c, char *dst, s64 slot, const char *near);
void stp_tv_save_str(struct stp_context *c, char *dst, s64 slot, const char *s,
		     const char *near);

/* Guru mode: write argument @n (1 to 6) at the entry, or the return value. */
s64 stp_tv_setarg(struct stp_context *c, s64 n, s64 v, const char *near);
s64 stp_tv_setret(struct stp_context *c, s64 v, const char *near);

/* @size (1 to 8) bytes of kernel memory at @addr, zero-extended; a read
 * fault is the soft error "kernel read fault at 0x...". */
s64 stp_tv_read(struct stp_context *c, s64 addr, s64 size, const char *near);

/* Guru mode: store the low @size (1, 2, 4, 8) bytes of @v at kernel address
 * @addr (a member); a fault is the soft error "kernel write fault at 0x...".
 * Returns @v. */
s64 stp_tv_write(struct stp_context *c, s64 addr, s64 size, s64 v, const char *near);

/* $x$, $x$$, $$parms$: the value at (or, per @layout, being) @base pretty
 * printed into @dst (MAXSTRINGLEN) after the translator's @layout
 * (translator/tv_pretty.c); a read fault is a soft error. */
void stp_tv_pretty(struct stp_context *c, char *dst, s64 base, const char *layout,
		   const char *near);

/* V's low @bits bits sign-extended (1 <= bits <= 64). */
static inline s64 stp_tv_sext(s64 v, s64 bits)
{
	unsigned int sh = bits >= 1 && bits < 64 ? 64 - (unsigned int)bits : 0;

	return (s64)((u64)v << sh) >> sh;
}

/* The @width bits of V from bit @shift up, zero-extended (bitfields). */
static inline s64 stp_tv_bits(s64 v, s64 shift, s64 width)
{
	u64 x = shift >= 0 && shift < 64 ? (u64)v >> shift : 0;

	return width >= 1 && width < 64 ? (s64)(x & ((1ULL << width) - 1)) : (s64)x;
}

#endif /* STAP_TARGET_VARS_H */
