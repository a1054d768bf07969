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
	{ "cpu", L, 0, { 0 }, LIB_PURE, "stp_cpu" },
};

const struct libfn *libfn_find(const char *name)
{
	for (size_t i = 0; i < sizeof libfns / sizeof libfns[0]; i++)
		if (strcmp(libfns[i].name, name) == 0)
			return &libfns[i];
	return NULL;
}
