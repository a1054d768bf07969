/*
 * preprocess.c - the token-level preprocessor between the lexer and the
 * parser.  It walks a token range and copies it to the output, except:
 *   %( COND %? A %: B %)   keeps A or B (nested freely); COND compares
 *                          kernel_v, kernel_vr, arch, CONFIG_X, systemtap_v,
 *                          systemtap_privilege, guru_mode, runtime or
 *                          literals, joined with && and ||;
 *   @define NAME(a,b) %( BODY %)   records a macro (file-local, or global
 *                          when read from a .stpm file);
 *   @NAME(x,y)             copies BODY with @a/@b replaced by the argument
 *                          tokens, marks the copied body tokens with an
 *                          expansion record (for "in expansion of macro")
 *                          and preprocesses the copy in turn;
 *   $N @N $# @#            become the command-line argument as a number or
 *                          a string token.
 * Adjacent string literals are joined here too, at the end.  Every token range handed
 * to run() has a sentinel token at its end, so a scan never runs past it.
 */
#include "config.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "preprocess.h"

#define MAX_EXPANSION_DEPTH 64
#define MAX_MACRO_PARAMS 32
#define MAX_PP_ERRORS 20
#define MAX_CONDITIONAL_NESTING 256
/* Tokens macro expansion may produce in one file: nested macros can double
 * at every level, so depth alone does not bound the work (a 300-byte file
 * of nested macros made 600,000). */
#define MAX_EXPANDED_TOKENS 200000

struct macro {
	const char *name;            /* interned "@name" */
	const char *params[MAX_MACRO_PARAMS];   /* interned "@a" */
	int nparams;
	struct token *body;          /* ends with a sentinel */
	int nbody;
	struct srcloc loc;
	struct macro *next;
};

struct pp {
	struct pp_env *env;
	struct macro_table local;
	struct token *out;
	int n, cap;
	int depth;
	int errors;
	long expanded;               /* tokens produced by macro expansion */
	int nesting;                 /* conditionals being expanded */
	bool adjacent_strings;       /* the output has string literals to join */
	bool stpm;
};

static const char *const builtin_atwords[] = {
	"@cast", "@defined", "@entry", "@var", "@probewrite", "@const", "@kderef",
	"@uderef", "@kregister", "@uregister", "@perf", "@count", "@sum", "@min",
	"@max", "@avg", "@variance", "@hist_linear", "@hist_log", "@define",
};

bool is_builtin_atword(const char *name)
{
	for (size_t i = 0; i < sizeof builtin_atwords / sizeof builtin_atwords[0]; i++)
		if (strcmp(name, builtin_atwords[i]) == 0)
			return true;
	return false;
}

