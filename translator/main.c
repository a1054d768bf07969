/*
 * main.c - the stap driver.  Reads as the pipeline: options, then pass 1
 * (parse), pass 2 (elaborate), pass 3 (emit C into a temporary directory),
 * pass 4 (build the module), pass 5 (run it); -p N stops after pass N and
 * prints what that pass made.  Errors stop between passes; exit status is
 * 0 on success and 1 on any failure.
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
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
#include "elaborate.h"
#include "array_bytes.h"
#include "global_params.h"
#include "optimize.h"
#include "parse.h"
#include "pass_timer.h"
#include "privilege.h"
#include "passes45.h"
#include "resolve.h"
#include "path_format.h"
#include "session.h"
#include "tapsets.h"

#define MAX_SCRIPT_BYTES (16 << 20)
#define MAX_MODULE_NAME 55          /* the kernel's MODULE_NAME_LEN - 1 */

static const char usage_text[] =
	"Usage: stap [options] FILE [ARGS]      Run script in file.\n"
	"   or: stap [options] -e SCRIPT [ARGS] Run given script.\n"
	"\n"
	"Options:\n"
	"   --         end of translator options, script options follow\n"
	"   -h --help  show help\n"
	"   -V --version  show version\n"
	"   -p NUM     stop after pass NUM 1-5, instead of 5\n"
	"              (parse, elaborate, translate, compile, run)\n"
	"   -v         add verbosity to all passes\n"
	"   -k         keep temporary directory\n"
	"   -g         guru mode\n"
	"   -u         unoptimized translation\n"
	"   -w         suppress warnings\n"
	"   -W         turn warnings into errors\n"
	"   -e SCRIPT  run given script instead of a file\n"
	"   -I DIR     look in DIR for additional .stp script files\n"
	"   -D NM=VAL  emit macro definition into generated C code\n"
	"   -G VAR=VAL set global variable to value\n"
	"   -R DIR     look in DIR for runtime, instead of " PKGDATADIR "/runtime\n"
	"   -r DIR     cross-compile to kernel with given build tree; or else\n"
	"   -r RELEASE cross-compile to kernel /lib/modules/RELEASE/build\n"
	"   -m MODULE  set probe module name, instead of stap_<hash>\n"
	"   -o FILE    send script output to file, instead of stdout\n"
	"   -s NUM     buffer size in megabytes, instead of the default\n"
	"   -c CMD     start the probes, run CMD, and exit when it finishes\n"
	"   -x PID     sets target() to PID\n"
	"   --remote=vm  run pass 5 in a disposable virtual machine\n"
	"   --privilege=stapusr|stapsys|stapdev\n"
	"              build a module members of that group may run\n"
	"   --unprivileged  same as --privilege=stapusr\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("stap: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'stap --help' for more information.\n", stderr);
	return 1;
}

static bool parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool add_list(const char **list, int *n, const char *v)
{
	if (*n >= SESSION_MAX_LIST)
		return false;
	list[(*n)++] = v;
	return true;
}

