/*
 * main.c - the stap driver.  Reads as the pipeline: options, then pass 1
 * (parse), pass 2 (elaborate), pass 3 (emit C into a temporary directory),
 * pass 4 (build the module), pass 5 (run it); -p N stops after pass N and
 * prints what that pass made.  Errors stop between passes; exit status is
 * 0 on success and 1 on any failure.
 */
#include "config.h"

#include <errno.h>
#include <dirent.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "ast_print.h"
#include "codegen.h"
#include "diag.h"
#include "dump.h"
#include "interactive.h"
#include "elaborate.h"
#include "listing.h"
#include "array_bytes.h"
#include "build_cache.h"
#include "global_params.h"
#include "optimize.h"
#include "options.h"
#include "parse.h"
#include "pass_timer.h"
#include "privilege.h"
#include "passes45.h"
#include "resolve.h"
#include "path_format.h"
#include "session.h"
#include "tapsets.h"

#define MAX_SCRIPT_BYTES (16 << 20)

/* Reads the script into SRC; reports and returns nonzero on failure. */
static int load_script(struct session *s, struct source *src)
{
	if (s->script_text) {
		src->name = "<input>";
		src->text = s->script_text;
		src->len = strlen(s->script_text);
	} else {
		bool is_stdin = strcmp(s->script_file, "-") == 0;
		FILE *f = is_stdin ? stdin : fopen(s->script_file, "r");
		struct buf b = { 0 };
		char chunk[65536];
		size_t n;

		if (!f) {
			fprintf(stderr, "ERROR: cannot open script file '%s': %s\n", s->script_file,
				strerror(errno));
			return 1;
		}
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
			if (b.len + n > MAX_SCRIPT_BYTES) {
				fprintf(stderr, "ERROR: script '%s' too large (limit is 16 MB)\n",
					s->script_file);
				if (!is_stdin)
					fclose(f);
				buf_free(&b);
				return 1;
			}
			buf_add(&b, chunk, n);
		}
		bool bad = ferror(f);
		if (!is_stdin)
			fclose(f);
		if (bad) {
			fprintf(stderr, "ERROR: cannot read script file '%s'\n", s->script_file);
			buf_free(&b);
			return 1;
		}
		src->name = is_stdin ? "<input>" : s->script_file;
		src->text = arena_strndup(b.data ? b.data : "", b.len);
		src->len = b.len;
		buf_free(&b);
	}
	if (memchr(src->text, '\0', src->len) || strlen(src->text) != src->len) {
		fprintf(stderr, "ERROR: script '%s' contains a NUL byte\n", src->name);
		return 1;
	}
	s->script_name = src->name;
	return 0;
}

/* stap_ + 16 hex digits of a hash of the script, the -D options and the
 * script arguments (they become literals in the C). */
static void choose_module_name(struct session *s, const struct source *src)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < src->len; i++) {
		h ^= (unsigned char)src->text[i];
		h *= 1099511628211ULL;
	}
	for (int i = 0; i < s->ndefines + s->nargs; i++) {
		const char *p = i < s->ndefines ? s->defines[i] : s->args[i - s->ndefines];

		for (;; p++) {
			h ^= (unsigned char)*p;
			h *= 1099511628211ULL;
			if (!*p)
				break;
		}
		h ^= i < s->ndefines ? 'D' : 'A';   /* -D X and an argument X differ */
		h *= 1099511628211ULL;
	}
	s->module_name = arena_printf("stap_%016" PRIx64, h);
}

/* --tmpdir=DIR: DIR itself (made if missing) is the work directory, and
 * it is left behind like -k's. */
static int use_given_tmpdir(struct session *s)
{
	if (path_format(s->tmpdir, sizeof s->tmpdir, "%s", s->tmpdir_given) != 0)
		return 1;
	if (mkdir(s->tmpdir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "ERROR: cannot create temporary directory %s: %s\n", s->tmpdir,
			strerror(errno));
		s->tmpdir[0] = '\0';
		return 1;
	}
	s->keep_tmpdir = true;
	return 0;
}

static int make_tmpdir(struct session *s)
{
	const char *base = s->tmp_base;

	if (s->tmpdir_given)
		return use_given_tmpdir(s);

	if (path_format(s->tmpdir, sizeof s->tmpdir, "%s/stapXXXXXX", base) != 0)
		return 1;
	if (!mkdtemp(s->tmpdir)) {
		fprintf(stderr, "ERROR: cannot create temporary directory under %s: %s\n", base,
			strerror(errno));
		s->tmpdir[0] = '\0';
		return 1;
	}
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0 && errno != ENOENT)
		fprintf(stderr, "WARNING: cannot remove %s: %s\n", path, strerror(errno));
	return 0;
}