static void pp_error(struct pp *pp, const struct token *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pp_error(struct pp *pp, const struct token *t, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (++pp->errors <= MAX_PP_ERRORS)
		diag_parse_error(t->loc, token_describe(t), "%s", msg);
}

static inline bool is_op(const struct token *t, const char *op)
{
	return t->kind == TOK_OP && t->text[0] == op[0] &&
	       (op[1] ? strcmp(t->text + 1, op + 1) == 0 : t->text[1] == '\0');
}

static inline void emit(struct pp *pp, const struct token *t)
{
	if (t->kind == TOK_STRING && pp->n && pp->out[pp->n - 1].kind == TOK_STRING)
		pp->adjacent_strings = true;
	if (pp->n == pp->cap) {
		size_t cap = (size_t)pp->cap;

		pp->out = grow_array(pp->out, &cap, (size_t)pp->n + 1, sizeof *pp->out,
				     INT_MAX / 2, "tokens");
		pp->cap = (int)cap;
	}
	pp->out[pp->n++] = *t;
}

/* ---- command-line arguments ---- */

/* Parses a $N argument as a long (decimal, 0x hex, 0 octal, optional '-'). */
static bool arg_number(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t v = 0;
	int base = 10;

	if (neg)
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (d >= base || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* $N @N $# @#: the argument as a NUMBER or STRING token; false if reported. */
/* The number after the sigil of $N/@N: where messages about it point. */
static struct token arg_number_token(const struct token *t)
{
	struct token num = *t;

	num.kind = TOK_NUMBER;
	num.text = t->text + 1;
	num.loc.col++;
	return num;
}

/* Whether $N/@N names an argument that was given (else reported). */
static bool arg_in_range(struct pp *pp, const struct token *t)
{
	if (t->value >= 1 && t->value <= pp->env->nargs)
		return true;
	struct token num = arg_number_token(t);
	pp_error(pp, &num, "command line argument index %lld out of range [1-%d]",
		 (long long)t->value, pp->env->nargs);
	return false;
}

static bool substitute_arg(struct pp *pp, const struct token *t, struct token *out)
{
	bool as_string = t->text[0] == '@';
	struct token num = arg_number_token(t);

	*out = *t;
	if (t->text[1] == '#') {
		out->kind = as_string ? TOK_STRING : TOK_NUMBER;
		out->value = pp->env->nargs;
		out->text = arena_printf("%d", pp->env->nargs);
		return true;
	}
	if (!arg_in_range(pp, t))
		return false;
	const char *arg = pp->env->args[t->value - 1];
	if (as_string) {
		out->kind = TOK_STRING;
		out->text = arg;
		return true;
	}
	out->kind = TOK_NUMBER;
	out->text = arg;
	if (!arg_number(arg, &out->value)) {
		pp_error(pp, &num, "command line argument $%lld ('%s') is not a number",
			 (long long)t->value, arg);
		return false;
	}
	return true;
}

/*
 * $N outside a condition stands for the tokens of argument N, as upstream:
 * `probe $1 { }` with `begin`, `x = $1` with `1+2`.  The argument is lexed
 * on its own (a lexical error names it) and its tokens carry the location
 * of the $N, so later messages point into the script.  They are not
 * preprocessed again: a `$2` or `%(` inside an argument is the parser's
 * error, never a second substitution.
 */
static void emit_arg_tokens(struct pp *pp, const struct token *t)
{
	if (!arg_in_range(pp, t))
		return;
	struct source *src = arena_alloc(sizeof *src);
	src->name = arena_printf("command line argument $%lld", (long long)t->value);
	src->text = pp->env->args[t->value - 1];
	src->len = strlen(src->text);
	struct token_list args = lex_source(src);
	for (int k = 0; k < args.n && args.tok[k].kind != TOK_EOF; k++) {
		struct token a = args.tok[k];

		a.loc = t->loc;
		if (k == 0)
			a.spaced = t->spaced;
		emit(pp, &a);
	}
	free(args.tok);
}

/* ---- conditions ---- */

struct kconfig_entry {
	const char *name, *value;
};

/* The target kernel's .config, loaded on first use (shared by all files). */
static struct kconfig_entry *kconfig;
static int nkconfig;
static bool kconfig_loaded;

static void load_kconfig(struct pp_env *env)
{
	char line[4096];
	FILE *f;
	int cap = 0;

	kconfig_loaded = true;
	f = env->kernel_config ? fopen(env->kernel_config, "r") : NULL;
	if (!f) {
		if (env->verbose)
			fprintf(stderr, "Kernel config '%s' not readable: CONFIG_ conditions are "
				"false\n", env->kernel_config ? env->kernel_config : "(none)");
		return;
	}
	while (fgets(line, sizeof line, f)) {
		char *eq = strchr(line, '=');
		size_t vlen;

		if (strncmp(line, "CONFIG_", 7) != 0 || !eq)
			continue;
		*eq = '\0';
		vlen = strcspn(eq + 1, "\n");
		eq[1 + vlen] = '\0';
		if (vlen >= 2 && eq[1] == '"' && eq[vlen] == '"') {
			eq[vlen] = '\0';
			eq++;
		}
		if (nkconfig == cap) {
			int ncap = cap ? cap * 2 : 1024;
			struct kconfig_entry *ne = arena_alloc(sizeof *ne * (size_t)ncap);

			if (nkconfig)
				memcpy(ne, kconfig, sizeof *ne * (size_t)nkconfig);
			kconfig = ne;
			cap = ncap;
		}
		kconfig[nkconfig].name = intern(line, strlen(line));
		kconfig[nkconfig].value = arena_strdup(eq + 1);
		nkconfig++;
	}
	fclose(f);
}

static const char *kconfig_value(struct pp_env *env, const char *interned_name)
{
	if (!kconfig_loaded)
		load_kconfig(env);
	for (int i = 0; i < nkconfig; i++)
		if (kconfig[i].name == interned_name)
			return kconfig[i].value;
	return NULL;
}

struct cond {
	struct pp *pp;
	struct token *t;     /* the condition's tokens, arguments substituted */
	int i, n;
	bool failed;
};

static struct token *cond_peek(struct cond *c)
{
	return &c->t[c->i < c->n ? c->i : c->n];
}

static void cond_fail(struct cond *c, const struct token *t, const char *msg)
{
	if (!c->failed)
		pp_error(c->pp, t, "%s", msg);
	c->failed = true;
}

static int cmp_result(const char *op, int cmp)
{
	if (strcmp(op, "==") == 0) return cmp == 0;
	if (strcmp(op, "!=") == 0) return cmp != 0;
	if (strcmp(op, "<") == 0) return cmp < 0;
	if (strcmp(op, "<=") == 0) return cmp <= 0;
	if (strcmp(op, ">") == 0) return cmp > 0;
	return cmp >= 0;
}

/* "==" and "!=" match a glob; the other operators compare as versions or bytes. */
static bool compare_text(const char *op, const char *have, const char *want, bool version)
{
	if (strcmp(op, "==") == 0)
		return fnmatch(want, have, 0) == 0;
	if (strcmp(op, "!=") == 0)
		return fnmatch(want, have, 0) != 0;
	return cmp_result(op, version ? strverscmp(have, want) : strcmp(have, want));
}

static bool compare_number(const char *op, int64_t a, int64_t b)
{
	return cmp_result(op, a < b ? -1 : a > b);
}

static bool cond_or(struct cond *c);

/* atom -> '(' or ')' | '!' atom | operand relop operand
 * operand -> IDENT | NUMBER | '-' NUMBER | STRING */
static bool cond_atom(struct cond *c)
{
	struct token *lhs = cond_peek(c), *op, *rhs;
	bool neg = false;
	const char *name;

	if (is_op(lhs, "(")) {
		c->i++;
		bool v = cond_or(c);
		if (!is_op(cond_peek(c), ")"))
			cond_fail(c, cond_peek(c), "expected ')' in preprocessor condition");
		c->i++;
		return v;
	}
	if (is_op(lhs, "!")) {
		c->i++;
		return !cond_atom(c);
	}
	if (lhs->kind != TOK_IDENT && lhs->kind != TOK_NUMBER && lhs->kind != TOK_STRING) {
		cond_fail(c, lhs, "expected a preprocessor condition (kernel_v, kernel_vr, arch, "
			  "CONFIG_..., systemtap_v, systemtap_privilege, guru_mode, runtime or a literal)");
		return false;
	}
	c->i++;
	op = cond_peek(c);
	if (!(is_op(op, "==") || is_op(op, "!=") || is_op(op, "<") || is_op(op, "<=") ||
	      is_op(op, ">") || is_op(op, ">="))) {
		cond_fail(c, op, "expected comparison operator in preprocessor condition");
		return false;
	}
	c->i++;
	if (is_op(cond_peek(c), "-")) {
		neg = true;
		c->i++;
	}
	rhs = cond_peek(c);
	if (rhs->kind != TOK_NUMBER && rhs->kind != TOK_STRING) {
		cond_fail(c, rhs, "expected a number or string in preprocessor condition");
		return false;
	}
	if (neg && rhs->kind != TOK_NUMBER) {
		cond_fail(c, rhs, "expected a number after '-'");
		return false;
	}
	c->i++;
	int64_t rnum = neg ? (int64_t)(0 - (uint64_t)rhs->value) : rhs->value;
	bool rstr = rhs->kind == TOK_STRING;

	if (lhs->kind != TOK_IDENT) {
		if ((lhs->kind == TOK_STRING) != rstr) {
			cond_fail(c, rhs, "comparison of a number with a string in preprocessor condition");
			return false;
		}
		return rstr ? compare_text(op->text, lhs->text, rhs->text, false) :
			      compare_number(op->text, lhs->value, rnum);
	}
	name = lhs->text;
	struct pp_env *env = c->pp->env;
	if (strncmp(name, "CONFIG_", 7) == 0) {
		const char *v = kconfig_value(env, name);
		int64_t num;

		if (rstr)
			return compare_text(op->text, v ? v : "", rhs->text, false);
		return v && arg_number(v, &num) && compare_number(op->text, num, rnum);
	}
	/* guru_mode, arch, systemtap_privilege and runtime are equal or not;
	 * they have no order (upstream refuses the other operators too) */
	if ((strcmp(name, "guru_mode") == 0 || strcmp(name, "arch") == 0 ||
	     strcmp(name, "systemtap_privilege") == 0 || strcmp(name, "runtime") == 0) &&
	    !is_op(op, "==") && !is_op(op, "!=")) {
		cond_fail(c, op, arena_printf("%s compares only with '==' or '!='", name));
		return false;
	}
	if (strcmp(name, "guru_mode") == 0) {
		if (rstr) {
			cond_fail(c, rhs, "guru_mode compares with a number");
			return false;
		}
		return compare_number(op->text, env->guru ? 1 : 0, rnum);
	}
	const char *have = NULL;
	bool version = false;
	char kv[256];

	if (strcmp(name, "kernel_vr") == 0) {
		have = env->kernel_release;
		version = true;
	} else if (strcmp(name, "kernel_v") == 0) {
		size_t n = strcspn(env->kernel_release, "-");   /* "6.1.0" of "6.1.0-56-amd64" */

		if (n >= sizeof kv)
			n = sizeof kv - 1;
		memcpy(kv, env->kernel_release, n);
		kv[n] = '\0';
		have = kv;
		version = true;
	} else if (strcmp(name, "systemtap_v") == 0) {
		/* --compatible=VERSION: what the script asked to be read as */
		have = env->systemtap_v ? env->systemtap_v : STAP_LANGUAGE_VERSION;
		version = true;
		if (env->check_version)
			diag_warning(lhs->loc, token_describe(lhs),
				     "the script depends on the language version (systemtap_v is "
				     "%s; --compatible changes it)", have);
	} else if (strcmp(name, "arch") == 0) {
		have = env->arch;
	} else if (strcmp(name, "systemtap_privilege") == 0) {
		have = env->privilege;
	} else if (strcmp(name, "runtime") == 0) {
		have = "kernel";
	} else {
		cond_fail(c, lhs, "unknown preprocessor condition (expected kernel_v, kernel_vr, arch, "
			  "CONFIG_..., systemtap_v, systemtap_privilege, guru_mode or runtime)");
		return false;
	}
	if (!rstr) {
		cond_fail(c, rhs, "expected a string to compare with");
		return false;
	}
	return compare_text(op->text, have ? have : "", rhs->text, version);
}

/* and -> atom {'&&' atom} */
static bool cond_and(struct cond *c)
{
	bool v = cond_atom(c);

	while (is_op(cond_peek(c), "&&")) {
		c->i++;
		bool w = cond_atom(c);
		v = v && w;
	}
	return v;
}

/* or -> and {'||' and} */
static bool cond_or(struct cond *c)
{
	bool v = cond_and(c);

	while (is_op(cond_peek(c), "||")) {
		c->i++;
		bool w = cond_and(c);
		v = v || w;
	}
	return v;
}

/* ---- the walk ---- */

static void run(struct pp *pp, struct token *t, int n);

/* Index of the '%)' closing the '%(' at OPEN (ELSE: the '%:' at its level,
 * or -1); N if missing. */
static int find_close(struct token *t, int from, int n, int *else_at)
{
	int depth = 0;

	*else_at = -1;
	for (int i = from; i < n; i++) {
		if (is_op(&t[i], "%(")) {
			depth++;
		} else if (is_op(&t[i], "%)")) {
			if (depth-- == 0)
				return i;
		} else if (depth == 0 && is_op(&t[i], "%:") && *else_at < 0) {
			*else_at = i;
		}
	}
	return n;
}

/* The branch not taken is not run, but its markers must still pair up:
 * a stray '%?' or '%:' there is an error, as in a branch that is taken. */
static void check_untaken(struct pp *pp, struct token *t, int from, int to)
{
	int i = from;

	while (i < to) {
		if (is_op(&t[i], "%(")) {
			int q = i + 1, else_at, close;

			while (q < to && !is_op(&t[q], "%?") && !is_op(&t[q], "%)") &&
			       !is_op(&t[q], "%("))
				q++;
			if (q >= to || !is_op(&t[q], "%?")) {
				pp_error(pp, &t[q < to ? q : i], "expected '%%?' (to end the condition "
					 "of '%%(' at line %d)", t[i].loc.line);
				return;
			}
			close = find_close(t, q + 1, to, &else_at);
			if (close >= to)
				return;
			check_untaken(pp, t, q + 1, else_at >= 0 ? else_at : close);
			if (else_at >= 0)
				check_untaken(pp, t, else_at + 1, close);
			i = close + 1;
		} else if (is_op(&t[i], "%?") || is_op(&t[i], "%:") || is_op(&t[i], "%)")) {
			pp_error(pp, &t[i], "'%s' without a matching '%%('", t[i].text);
			i++;
		} else {
			i++;
		}
	}
}

/* conditional -> '%(' cond '%?' tokens ['%:' tokens] '%)'; returns the index after it */
static int conditional(struct pp *pp, struct token *t, int open, int n)
{
	int q = open + 1, else_at, close;
	struct cond c = { .pp = pp };

	while (q < n && !is_op(&t[q], "%?") && !is_op(&t[q], "%)") && !is_op(&t[q], "%("))
		q++;
	if (q >= n || !is_op(&t[q], "%?")) {
		pp_error(pp, &t[q], "expected '%%?' (to end the condition of '%%(' at line %d)",
			 t[open].loc.line);
		int dummy;
		close = find_close(t, open + 1, n, &dummy);
		return close < n ? close + 1 : n;
	}
	close = find_close(t, q + 1, n, &else_at);
	if (close >= n) {
		pp_error(pp, &t[n], "expected '%%)' (to close '%%(' at line %d)", t[open].loc.line);
		return n;
	}
	/* the condition, with arguments substituted, plus a sentinel */
	c.t = arena_alloc(sizeof *c.t * (size_t)(q - open));
	for (int i = open + 1; i < q; i++) {
		if (t[i].kind == TOK_ARG) {
			if (!substitute_arg(pp, &t[i], &c.t[c.n])) {
				c.failed = true;
				continue;
			}
		} else {
			c.t[c.n] = t[i];
		}
		c.n++;
	}
	c.t[c.n] = t[q];
	bool v = false;
	if (!c.failed) {
		v = cond_or(&c);
		if (!c.failed && c.i < c.n)
			cond_fail(&c, &c.t[c.i], "expected '&&', '||' or '%?' in preprocessor condition");
	}
	if (c.failed)
		return close + 1;
	if (pp->nesting >= MAX_CONDITIONAL_NESTING) {
		pp_error(pp, &t[open], "conditionals nested too deeply (limit is %d)",
			 MAX_CONDITIONAL_NESTING);
		pp->errors = MAX_PP_ERRORS;
		return n;
	}
	pp->nesting++;
	if (v) {
		run(pp, t + q + 1, (else_at >= 0 ? else_at : close) - (q + 1));
		if (else_at >= 0)
			check_untaken(pp, t, else_at + 1, close);
	} else {
		check_untaken(pp, t, q + 1, else_at >= 0 ? else_at : close);
		if (else_at >= 0)
			run(pp, t + else_at + 1, close - (else_at + 1));
	}
	pp->nesting--;
	return close + 1;
}

static struct macro *find_macro(struct pp *pp, const char *name)
{
	for (struct macro *m = pp->local.head; m; m = m->next)
		if (m->name == name)
			return m;
	if (pp->env->global_macros)
		for (struct macro *m = pp->env->global_macros->head; m; m = m->next)
			if (m->name == name)
				return m;
	return NULL;
}

/* define -> '@define' IDENT ['(' IDENT {',' IDENT} ')'] '%(' tokens '%)' */
static int define(struct pp *pp, struct token *t, int at, int n)
{
	int i = at + 1, else_at, close;
	struct macro *m = arena_alloc(sizeof *m);

	if (t[i].kind != TOK_IDENT && t[i].kind != TOK_KEYWORD) {
		pp_error(pp, &t[i], "expected macro name after '@define'");
		return i;
	}
	m->name = intern(arena_printf("@%s", t[i].text), strlen(t[i].text) + 1);
	m->loc = t[i].loc;
	if (strcmp(m->name, "@define") == 0) {
		pp_error(pp, &t[i], "cannot redefine '@define'");
		return i + 1;
	}
	if (is_builtin_atword(m->name))   /* allowed, as upstream: the macro shadows it */
		diag_warning(t[i].loc, token_describe(&t[i]), "macro redefines built-in operator "
			     "'%s'", m->name);
	struct macro_table *table = pp->stpm ? pp->env->global_macros : &pp->local;
	for (struct macro *o = table ? table->head : NULL; o; o = o->next)
		if (o->name == m->name) {
			pp_error(pp, &t[i], "macro '%s' already defined at %s:%d:%d", m->name,
				 o->loc.src ? o->loc.src->name : "?", o->loc.line, o->loc.col);
			return i + 1;
		}
	i++;
	if (is_op(&t[i], "(") && !t[i].spaced) {
		struct token *open = &t[i++];

		while (!is_op(&t[i], ")")) {
			if (t[i].kind != TOK_IDENT) {
				pp_error(pp, &t[i], "expected macro parameter name (in '(' at line %d)",
					 open->loc.line);
				return i;
			}
			if (m->nparams == MAX_MACRO_PARAMS) {
				pp_error(pp, &t[i], "too many macro parameters (limit is %d)",
					 MAX_MACRO_PARAMS);
				return i;
			}
			m->params[m->nparams++] = intern(arena_printf("@%s", t[i].text),
							 strlen(t[i].text) + 1);
			i++;
			if (is_op(&t[i], ","))
				i++;
			else if (!is_op(&t[i], ")")) {
				pp_error(pp, &t[i], "expected ',' or ')' in macro parameters");
				return i;
			}
		}
		i++;
	}
	if (!is_op(&t[i], "%(")) {
		pp_error(pp, &t[i], "expected '%%(' to start the body of macro '%s'", m->name);
		return i;
	}
	close = find_close(t, i + 1, n, &else_at);
	(void)else_at;
	if (close >= n) {
		pp_error(pp, &t[n], "expected '%%)' (to close the body of macro '%s' at line %d)",
			 m->name, t[i].loc.line);
		return n;
	}
	m->nbody = close - (i + 1);
	m->body = arena_alloc(sizeof *m->body * (size_t)(m->nbody + 1));
	memcpy(m->body, t + i + 1, sizeof *m->body * (size_t)m->nbody);
	m->body[m->nbody] = t[close];
	if (pp->stpm && !table) {
		/* no table to hold it: nothing to do */
	} else {
		m->next = table->head;
		table->head = m;
	}
	return close + 1;
}

struct arg_range {
	int start, end;
};

/* use -> '@NAME' ['(' tokens {',' tokens} ')']; returns the index after it */
static int invoke(struct pp *pp, struct macro *m, struct token *t, int at, int n)
{
	struct arg_range args[MAX_MACRO_PARAMS];
	int nargs = 0, i = at + 1;

	if (m->nparams) {
		int depth = 0, start;

		if (!is_op(&t[i], "(")) {
			pp_error(pp, &t[i], "expected '(' after macro '%s' (it takes %d argument%s)",
				 m->name, m->nparams, m->nparams == 1 ? "" : "s");
			return i;
		}
		start = ++i;
		for (;; i++) {
			if (i >= n) {
				pp_error(pp, &t[n], "expected ')' (to close '(' of macro '%s' at line %d)",
					 m->name, t[at].loc.line);
				return n;
			}
			struct token *x = &t[i];
			bool opener = is_op(x, "(") || is_op(x, "[") || is_op(x, "{");
			bool closer = is_op(x, ")") || is_op(x, "]") || is_op(x, "}");

			if (depth == 0 && (is_op(x, ",") || is_op(x, ")"))) {
				if (nargs == MAX_MACRO_PARAMS) {
					pp_error(pp, x, "too many macro arguments (limit is %d)",
						 MAX_MACRO_PARAMS);
					return i + 1;
				}
				args[nargs++] = (struct arg_range){ start, i };
				start = i + 1;
				if (is_op(x, ")"))
					break;
				continue;
			}
			if (opener)
				depth++;
			else if (closer)
				depth--;
		}
		i++;
		if (nargs != m->nparams) {
			pp_error(pp, &t[at], "macro '%s' takes %d argument%s, not %d", m->name,
				 m->nparams, m->nparams == 1 ? "" : "s", nargs);
			return i;
		}
	}
	if (pp->depth >= MAX_EXPANSION_DEPTH) {
		pp_error(pp, &t[at], "macro expansion too deep (limit is %d)", MAX_EXPANSION_DEPTH);
		return i;
	}

	/* the body with parameters replaced, each body token marked */
	struct expansion *x;
	struct token *copy;
	int ncopy = 0;
	long cap = m->nbody + 1;

	for (int k = 0; k < m->nbody && cap <= MAX_EXPANDED_TOKENS; k++)
		for (int p = 0; p < m->nparams; p++)
			if (m->body[k].kind == TOK_ATWORD && m->body[k].text == m->params[p])
				cap += args[p].end - args[p].start;
	pp->expanded += cap;
	if (pp->expanded > MAX_EXPANDED_TOKENS) {
		pp_error(pp, &t[at], "macro expansion too large (limit is %d tokens)",
			 MAX_EXPANDED_TOKENS);
		pp->errors = MAX_PP_ERRORS;   /* stop here: the rest would only repeat it */
		return n;
	}
	x = arena_alloc(sizeof *x);
	x->name = m->name;
	x->at = t[at].loc;
	copy = arena_alloc(sizeof *copy * (size_t)cap);
	for (int k = 0; k < m->nbody; k++) {
		int p;

		for (p = 0; p < m->nparams; p++)
			if (m->body[k].kind == TOK_ATWORD && m->body[k].text == m->params[p])
				break;
		if (p < m->nparams) {
			for (int a = args[p].start; a < args[p].end; a++)
				copy[ncopy++] = t[a];
			continue;
		}
		copy[ncopy] = m->body[k];
		copy[ncopy].loc.exp = x;
		ncopy++;
	}
	copy[ncopy] = m->body[m->nbody];
	copy[ncopy].loc.exp = x;
	pp->depth++;
	run(pp, copy, ncopy);
	pp->depth--;
	return i;
}

/* True when T means nothing to the preprocessor outside .stpm files: not
 * a %( %? %: %) marker, not an @-word (a macro use or @define), not $1/@1. */
static inline bool ordinary(const struct token *t)
{
	switch (t->kind) {
	case TOK_ATWORD:
	case TOK_ARG:
		return false;
	case TOK_OP:
		return t->text[0] != '%' || t->text[1] == '\0' || t->text[1] == '=';
	case TOK_EOF:
	case TOK_IDENT:
	case TOK_KEYWORD:
	case TOK_NUMBER:
	case TOK_STRING:
	case TOK_EMBEDDED:
		return true;
	}
	return false;
}

/* Appends the N ordinary tokens at T to the output in one copy. */
static void emit_span(struct pp *pp, const struct token *t, int n)
{
	for (int k = 0; k < n && !pp->adjacent_strings; k++)
		if (t[k].kind == TOK_STRING &&
		    (k ? t[k - 1].kind == TOK_STRING : pp->n && pp->out[pp->n - 1].kind == TOK_STRING))
			pp->adjacent_strings = true;
	if (pp->cap - pp->n < n) {
		size_t ncap = pp->cap ? (size_t)pp->cap : 256;
		struct token *nt;

		while (ncap < (size_t)pp->n + (size_t)n)
			ncap *= 2;
		if (ncap > INT_MAX / 2 || !(nt = realloc(pp->out, sizeof *nt * ncap))) {
			fputs("stap: out of memory\n", stderr);
			exit(1);
		}
		pp->out = nt;
		pp->cap = (int)ncap;
	}
	memcpy(pp->out + pp->n, t, sizeof *t * (size_t)n);
	pp->n += n;
}

/* Copies t[0..n) to the output, acting on the preprocessor's constructs. */
static void run(struct pp *pp, struct token *t, int n)
{
	int i = 0;

	while (i < n) {
		struct token *x = &t[i];

		if (pp->errors >= MAX_PP_ERRORS)
			return;
		if (!pp->stpm && ordinary(x)) {   /* the common case: a run of plain tokens */
			int end = i + 1;

			while (end < n && ordinary(&t[end]))
				end++;
			emit_span(pp, x, end - i);
			i = end;
		} else if (is_op(x, "%(")) {
			i = conditional(pp, t, i, n);
		} else if (x->kind == TOK_ATWORD && strcmp(x->text, "@define") == 0) {
			i = define(pp, t, i, n);
		} else if (is_op(x, "%?") || is_op(x, "%:") || is_op(x, "%)")) {
			pp_error(pp, x, "'%s' without a matching '%%('", x->text);
			i++;
		} else if (pp->stpm) {
			pp_error(pp, x, "expected '@define' (a .stpm file holds only macro definitions)");
			return;
		} else if (x->kind == TOK_ATWORD) {
			/* a macro first: it may shadow a built-in @-operator */
			struct macro *m = find_macro(pp, x->text);

			if (m) {
				i = invoke(pp, m, t, i, n);
			} else {
				emit(pp, x);   /* the parser reports it */
				i++;
			}
		} else if (x->kind == TOK_ARG) {
			struct token s;

			if (x->text[0] == '$' && x->text[1] != '#')
				emit_arg_tokens(pp, x);
			else if (substitute_arg(pp, x, &s))
				emit(pp, &s);
			i++;
		} else {
			emit(pp, x);
			i++;
		}
	}
}

/* Joins each run of adjacent string literals in the output into one token
 * (in one pass: a long run must not cost quadratic time). */
static void join_strings(struct pp *pp)
{
	int w = 0;

	for (int r = 0; r < pp->n;) {
		int end = r + 1;

		if (pp->out[r].kind == TOK_STRING)
			while (end < pp->n && pp->out[end].kind == TOK_STRING)
				end++;
		pp->out[w] = pp->out[r];
		if (end - r > 1) {
			size_t len = 0, at = 0;
			char *joined;

			for (int k = r; k < end; k++)
				len += strlen(pp->out[k].text);
			joined = arena_alloc(len + 1);
			for (int k = r; k < end; k++) {
				size_t n = strlen(pp->out[k].text);

				memcpy(joined + at, pp->out[k].text, n);
				at += n;
			}
			pp->out[w].text = joined;
		}
		w++;
		r = end;
	}
	pp->n = w;
}

/* True when RAW holds nothing for the preprocessor to do. */
static bool plain(const struct token_list *raw)
{
	for (int i = 0; i < raw->n; i++) {
		const struct token *t = &raw->tok[i];

		if (t->kind == TOK_ARG || (t->kind == TOK_ATWORD && !is_builtin_atword(t->text)) ||
		    (t->kind == TOK_ATWORD && strcmp(t->text, "@define") == 0) ||
		    (t->kind == TOK_OP && t->text[0] == '%' && t->text[1] && t->text[1] != '=') ||
		    (t->kind == TOK_STRING && i && raw->tok[i - 1].kind == TOK_STRING))
			return false;
	}
	return true;
}

struct token_list preprocess(const struct token_list *raw, struct pp_env *env, bool stpm)
{
	if (!stpm && plain(raw))
		return *raw;

	struct pp pp = { .env = env, .stpm = stpm, .cap = raw->n };

	pp.out = malloc(sizeof *pp.out * (size_t)pp.cap);
	if (!pp.out) {
		fputs("stap: out of memory\n", stderr);
		exit(1);
	}
	run(&pp, raw->tok, raw->n - 1);
	emit(&pp, &raw->tok[raw->n - 1]);
	if (pp.adjacent_strings)
		join_strings(&pp);
	return (struct token_list){ pp.out, pp.n, raw->swallowed };
}
