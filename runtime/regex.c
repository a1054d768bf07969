// SPDX-License-Identifier: GPL-2.0
/*
 * regex.c - walking the tables the translator compiled a regular expression
 * into (stap_regex.h): the DFA for `=~` / `!~`, and the Pike VM over the
 * NFA program when the script reads submatches; matched() and ngroups().
 *
 * Both walks are bounded: the DFA does one lookup per input byte; the Pike
 * VM keeps at most one thread per instruction in each of its two lists and
 * follows the empty moves of each thread with an explicit stack whose depth
 * is at most 2 x instructions + 2 (every instruction is entered once per
 * step: the mark array remembers the step it was last entered in).  All of
 * their memory is the caller's scratch.
 *
 * Leftmost-longest: threads are kept in priority order, which is also the
 * order of their start positions (a new start is always added last), so
 * when two reach the same instruction the earlier start wins.  Once a match
 * is found, no new start is added and threads that started later die; the
 * survivors may still produce a match that starts earlier or ends later.
 */
#include "stap_runtime.h"
#include "compat.h"

/* The DFA over the n bytes of s: whether re matches somewhere in them.
 * The length comes from the caller, which may need it again. */
static notrace bool stp_regex_dfa(const struct stp_regex *re, const char *s, size_t n)
{
	unsigned int st = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (re->accept[st] & STP_RE_ACCEPT)
			return true;
		st = re->next[st * re->nclasses + re->classes[(u8)s[i]]];
	}
	return re->accept[st] != 0;
}
STP_NOKPROBE(stp_regex_dfa);

/**
 * stp_regex_match() - s =~ re, yes or no.
 * @re: the compiled expression.
 * @s: the subject, read up to MAXSTRINGLEN - 1 bytes.
 *
 * Any context.  Return: whether re matches anywhere in s.
 */
notrace bool stp_regex_match(const struct stp_regex *re, const char *s)
{
	return stp_regex_dfa(re, s, strnlen(s, MAXSTRINGLEN - 1));
}
STP_NOKPROBE(stp_regex_match);

/* The Pike VM's working memory, carved out of the caller's scratch. */
struct stp_regex_vm {
	const struct stp_regex *re;
	const char *s;
	s32 len;
	u32 step;                      /* marks the current list's instructions */
	u32 *mark;                     /* [ninsns] */
	s32 *pc[2];                    /* [ninsns] each: the two thread lists */
	s32 *caps[2];                  /* [ninsns * nslots] each: the threads' slots */
	s32 count[2];
	s32 *stack;                    /* [2 * (2 * ninsns + 2)]: (pc, value) pairs */
	s32 *work;                     /* [nslots]: slots along the current path */
	s32 *best;                     /* [nslots] */
};

/*
 * Adds the threads that pc with captures caps leads to, at position pos,
 * to list l in priority order, following jumps, splits, saves and
 * assertions.  A stack entry is (pc, 0) to enter pc, or (-1 - slot, value)
 * to restore work[slot] once the path through a SAVE is done.
 */
static notrace void stp_regex_add(struct stp_regex_vm *vm, int l, s32 pc0, const s32 *caps,
				  s32 pos)
{
	const struct stp_regex_insn *insns = vm->re->insns;
	unsigned int nslots = vm->re->nslots;
	s32 *stack = vm->stack;
	int sp = 0;

	memcpy(vm->work, caps, nslots * sizeof(s32));
	stack[sp++] = pc0;
	stack[sp++] = 0;
	while (sp) {
		s32 val = stack[--sp];
		s32 pc = stack[--sp];
		const struct stp_regex_insn *in;

		if (pc < 0) {
			vm->work[-1 - pc] = val;
			continue;
		}
		if (vm->mark[pc] == vm->step)
			continue;
		vm->mark[pc] = vm->step;
		in = &insns[pc];
		switch (in->op) {
		case STP_RE_JMP:
			stack[sp++] = in->x;
			stack[sp++] = 0;
			break;
		case STP_RE_SPLIT:
			stack[sp++] = in->y;
			stack[sp++] = 0;
			stack[sp++] = in->x;
			stack[sp++] = 0;
			break;
		case STP_RE_SAVE:
			stack[sp++] = -1 - (s32)in->x;
			stack[sp++] = vm->work[in->x];
			vm->work[in->x] = in->y ? -1 : pos;
			stack[sp++] = pc + 1;
			stack[sp++] = 0;
			break;
		case STP_RE_PROGRESS:
			if (vm->work[in->x] < 0 || pos > vm->work[in->x]) {
				stack[sp++] = pc + 1;
				stack[sp++] = 0;
			}
			break;
		case STP_RE_BOL:
			if (pos == 0) {
				stack[sp++] = pc + 1;
				stack[sp++] = 0;
			}
			break;
		case STP_RE_EOL:
			if (pos == vm->len) {
				stack[sp++] = pc + 1;
				stack[sp++] = 0;
			}
			break;
		default: {
			/* CLASS or MATCH: a thread waits here */
			s32 k = vm->count[l]++;

			vm->pc[l][k] = pc;
			memcpy(&vm->caps[l][k * nslots], vm->work, nslots * sizeof(s32));
			break;
		}
		}
	}
}
STP_NOKPROBE(stp_regex_add);