/* --save-temps: the regular files of the work directory (generated C,
 * Kbuild, objects, the module) copied into the current directory. */
static void save_temps(const struct session *s)
{
	DIR *d = opendir(s->tmpdir);
	struct dirent *e;

	if (!d) {
		fprintf(stderr, "WARNING: --save-temps: cannot read %s: %s\n", s->tmpdir,
			strerror(errno));
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char from[800];
		struct stat st;

		if (e->d_name[0] == '.' ||
		    path_format(from, sizeof from, "%s/%s", s->tmpdir, e->d_name) != 0 ||
		    lstat(from, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (copy_file(from, e->d_name) != 0)
			fprintf(stderr, "WARNING: --save-temps: cannot copy %s: %s\n", from,
				strerror(errno));
	}
	closedir(d);
}

static void cleanup_tmpdir(struct session *s)
{
	if (!s->tmpdir[0])
		return;
	if (s->save_temps)
		save_temps(s);
	bool product_inside = s->last_pass == 4 && s->ko_file[0] &&
			      strncmp(s->ko_file, s->tmpdir, strlen(s->tmpdir)) == 0;
	if (s->keep_tmpdir || product_inside) {
		fprintf(stderr, "Keeping temporary directory \"%s\"\n", s->tmpdir);
		return;
	}
	nftw(s->tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
		fprintf(stderr, "ERROR: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

static int count_probes(const struct program *prog, int *functions, int *globals)
{
	int n = 0;

	*functions = *globals = 0;
	for (const struct probe *p = prog->probes; p; p = p->next)
		for (const struct probe_point *pp = p->points; pp; pp = pp->next)
			n++;
	for (const struct function *f = prog->functions; f; f = f->next)
		*functions += f->used;
	for (const struct symbol *g = prog->globals; g; g = g->next)
		*globals += g->type != TYPE_UNKNOWN;
	return n;
}

/* Pass 1: the global macros of the *.stpm files, the user script SRC into
 * PROG, then every tapset (in guru mode, into a tree of its own that later
 * passes will draw on) so errors in the library are reported too.  Returns
 * the number of errors; *NLIBRARY: tapset files read. */
static int parse_all(struct session *s, struct source *src, struct program *prog,
		     int *nlibrary)
{
	static struct macro_table macros;
	static struct program library;
	struct pp_env env = {
		.kernel_release = s->kernel_release,
		.arch = s->arch,
		.kernel_config = arena_printf("%s/.config", s->kernel_build_dir),
		.privilege = privilege_level_name(s->privilege),
		.guru = s->guru,
		.args = s->args,
		.nargs = s->nargs,
		.global_macros = &macros,
		.verbose = s->verbose,
		.systemtap_v = s->compatible,
		.check_version = s->check_version,
	};
	int errors = tapsets_parse_macros(s, &env);

	errors += parse_source(src, &env, prog);
	for (int i = 0; i < s->nextra_scripts; i++) {
		/* -E SCRIPT: more of the user's script, after the main one */
		struct source *extra = arena_alloc(sizeof *extra);

		extra->name = "<input>";
		extra->text = s->extra_scripts[i];
		extra->len = strlen(extra->text);
		errors += parse_source(extra, &env, prog);
	}
	env.guru = true;
	return errors + tapsets_parse_library(s, &env, &library, nlibrary);
}

/* Passes 1-5 over S; returns the exit status. */
static int run_passes(struct session *s)
{
	struct source src = { 0 };
	struct program prog = { 0 };
	struct pass_timer t;
	struct buf c_text = { 0 };
	int nfunctions, nglobals, nprobes, errors, rc, nlibrary = 0;

	/* pass 1: parse */
	if (load_script(s, &src) != 0)
		return 1;
	s->verbose = s->pass_verbose[0];
	pass_timer_start(&t);
	session_target_defaults(s);
	errors = parse_all(s, &src, &prog, &nlibrary);
	if (!errors && !prog.probes && !prog.aliases) {
		/* already pass 1: nothing would ever run (aliases alone are a
		 * library, checked for probes in pass 2) */
		fprintf(stderr, "parse error: no probes found in '%s'\n", src.name);
		errors = 1;
	}
	if (errors) {
		fprintf(stderr, "\n%d parse error%s.\n", errors, errors == 1 ? "" : "s");
		fputs("Pass 1: parse failed.  [man error::pass1]\n", stderr);
		return 1;
	}
	if (s->verbose)
		pass_timer_report(&t, "Pass 1: parsed user script and %d library script%s",
				  nlibrary, nlibrary == 1 ? "" : "s");
	if (s->last_pass == 1) {
		ast_print_program(stdout, &src, &prog);
		return 0;
	}

	/* pass 2: elaborate */
	s->verbose = s->pass_verbose[1];
	pass_timer_start(&t);
	errors = resolve_program(s, &prog);
	if (errors) {
		/* reported */
	} else if (!prog.probes && s->listing) {
		return 0;    /* nothing matches: an empty list */
	} else if (!prog.probes) {
		diag_semantic_error((struct srcloc){ 0 }, NULL, "no probes found");
		errors = 1;
	} else {
		errors = optimize_program(s, &prog, &src);
		if (!errors)
			errors = elaborate(s, &prog);
		if (!errors)
			errors = check_global_params(s, &prog);
		if (!errors)
			errors = check_array_bytes(s, &prog);
		if (!errors)
			errors = privilege_check_program(s, &prog);
	}
	if (errors) {
		fputs("Pass 2: analysis failed.  [man error::pass2]\n", stderr);
		return 1;
	}
	nprobes = count_probes(&prog, &nfunctions, &nglobals);
	int nembeds = 0;
	for (const struct embedded *e = prog.embedded; e; e = e->next)
		nembeds++;
	if (s->verbose)
		pass_timer_report(&t, "Pass 2: analyzed script: %d probe%s, %d function%s, "
				  "%d embed%s, %d global%s", nprobes, nprobes == 1 ? "" : "s",
				  nfunctions, nfunctions == 1 ? "" : "s", nembeds,
				  nembeds == 1 ? "" : "s", nglobals, nglobals == 1 ? "" : "s");
	if (s->listing) {
		list_probe_points(stdout, s, &prog, &src, s->listing == 2);
		return 0;
	}
	if (s->last_pass == 2) {
		elaborate_print(stdout, &prog);
		return 0;
	}

	/* pass 3: translate */
	s->verbose = s->pass_verbose[2];
	pass_timer_start(&t);
	if (!s->module_name)
		choose_module_name(s, &src);
	if (make_tmpdir(s) != 0)
		return 1;
	if (path_format(s->c_file, sizeof s->c_file, "%s/%s_src.c", s->tmpdir, s->module_name) != 0)
		return 1;
	codegen_program(s, &prog, &c_text);
	rc = write_file(s->c_file, &c_text);
	if (rc == 0 && s->last_pass == 3)
		fwrite(c_text.data, 1, c_text.len, stdout);
	buf_free(&c_text);
	if (rc != 0) {
		fputs("Pass 3: translation failed.  [man error::pass3]\n", stderr);
		return 1;
	}
	if (s->verbose)
		pass_timer_report(&t, "Pass 3: translated to C into \"%s\"", s->c_file);
	if (s->last_pass == 3)
		return 0;

	/* pass 4: compile; pass 5: run */
	session_target_defaults(s);
	s->verbose = s->pass_verbose[3];
	if (pass4_build(s) != 0)
		return 1;
	if (s->last_pass == 4)
		return 0;
	s->verbose = s->pass_verbose[4];
	return pass5_run(s);
}

/* One run for -i, in its child process. */
static int run_and_clean(struct session *s)
{
	int rc = run_passes(s);

	cleanup_tmpdir(s);
	return rc;
}

int main(int argc, char **argv)
{
	struct session s = { 0 };
	int rc = options_parse(&s, argc, argv);

	if (rc != 0)
		return rc < 0 ? 0 : 1;
	diag_set_quiet_warnings(s.suppress_warnings);
	diag_set_warnings_as_errors(s.warnings_as_errors);
	diag_set_color(s.color == 1 || (s.color == 2 && isatty(STDERR_FILENO)),
		       getenv("SYSTEMTAP_COLORS"));
	if (s.clean_cache && build_cache_clean(&s) != 0)
		return 1;
	if (s.dump) {
		session_target_defaults(&s);
		return dump_listing(&s);
	}
	if (s.interactive)
		return interactive_loop(&s, run_and_clean);
	if (s.clean_cache && !s.script_file && !s.script_text)
		return 0;
	rc = run_passes(&s);
	cleanup_tmpdir(&s);
	arena_free_all();
	return rc;
}
