/*
 * tapset_index.c - a scan of tapset text for top-level declarations:
 * "function NAME", "global NAME [...], NAME ..." and
 * "probe NAME, NAME = ..." / "+=" (alias names, indexed by their first
 * component).  The scan skips comments, strings and embedded C, counts
 * braces to know what is top level, and treats the preprocessor's %( %? %:
 * %) as blanks, so both branches of a conditional are indexed.  It never
 * fails: odd text gives extra or missing candidates, never an error (the
 * parser reports errors in pass 1).
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "tapset_index.h"
#include "tapsets.h"

struct scanner {
	const char *p;
	struct tapset_index *ix;
	int file;
};

static void add(struct scanner *sc, enum tapset_def kind, const char *name, size_t len)
{
	struct tapset_index *ix = sc->ix;

	if (!len)
		return;
	if (ix->n == ix->cap) {
		int ncap = ix->cap ? ix->cap * 2 : 256;
		struct tapset_entry *nv = arena_alloc(sizeof *nv * (size_t)ncap);

		if (ix->n)
			memcpy(nv, ix->entries, sizeof *nv * (size_t)ix->n);
		ix->entries = nv;
		ix->cap = ncap;
	}
	ix->entries[ix->n++] = (struct tapset_entry){ kind, intern(name, len), sc->file };
}

static bool ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* Skips blanks, comments, strings' absence: stops at the next token. */
static void skip_blank(struct scanner *sc)
{
	for (;;) {
		const char *p = sc->p;

		if (isspace((unsigned char)*p)) {
			sc->p++;
		} else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
			while (*sc->p && *sc->p != '\n')
				sc->p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");

			sc->p = end ? end + 2 : p + strlen(p);
		} else if (p[0] == '%' && (p[1] == '(' || p[1] == '?' || p[1] == ':' || p[1] == ')')) {
			sc->p += 2;
		} else {
			return;
		}
	}
}

static void skip_string(struct scanner *sc)
{
	char q = *sc->p++;

	while (*sc->p && *sc->p != q) {
		if (*sc->p == '\\' && sc->p[1])
			sc->p++;
		sc->p++;
	}
	if (*sc->p)
		sc->p++;
}

static size_t ident(struct scanner *sc, const char **start)
{
	*start = sc->p;
	if (!ident_start(*sc->p))
		return 0;
	while (ident_char(*sc->p))
		sc->p++;
	return (size_t)(sc->p - *start);
}

/* global a, b[10], c = 5, d% ... */
static void scan_global(struct scanner *sc)
{
	for (;;) {
		const char *name;
		size_t len;

		skip_blank(sc);
		len = ident(sc, &name);
		if (!len)
			return;
		add(sc, TDEF_GLOBAL, name, len);
		skip_blank(sc);
		if (*sc->p == '[') {
			while (*sc->p && *sc->p != ']' && *sc->p != '\n')
				sc->p++;
			if (*sc->p == ']')
				sc->p++;
			skip_blank(sc);
		}
		if (*sc->p == '%') {
			sc->p++;
			skip_blank(sc);
		}
		if (*sc->p == '=' && sc->p[1] != '=') {
			sc->p++;
			skip_blank(sc);
			if (*sc->p == '"')
				skip_string(sc);
			else
				while (*sc->p == '-' || isalnum((unsigned char)*sc->p))
					sc->p++;
			skip_blank(sc);
		}
		if (*sc->p != ',')
			return;
		sc->p++;
	}
}

/* probe NAMES ('=' | '+=') ...: the alias names' first components. */
static void scan_probe(struct scanner *sc)
{
	const char *start = sc->p, *eq = NULL;
	int parens = 0;

	while (*sc->p && *sc->p != '{') {
		char c = *sc->p;

		if (c == '"') {
			skip_string(sc);
			continue;
		}
		if (c == '(')
			parens++;
		else if (c == ')')
			parens--;
		else if (c == '=' && !parens && sc->p[1] != '=' && (sc->p == start || sc->p[-1] != '!')) {
			eq = sc->p;
			break;
		}
		sc->p++;
	}
	if (!eq)
		return;
	/* names are comma separated; each one's first component */
	for (const char *p = start; p < eq;) {
		const char *n;

		while (p < eq && (isspace((unsigned char)*p) || *p == ','))
			p++;
		n = p;
		while (p < eq && *p != '.' && *p != '(' && *p != ',' && *p != '+' &&
		       !isspace((unsigned char)*p))
			p++;
		add(sc, TDEF_ALIAS, n, (size_t)(p - n));
		parens = 0;
		while (p < eq && (*p != ',' || parens)) {
			if (*p == '(')
				parens++;
			else if (*p == ')')
				parens--;
			p++;
		}
	}
	sc->p = eq + 1;
}

void tapset_index_scan(struct tapset_index *ix, const char *text, int file)
{
	struct scanner sc = { .p = text, .ix = ix, .file = file };
	int depth = 0;

	while (*sc.p) {
		const char *name;
		size_t len;

		skip_blank(&sc);
		if (!*sc.p)
			break;
		if (sc.p[0] == '%' && sc.p[1] == '{') {
			const char *end = strstr(sc.p + 2, "%}");

			sc.p = end ? end + 2 : sc.p + strlen(sc.p);
			continue;
		}
		if (*sc.p == '"') {
			skip_string(&sc);
			continue;
		}
		if (*sc.p == '{') {
			depth++;
			sc.p++;
			continue;
		}
		if (*sc.p == '}') {
			if (depth > 0)
				depth--;
			sc.p++;
			continue;
		}
		len = ident(&sc, &name);
		if (!len) {
			sc.p++;
			continue;
		}
		if (depth)
			continue;
		if (len == 8 && memcmp(name, "function", 8) == 0) {
			skip_blank(&sc);
			len = ident(&sc, &name);
			add(&sc, TDEF_FUNCTION, name, len);
		} else if (len == 6 && memcmp(name, "global", 6) == 0) {
			scan_global(&sc);
		} else if (len == 5 && memcmp(name, "probe", 5) == 0) {
			scan_probe(&sc);
		}
	}
}

void tapset_index_build(struct tapset_index *ix, const char **paths, int npaths)
{
	memset(ix, 0, sizeof *ix);
	ix->paths = paths;
	ix->nfiles = npaths;
	ix->sources = arena_alloc(sizeof *ix->sources * (size_t)(npaths ? npaths : 1));
	for (int i = 0; i < npaths; i++) {
		ix->sources[i] = tapset_read(paths[i]);
		if (ix->sources[i])
			tapset_index_scan(ix, ix->sources[i]->text, i);
	}
}
