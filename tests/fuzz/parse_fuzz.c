/*
 * parse_fuzz.c - libFuzzer target for pass 1: lexer, preprocessor, parser
 * and the -p1 printer.  Each input is parsed as a user script (with two
 * script arguments, guru mode on so embedded C is reachable); when it parses,
 * the printed tree is parsed and printed again and the two texts must be
 * equal (the printer's round-trip property), else the target aborts.
 * Diagnostics go to /dev/null; the arena is freed after every input.
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "ast_print.h"
#include "diag.h"
#include "parse.h"

static const char *const script_args[] = { "42", "word" };

/* Parses TEXT (LEN bytes, NUL terminated) and prints it into a malloc'd
 * string; NULL when it does not parse. */
static char *parse_and_print(const char *text, size_t len)
{
	struct source src = { .name = "fuzz.stp", .text = text, .len = len };
	struct program prog = { 0 };
	struct pp_env env = {
		.kernel_release = "6.1.0-56-amd64",
		.arch = "x86_64",
		.privilege = "stapdev",
		.guru = true,
		.args = script_args,
		.nargs = 2,
	};
	char *out = NULL;
	size_t outlen = 0;
	FILE *m;

	diag_reset();
	if (parse_source(&src, &env, &prog) != 0)
		return NULL;
	m = open_memstream(&out, &outlen);
	if (!m)
		abort();
	ast_print_program(m, &src, &prog);
	fclose(m);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int devnull = -1;
	char *text, *first, *second;
	int saved;

	if (memchr(data, 0, size))   /* the driver refuses NUL bytes before pass 1 */
		return 0;
	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY);
	saved = dup(2);
	dup2(devnull, 2);

	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	first = parse_and_print(text, size);
	if (first) {
		second = parse_and_print(first, strlen(first));
		if (!second || strcmp(first, second) != 0) {
			dup2(saved, 2);
			fprintf(stderr, "round trip failed:\n--- first\n%s\n--- second\n%s\n", first,
				second ? second : "(does not parse)");
			abort();
		}
		free(second);
	}
	free(first);
	free(text);
	arena_free_all();
	dup2(saved, 2);
	close(saved);
	return 0;
}