static bool valid_module_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > MAX_MODULE_NAME)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(name[i] == '_' || (name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9')))
			return false;
	return true;
}

static bool is_ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* -D NAME or NAME=VALUE, VALUE an optional '-' then letters, digits and '_':
 * it lands in Kbuild inside make and shell quoting, so nothing either of them
 * would interpret may pass (upstream allows the same shape). */
static bool valid_define(const char *d)
{
	const char *p = d;

	if (!is_ident_char(*p) || (*p >= '0' && *p <= '9'))
		return false;
	while (is_ident_char(*p))
		p++;
	if (!*p)
		return true;
	if (*p++ != '=')
		return false;
	if (*p == '-')
		p++;
	if (!*p)
		return false;
	while (is_ident_char(*p))
		p++;
	return !*p;
}

/* Returns 0, 1 (error: already reported) or -1 (help/version shown: exit 0). */
static int parse_options(struct session *s, int argc, char **argv)
{
	enum { OPT_REMOTE = 256, OPT_PRIVILEGE, OPT_UNPRIVILEGED };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "remote", required_argument, NULL, OPT_REMOTE },
		{ "privilege", required_argument, NULL, OPT_PRIVILEGE },
		{ "unprivileged", no_argument, NULL, OPT_UNPRIVILEGED },
		{ NULL, 0, NULL, 0 },
	};
	const char *env_runtime = getenv("SYSTEMTAP_RUNTIME");
	int c;
	long v;

	s->last_pass = 5;
	s->runtime_dir = env_runtime && env_runtime[0] ? env_runtime : PKGDATADIR "/runtime";
	s->tapset_dir = PKGDATADIR "/tapset";
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hVp:vkgiuwWe:I:D:G:R:r:m:o:s:c:x:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		case 'V':
			printf("Systemtap translator/driver (version %s, from-scratch C implementation)\n"
			       "This is free software; see the source for copying conditions.\n",
			       PACKAGE_VERSION);
			return -1;
		case 'p':
			if (!parse_int(optarg, 1, 5, &v))
				return usage_error("invalid pass number '%s' (must be 1-5)", optarg);
			s->last_pass = (int)v;
			break;
		case 'v':
			s->verbose++;
			break;
		case 'k':
			s->keep_tmpdir = true;
			break;
		case 'g':
			s->guru = true;
			break;
		case 'i':
			break;
		case 'u':
			s->unoptimized = true;
			break;
		case 'w':
			s->suppress_warnings = true;
			break;
		case 'W':
			s->warnings_as_errors = true;
			break;
		case 'e':
			if (s->script_text)
				return usage_error("%s", "only one -e SCRIPT may be given");
			s->script_text = optarg;
			break;
		case 'I':
			if (!add_list(s->include_dirs, &s->ninclude_dirs, optarg))
				return usage_error("too many -I options (limit is %s)", "64");
			break;
		case 'D':
			if (!valid_define(optarg))
				return usage_error("invalid -D option '%s' (want NAME or NAME=VALUE, "
						   "VALUE letters, digits and '_' after an optional '-')",
						   optarg);
			if (!add_list(s->defines, &s->ndefines, optarg))
				return usage_error("too many -D options (limit is %s)", "64");
			break;
		case 'G':
			if (!global_param_syntax_ok(optarg))
				return usage_error("invalid -G option '%s' (want NAME=VALUE)", optarg);
			if (!add_list(s->global_sets, &s->nglobal_sets, optarg))
				return usage_error("too many -G options (limit is %s)", "64");
			break;
		case 'R':
			s->runtime_dir = optarg;
			break;
		case 'r':
			s->kernel_release = optarg;
			break;
		case 'm':
			if (!valid_module_name(optarg))
				return usage_error("invalid module name '%s' (letters, digits and '_', "
						   "at most 55)", optarg);
			s->module_name = optarg;
			s->module_name_given = true;
			break;
		case 'o':
			s->output_file = optarg;
			break;
		case 's':
			if (!parse_int(optarg, 1, 4095, &v))
				return usage_error("invalid buffer size '%s' (1-4095 MB)", optarg);
			s->buffer_mb = (int)v;
			break;
		case 'c':
			s->target_cmd = optarg;
			break;
		case 'x':
			if (!parse_int(optarg, 1, INT_MAX, &v))
				return usage_error("invalid process id '%s'", optarg);
			s->target_pid = (int)v;
			break;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		case OPT_PRIVILEGE:
			if (privilege_from_name(optarg) < 0)
				return usage_error("invalid --privilege '%s' (stapusr, stapsys or "
						   "stapdev)", optarg);
			s->privilege = privilege_from_name(optarg);
			break;
		case OPT_UNPRIVILEGED:
			s->privilege = PRIV_STAPUSR;
			break;
		case OPT_REMOTE:
			if (strcmp(optarg, "vm") != 0)
				return usage_error("unsupported --remote target '%s' (only 'vm')", optarg);
			s->remote = "vm";
			break;
		default:
			if (optopt && optopt < 256) {
				char opt[3] = { '-', (char)optopt, '\0' };

				return usage_error("invalid option '%s'", opt);
			}
			return usage_error("invalid option '%s'", argv[optind - 1]);
		}
	}
	if (!s->script_text) {
		if (optind >= argc)
			return usage_error("%s", "no script given (a FILE or -e SCRIPT)");
		s->script_file = argv[optind++];
	}
	for (; optind < argc; optind++)
		if (!add_list(s->args, &s->nargs, argv[optind]))
			return usage_error("too many script arguments (limit is %s)", "64");
	if (s->target_cmd && s->target_pid)
		return usage_error("%s", "-c and -x are mutually exclusive");
	if (privilege_check_options(s))
		return 1;
	return 0;
}

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

static int make_tmpdir(struct session *s)
{
	const char *base = getenv("TMPDIR");

	if (!base || !base[0])
		base = "/tmp";
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

static void cleanup_tmpdir(struct session *s)
{
	if (!s->tmpdir[0])
		return;
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
	};
	const char **files;
	int n, errors = 0;

	n = tapset_files(s, ".stpm", &files);
	for (int i = 0; i < n; i++) {
		struct source *m = tapset_read(files[i]);

		errors += m ? parse_macro_file(m, &env) : 1;
	}
	errors += parse_source(src, &env, prog);
	n = tapset_files(s, ".stp", &files);
	env.guru = true;
	for (int i = 0; i < n; i++) {
		struct source *lib = tapset_read(files[i]);

		errors += lib ? parse_source(lib, &env, &library) : 1;
	}
	*nlibrary = n;
	return errors;
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
	pass_timer_start(&t);
	session_target_defaults(s);
	errors = parse_all(s, &src, &prog, &nlibrary);
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
	pass_timer_start(&t);
	errors = resolve_program(s, &prog);
	if (errors) {
		/* reported */
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
	if (s->last_pass == 2) {
		elaborate_print(stdout, &prog);
		return 0;
	}

	/* pass 3: translate */
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
	if (pass4_build(s) != 0)
		return 1;
	if (s->last_pass == 4)
		return 0;
	return pass5_run(s);
}

int main(int argc, char **argv)
{
	struct session s = { 0 };
	int rc = parse_options(&s, argc, argv);

	if (rc != 0)
		return rc < 0 ? 0 : 1;
	diag_set_quiet_warnings(s.suppress_warnings);
	diag_set_warnings_as_errors(s.warnings_as_errors);
	rc = run_passes(&s);
	cleanup_tmpdir(&s);
	arena_free_all();
	return rc;
}