/* Runs the Pike VM over the whole subject; fills vm->best. */
static notrace bool stp_regex_pike(struct stp_regex_vm *vm)
{
	const struct stp_regex *re = vm->re;
	unsigned int nslots = re->nslots, i;
	s32 *init = vm->best;          /* all -1 until a match is found */
	bool found = false;
	int cur = 0;
	s32 pos, t;

	for (i = 0; i < nslots; i++)
		init[i] = -1;
	for (i = 0; i < re->ninsns; i++)
		vm->mark[i] = 0;
	vm->step = 1;
	vm->count[0] = vm->count[1] = 0;
	stp_regex_add(vm, cur, 0, init, 0);
	for (pos = 0;; pos++) {
		int nxt = !cur;
		u8 b = pos < vm->len ? (u8)vm->s[pos] : 0;

		vm->step++;
		vm->count[nxt] = 0;
		for (t = 0; t < vm->count[cur]; t++) {
			s32 pc = vm->pc[cur][t];
			s32 *caps = &vm->caps[cur][t * nslots];
			const struct stp_regex_insn *in = &re->insns[pc];

			if (found && caps[0] > vm->best[0])
				continue;
			if (in->op == STP_RE_MATCH) {
				if (!found || caps[0] < vm->best[0] ||
				    (caps[0] == vm->best[0] && caps[1] > vm->best[1])) {
					memcpy(vm->best, caps, nslots * sizeof(s32));
					found = true;
				}
				continue;
			}
			if (pos < vm->len && (re->sets[in->x][b >> 3] & (1U << (b & 7))))
				stp_regex_add(vm, nxt, pc + 1, caps, pos + 1);
		}
		if (pos >= vm->len)
			break;
		if (!found)
			stp_regex_add(vm, nxt, 0, vm->best, pos + 1);
		cur = nxt;
		if (found && !vm->count[cur])
			break;
	}
	return found;
}
STP_NOKPROBE(stp_regex_pike);

/**
 * stp_regex_match_capture() - s =~ re, recording the match.
 * @re: the compiled expression, with its NFA.
 * @s: the subject, read up to MAXSTRINGLEN - 1 bytes.
 * @m: where matched() and ngroups() find the result (this hit's).
 * @scratch: STP_REGEX_SCRATCH_WORDS(re->ninsns, re->nslots) words.
 *
 * Any context.  The DFA answers first; only a match runs the Pike VM.
 *
 * Return: whether re matches anywhere in s.
 */
notrace bool stp_regex_match_capture(const struct stp_regex *re, const char *s,
				     struct stp_regex_match *m, u32 *scratch)
{
	struct stp_regex_vm vm;
	unsigned int n = re->ninsns, k = re->nslots;
	s32 *w = (s32 *)scratch;

	m->matched = false;
	vm.len = (s32)strnlen(s, MAXSTRINGLEN - 1);
	if (!stp_regex_dfa(re, s, vm.len))
		return false;
	if (WARN_ON_ONCE(!re->insns || re->ncaps > STP_REGEX_MAX_CAPS || re->ncaps > k))
		return true;
	vm.re = re;
	vm.s = s;
	vm.mark = (u32 *)w;
	w += n;
	vm.pc[0] = w;
	w += n;
	vm.pc[1] = w;
	w += n;
	vm.caps[0] = w;
	w += n * k;
	vm.caps[1] = w;
	w += n * k;
	vm.stack = w;
	w += 2 * (2 * n + 2);
	vm.work = w;
	w += k;
	vm.best = w;
	if (!stp_regex_pike(&vm))
		return true;	/* cannot happen: the DFA said yes */
	m->matched = true;
	m->ncaps = re->ncaps;
	memcpy(m->caps, vm.best, re->ncaps * sizeof(s32));
	memmove(m->subject, s, vm.len);
	m->subject[vm.len] = '\0';
	return true;
}
STP_NOKPROBE(stp_regex_match_capture);

/**
 * stp_regex_matched() - matched(n), matched_str().
 * @c: the probe context.
 * @m: this hit's last match.
 * @dst: MAXSTRINGLEN bytes for the text of group n ("" if it took no part).
 * @n: the group, 0 for the whole match.
 * @near: where, for errors.
 *
 * Probe context.
 */
notrace void stp_regex_matched(struct stp_context *c, const struct stp_regex_match *m,
			       char *dst, s64 n, const char *near)
{
	char *msg;
	s32 start, end;

	dst[0] = '\0';
	if (!m->matched || n < 0 || 2 * n + 1 >= m->ncaps) {
		msg = stp_error_buf();
		if (!m->matched)
			snprintf(msg, STP_ERROR_BUF_SIZE,
				 "Attempted to get subexpression %lld from failed match",
				 (long long)n);
		else
			snprintf(msg, STP_ERROR_BUF_SIZE,
				 "Attempted to get nonexistent subexpression %lld", (long long)n);
		stp_error(c, msg, near);
		return;
	}
	start = m->caps[2 * n];
	end = m->caps[2 * n + 1];
	if (start < 0 || end < start || end >= MAXSTRINGLEN)
		return;
	memcpy(dst, m->subject + start, end - start);
	dst[end - start] = '\0';
}
STP_NOKPROBE(stp_regex_matched);

/**
 * stp_regex_ngroups() - ngroups().
 * @c: the probe context.
 * @m: this hit's last match.
 * @near: where, for the error after a failed match.
 *
 * Probe context.  Return: the groups of the matched regex plus one (the
 * whole match), whether or not each took part.
 */
notrace s64 stp_regex_ngroups(struct stp_context *c, const struct stp_regex_match *m,
			      const char *near)
{
	if (!m->matched) {
		stp_error(c, "Attempted to get subexpression count from failed match", near);
		return 0;
	}
	return m->ncaps / 2;
}
STP_NOKPROBE(stp_regex_ngroups);
