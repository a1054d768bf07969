/*
 * builtins.c - the table of library functions (string and numeric
 * built-ins) that pass 2 types and pass 3 lowers to a single runtime call.
 * Adding a function the runtime provides is adding a row.
 */
#include "config.h"

#include <string.h>

#include "builtins.h"

#define L TYPE_LONG
#define S TYPE_STRING

static const struct libfn libfns[] = {
	{ "substr", S, 3, { S, L, L }, LIB_STR, "stp_substr" },
	{ "stringat", L, 2, { S, L }, LIB_CTX, "stp_stringat" },
	{ "strpos", L, 2, { S, S }, LIB_PURE, "stp_strpos" },
	{ "isinstr", L, 2, { S, S }, LIB_PURE, "stp_isinstr" },
	{ "isdigit", L, 1, { S }, LIB_PURE, "stp_isdigit" },
	{ "str_replace", S, 3, { S, S, S }, LIB_STR, "stp_str_replace" },
	{ "strtol", L, 2, { S, L }, LIB_CTX, "stp_strtol" },
	{ "tokenize", S, 2, { S, S }, LIB_STR, "stp_tokenize" },
	{ "text_str", S, 1, { S }, LIB_STR, "stp_text_str" },
	{ "text_strn", S, 3, { S, L, L }, LIB_STR, "stp_text_strn" },
	{ "string_quoted", S, 1, { S }, LIB_STR, "stp_string_quoted" },
	{ "abs", L, 1, { L }, LIB_PURE, "stp_abs" },
	{ "max", L, 2, { L, L }, LIB_PURE, "stp_max" },
	{ "min", L, 2, { L, L }, LIB_PURE, "stp_min" },
	{ "randint", L, 1, { L }, LIB_CTX, "stp_randint" },
	{ "matched", S, 1, { L }, LIB_MATCH, "stp_regex_matched" },
	{ "matched_str", S, 0, { 0 }, LIB_MATCH, "stp_regex_matched_str" },
	{ "ngroups", L, 0, { 0 }, LIB_MATCH, "stp_regex_ngroups" },
	{ "big_endian2", L, 1, { L }, LIB_PURE, "stp_big_endian2" },
	{ "big_endian4", L, 1, { L }, LIB_PURE, "stp_big_endian4" },
	{ "big_endian8", L, 1, { L }, LIB_PURE, "stp_big_endian8" },
	{ "print_char", L, 1, { L }, LIB_CTX, "stp_print_char" },
	/* target variables, lowered by target_vars.c (the '.' keeps them
	 * out of reach of scripts) */
	{ "tv.arg", L, 1, { L }, LIB_CTX, "stp_tv_arg" },
	{ "tv.retval", L, 0, { 0 }, LIB_CTX, "stp_tv_retval" },
	{ "tv.read", L, 2, { L, L }, LIB_CTX, "stp_tv_read" },
	{ "tv.sext", L, 2, { L, L }, LIB_PURE, "stp_tv_sext" },
	{ "tv.bits", L, 3, { L, L, L }, LIB_PURE, "stp_tv_bits" },
	{ "tv.entry", L, 1, { L }, LIB_CTX, "stp_tv_entry" },
	{ "tv.targ", L, 1, { L }, LIB_CTX, "stp_tv_targ" },
	{ "tv.setarg", L, 2, { L, L }, LIB_CTX, "stp_tv_setarg" },
	{ "tv.setret", L, 1, { L }, LIB_CTX, "stp_tv_setret" },
	{ "tv.save", L, 2, { L, L }, LIB_CTX, "stp_tv_save" },
	{ "tv.entry_str", S, 1, { L }, LIB_CTX, "stp_tv_entry_str" },
	{ "tv.save_str", S, 2, { L, S }, LIB_CTX, "stp_tv_save_str" },
	{ "tv.write", L, 3, { L, L, L }, LIB_CTX, "stp_tv_write" },
	{ "tv.pretty", S, 2, { L, S }, LIB_CTX, "stp_tv_pretty" },
};

static const struct builtin_desc builtin_descs[] = {
	{ "printf", BUILTIN_PRINTF, 1, -1 },
	{ "sprintf", BUILTIN_SPRINTF, 1, -1 },
	{ "print", BUILTIN_PRINT, 1, -1 },
	{ "println", BUILTIN_PRINTLN, 0, -1 },
	{ "exit", BUILTIN_EXIT, 0, 0 },
	{ "strlen", BUILTIN_STRLEN, 1, 1 },
	{ "error", BUILTIN_ERROR, 1, 1 },
	{ "warn", BUILTIN_WARN, 1, 1 },
	{ "abort", BUILTIN_ABORT, 0, 0 },
	{ "sprint", BUILTIN_SPRINT, 1, -1 },
	{ "sprintln", BUILTIN_SPRINTLN, 0, -1 },
	{ "printd", BUILTIN_PRINTD, 3, -1 },       /* a delimiter and two or more values */
	{ "printdln", BUILTIN_PRINTDLN, 3, -1 },
	{ "sprintd", BUILTIN_SPRINTD, 2, -1 },
	{ "sprintdln", BUILTIN_SPRINTDLN, 2, -1 },
};

const struct builtin_desc *builtin_find(const char *name)
{
	for (size_t i = 0; i < sizeof builtin_descs / sizeof builtin_descs[0]; i++)
		if (strcmp(builtin_descs[i].name, name) == 0)
			return &builtin_descs[i];
	return NULL;
}

bool builtin_name_taken(const char *name)
{
	return builtin_find(name) || libfn_find(name);
}

const struct libfn *libfn_find(const char *name)
{
	for (size_t i = 0; i < sizeof libfns / sizeof libfns[0]; i++)
		if (strcmp(libfns[i].name, name) == 0)
			return &libfns[i];
	return NULL;
}
