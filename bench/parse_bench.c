/*
 * parse_bench.c - pass 1 throughput: lexes, preprocesses and parses the
 * given files again and again for at least one second (in guru mode, as
 * tapsets are read; *.stpm files first, as macro files) and prints lines
 * per second.  Built and run by
 * bench/parse-throughput.sh.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "parse.h"

struct input {
	char *text;
	size_t len;
	const char *name;
	long lines;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_input(const char *path, struct input *in)
{
	FILE *f = fopen(path, "r");
	long n;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	in->text = malloc((size_t)n + 1);
	if (!in->text || fread(in->text, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	in->text[n] = '\0';
	in->len = (size_t)n;
	in->name = path;
	in->lines = 0;
	for (long i = 0; i < n; i++)
		in->lines += in->text[i] == '\n';
	return 0;
}

int main(int argc, char **argv)
{
	struct input *in = calloc((size_t)argc, sizeof *in);
	long lines = 0, rounds = 0;
	double start, elapsed;
	int n = 0;

	for (int i = 1; i < argc; i++) {
		if (read_input(argv[i], &in[n]) != 0) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			return 1;
		}
		lines += in[n++].lines;
	}
	start = now();
	do {
		struct macro_table macros = { 0 };
		struct pp_env env = { .kernel_release = "6.1.0-56-amd64", .arch = "x86_64",
				      .privilege = "stapdev", .guru = true,
				      .global_macros = &macros };

		for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			struct source src = { .name = in[i].name, .text = in[i].text, .len = in[i].len };
			struct program prog = { 0 };
			size_t len = strlen(in[i].name);
			bool stpm = len > 5 && strcmp(in[i].name + len - 5, ".stpm") == 0;

			if (stpm != (pass == 0))
				continue;
			if (stpm ? parse_macro_file(&src, &env) != 0 : parse_source(&src, &env, &prog) != 0) {
				fprintf(stderr, "%s does not parse\n", in[i].name);
				return 1;
			}
		}
		arena_free_all();
		rounds++;
		elapsed = now() - start;
	} while (elapsed < 1.0);
	printf("%d files, %ld lines, %ld rounds in %.2f s: %.0f lines/s\n", n, lines, rounds,
	       elapsed, (double)lines * (double)rounds / elapsed);
	return 0;
}
