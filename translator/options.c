/*
 * options.c - the stap command line.  One table holds every option of
 * upstream stap 5.x: it drives getopt_long, `stap --help` and the refusals,
 * so the three cannot disagree.  An option that cannot apply here (a compile
 * server, another runtime) is still recognised and refused with the reason,
 * never reported as unknown.  Parsing is GNU-style as upstream's: options
 * may follow the script (`stap x.stp -g`), and `--` ends them, so script
 * arguments that look like options go after it.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "global_params.h"
#include "preprocess.h"
#include "privilege.h"
#include "options.h"
#include "common/module_name.h"
#include "common/number_arg.h"
#include "common/monitor_mode.h"
#include "common/rotation_arg.h"

enum opt_id {
	OPT_HELP, OPT_VERSION, OPT_VERBOSE, OPT_VP, OPT_PASS, OPT_KEEP, OPT_SAVE_TEMPS,
	OPT_TMPDIR, OPT_GURU, OPT_UNOPTIMIZED, OPT_NO_WARNINGS, OPT_WERROR, OPT_SCRIPT,
	OPT_EXTRA_SCRIPT, OPT_INCLUDE, OPT_DEFINE, OPT_MAKE_VAR, OPT_GLOBAL, OPT_RUNTIME_DIR,
	OPT_RELEASE, OPT_ARCH, OPT_MODULE, OPT_MODINFO, OPT_OUTPUT, OPT_BUFFER, OPT_CMD,
	OPT_PID, OPT_REMOTE, OPT_COMPATIBLE, OPT_CHECK_VERSION, OPT_SKIP_BADVARS,
	OPT_SUPPRESS_HANDLER_ERRORS, OPT_SUPPRESS_TIME_LIMITS, OPT_NO_GLOBAL_VAR_DISPLAY,
	OPT_PROLOGUE, OPT_PROLOGUE_SEARCHING, OPT_SYMBOLS, OPT_LDD, OPT_ALL_MODULES,
	OPT_DISABLE_CACHE, OPT_POISON_CACHE, OPT_CLEAN_CACHE, OPT_COLOR, OPT_COLOUR,
	OPT_RUNTIME, OPT_SYSROOT, OPT_DUMP_PROBE_TYPES, OPT_DUMP_PROBE_ALIASES,
	OPT_DUMP_FUNCTIONS,
	OPT_TIMEOUT, OPT_INTERACTIVE,
	/* recognised, refused with the reason */
	OPT_LIST, OPT_LIST_VARS, OPT_TIMING, OPT_BULK,
	OPT_FLIGHT, OPT_FILE_LIMIT, OPT_COVERAGE, OPT_UNDOC_J, OPT_UNDOC_LOWER_J,
	OPT_PRIVILEGE, OPT_UNPRIVILEGED, OPT_USE_SERVER, OPT_LIST_SERVERS, OPT_TRUST_SERVERS,
	OPT_USE_SERVER_ON_ERROR, OPT_USE_HTTP_SERVER, OPT_CLIENT_OPTIONS, OPT_SIGN_MODULE,
	OPT_REMOTE_PREFIX, OPT_DOWNLOAD_DEBUGINFO, OPT_RLIMIT_AS, OPT_RLIMIT_CPU,
	OPT_RLIMIT_NPROC, OPT_RLIMIT_STACK, OPT_RLIMIT_FSIZE, OPT_SYSENV, OPT_DYNINST, OPT_BPF,
	OPT_BENCHMARK_SDT, OPT_BENCHMARK_SDT_LOOPS, OPT_BENCHMARK_SDT_THREADS,
	OPT_SAVE_UPROBES, OPT_TARGET_NAMESPACES, OPT_MONITOR, OPT_EXAMPLE,
	OPT_LANGUAGE_SERVER,
	NOPTIONS
};

struct stap_option {
	const char *name;       /* long name, or NULL */
	char letter;            /* short option, or 0 */
	int arg;                /* no_argument, required_argument, optional_argument */
	const char *argname;    /* "NUM" in the help */
	const char *help;       /* one line of `stap --help` */
	const char *refused;    /* NULL, or why this stap cannot do it */
};

#define NO_SERVER "there is no compile server: this stap always translates and builds locally"
#define NO_RLIMIT "it limits a compile server's resources, and there is no compile server here"

static const struct stap_option options[NOPTIONS] = {
	[OPT_HELP] = { "help", 'h', no_argument, NULL, "show this help", NULL },
	[OPT_VERSION] = { "version", 'V', no_argument, NULL, "show version", NULL },
	[OPT_VERBOSE] = { NULL, 'v', no_argument, NULL, "add verbosity to all passes", NULL },
	[OPT_VP] = { "vp", 0, required_argument, "NNNNN",
		     "add per-pass verbosity (one digit each for passes 1-5)", NULL },
	[OPT_PASS] = { NULL, 'p', required_argument, "NUM",
		       "stop after pass NUM 1-5 (parse, elaborate, translate, compile, run)",
		       NULL },
	[OPT_KEEP] = { NULL, 'k', no_argument, NULL, "keep the temporary directory", NULL },
	[OPT_SAVE_TEMPS] = { "save-temps", 0, no_argument, NULL,
			     "copy the generated C, Kbuild and module into the current directory",
			     NULL },
	[OPT_TMPDIR] = { "tmpdir", 0, required_argument, "DIR",
			 "work in DIR (created if missing, kept) instead of a new stapXXXXXX",
			 NULL },
	[OPT_GURU] = { NULL, 'g', no_argument, NULL, "guru mode (embedded C in the script)", NULL },
	[OPT_UNOPTIMIZED] = { NULL, 'u', no_argument, NULL, "unoptimized translation", NULL },
	[OPT_NO_WARNINGS] = { NULL, 'w', no_argument, NULL, "suppress warnings", NULL },
	[OPT_WERROR] = { NULL, 'W', no_argument, NULL, "turn warnings into errors", NULL },
	[OPT_SCRIPT] = { NULL, 'e', required_argument, "SCRIPT",
			 "run the given script instead of a file", NULL },
	[OPT_EXTRA_SCRIPT] = { NULL, 'E', required_argument, "SCRIPT",
			       "run SCRIPT in addition to the main script", NULL },
	[OPT_INCLUDE] = { NULL, 'I', required_argument, "DIR",
			  "look in DIR for additional .stp and .stpm files", NULL },
	[OPT_DEFINE] = { NULL, 'D', required_argument, "NM=VAL",
			 "emit macro definition into the generated C", NULL },
	[OPT_MAKE_VAR] = { NULL, 'B', required_argument, "NM=VAL",
			   "pass the variable to kbuild's make", NULL },
	[OPT_GLOBAL] = { NULL, 'G', required_argument, "VAR=VAL",
			 "set a scalar global variable to a value", NULL },
	[OPT_RUNTIME_DIR] = { NULL, 'R', required_argument, "DIR",
			      "look in DIR for the runtime, instead of " PKGDATADIR "/runtime",
			      NULL },
	[OPT_RELEASE] = { NULL, 'r', required_argument, "DIR|RELEASE",
			  "build for the kernel build tree DIR or /lib/modules/RELEASE/build",
			  NULL },
	[OPT_ARCH] = { NULL, 'a', required_argument, "ARCH",
		       "target architecture (only the target kernel's own)", NULL },
	[OPT_MODULE] = { NULL, 'm', required_argument, "MODULE",
			 "set the module name, instead of stap_<hash>", NULL },
	[OPT_MODINFO] = { "modinfo", 0, required_argument, "NM=VAL",
			  "add a MODULE_INFO(NM, \"VAL\") line to the module", NULL },
	[OPT_OUTPUT] = { NULL, 'o', required_argument, "FILE",
			 "send script output to FILE, instead of stdout", NULL },
	[OPT_BUFFER] = { NULL, 's', required_argument, "NUM",
			 "buffer size in megabytes, instead of the default", NULL },
	[OPT_CMD] = { NULL, 'c', required_argument, "CMD",
		      "start the probes, run CMD, and exit when it finishes", NULL },
	[OPT_PID] = { NULL, 'x', required_argument, "PID", "set target() to PID", NULL },
	[OPT_REMOTE] = { "remote", 0, required_argument, "vm",
			 "run pass 5 in a disposable virtual machine (the only remote)", NULL },
	[OPT_COMPATIBLE] = { "compatible", 0, required_argument, "VERSION",
			     "the systemtap_v scripts see, instead of " STAP_LANGUAGE_VERSION,
			     NULL },
	[OPT_CHECK_VERSION] = { "check-version", 0, no_argument, NULL,
				"warn where the script depends on the language version", NULL },
	[OPT_SKIP_BADVARS] = { "skip-badvars", 0, no_argument, NULL,
			       "substitute 0 for context $variables that cannot be resolved",
			       NULL },
	[OPT_SUPPRESS_HANDLER_ERRORS] = { "suppress-handler-errors", 0, no_argument, NULL,
					  "quietly end a probe handler at a run-time error",
					  NULL },
	[OPT_SUPPRESS_TIME_LIMITS] = { "suppress-time-limits", 0, no_argument, NULL,
				       "no overload check, no MAXACTION limit in practice",
				       NULL },
	[OPT_NO_GLOBAL_VAR_DISPLAY] = { "no-global-var-display", 0, no_argument, NULL,
					"do not print write-only globals at the end", NULL },
	[OPT_PROLOGUE] = { NULL, 'P', no_argument, NULL,
			   "prologue searching for function probes (no effect: probes are "
			   "placed by symbol)", NULL },
	[OPT_PROLOGUE_SEARCHING] = { "prologue-searching", 0, optional_argument, "WHEN",
				     "same as -P; WHEN is always, never or auto", NULL },
	[OPT_SYMBOLS] = { NULL, 'd', required_argument, "OBJECT",
			  "add symbol data for OBJECT (kernel modules: always there)", NULL },
	[OPT_LDD] = { "ldd", 0, no_argument, NULL,
		      "add symbol data for the user-space objects -d names (not yet: warns)",
		      NULL },
	[OPT_ALL_MODULES] = { "all-modules", 0, no_argument, NULL,
			      "add symbol data for all loaded kernel modules (always there)",
			      NULL },
	[OPT_DISABLE_CACHE] = { "disable-cache", 0, no_argument, NULL,
				"neither use nor fill the module cache", NULL },
	[OPT_POISON_CACHE] = { "poison-cache", 0, no_argument, NULL,
			       "rebuild everything, then store it in the cache", NULL },
	[OPT_CLEAN_CACHE] = { "clean-cache", 0, no_argument, NULL,
			      "empty the module cache (and stop, when no script is given)",
			      NULL },
	[OPT_COLOR] = { "color", 0, optional_argument, "WHEN",
			"colour diagnostics: always, never or auto (SYSTEMTAP_COLORS)", NULL },
	[OPT_COLOUR] = { "colour", 0, optional_argument, "WHEN", "same as --color", NULL },
	[OPT_RUNTIME] = { "runtime", 0, required_argument, "MODE",
			  "pass-5 runtime: kernel (the default and the only one)", NULL },
	[OPT_SYSROOT] = { "sysroot", 0, required_argument, "DIR",
			  "the target's root file system (only /)", NULL },
	[OPT_DUMP_PROBE_TYPES] = { "dump-probe-types", 0, no_argument, NULL,
				   "list the probe point families this stap runs", NULL },
	[OPT_DUMP_PROBE_ALIASES] = { "dump-probe-aliases", 0, no_argument, NULL,
				     "list the probe aliases of the tapsets", NULL },
	[OPT_DUMP_FUNCTIONS] = { "dump-functions", 0, no_argument, NULL,
				 "list the functions of the tapsets", NULL },

	[OPT_LIST] = { NULL, 'l', required_argument, "PROBE", "list matching probe points",
		       NULL },
	[OPT_LIST_VARS] = { NULL, 'L', required_argument, "PROBE",
			    "list matching probe points and their variables", NULL },
	[OPT_TIMING] = { NULL, 't', no_argument, NULL,
			 "collect probe timing information (hits and cycles, reported at the end)",
			 NULL },
	[OPT_TIMEOUT] = { NULL, 'T', required_argument, "TIME",
			  "end the session TIME seconds after it started", NULL },
	[OPT_INTERACTIVE] = { "interactive", 'i', no_argument, NULL,
			      "interactive mode: build the script line by line, 'run' it", NULL },
	[OPT_BULK] = { NULL, 'b', no_argument, NULL,
		       "bulk mode: per-cpu files FILE_cpuN (needs -o; see stap-merge)", NULL },
	[OPT_FLIGHT] = { NULL, 'F', no_argument, NULL,
			 "flight recorder mode: leave the session running for staprun to "
			 "join later (with -o, write FILE in the background)", NULL },
	[OPT_FILE_LIMIT] = { NULL, 'S', required_argument, "SIZE[,N]",
			     "switch -o files at SIZE megabytes, keep N", NULL },
	[OPT_COVERAGE] = { NULL, 'q', no_argument, NULL, "tapset coverage testing",
			   "upstream's tapset compile-coverage mode (also compiling every function "
			   "the optimizer drops as unused) is not provided" },
	[OPT_UNDOC_J] = { NULL, 'J', required_argument, "ARG", "upstream internal option",
			  "an undocumented upstream option with no meaning here" },
	[OPT_UNDOC_LOWER_J] = { NULL, 'j', no_argument, NULL, "upstream internal option",
				"an undocumented upstream option with no meaning here" },
	[OPT_PRIVILEGE] = { "privilege", 0, required_argument, "LEVEL",
			    "build a module members of LEVEL's group (stapusr, stapsys, "
			    "stapdev) may run", NULL },
	[OPT_UNPRIVILEGED] = { "unprivileged", 0, no_argument, NULL,
			       "same as --privilege=stapusr", NULL },
	[OPT_USE_SERVER] = { "use-server", 0, optional_argument, "SERVER",
			     "use a compile server", NO_SERVER },
	[OPT_LIST_SERVERS] = { "list-servers", 0, optional_argument, "WHICH",
			       "list compile servers", NO_SERVER },
	[OPT_TRUST_SERVERS] = { "trust-servers", 0, optional_argument, "SERVERS",
				"trust compile servers", NO_SERVER },
	[OPT_USE_SERVER_ON_ERROR] = { "use-server-on-error", 0, optional_argument, "WHEN",
				      "retry on a compile server", NO_SERVER },
	[OPT_USE_HTTP_SERVER] = { "use-http-server", 0, required_argument, "URL",
				  "use an http compile server", NO_SERVER },
	[OPT_CLIENT_OPTIONS] = { "client-options", 0, no_argument, NULL,
				 "options from a compile-server client", NO_SERVER },
	[OPT_SIGN_MODULE] = { "sign-module", 0, optional_argument, "KEY",
			      "sign the module", "module signing is not implemented yet" },
	[OPT_REMOTE_PREFIX] = { "remote-prefix", 0, no_argument, NULL,
				"prefix output lines with the remote's index",
				"there is only one remote (--remote=vm), so nothing to tell apart" },
	[OPT_DOWNLOAD_DEBUGINFO] = { "download-debuginfo", 0, optional_argument, "WHEN",
				     "download debuginfo with ABRT",
				     "there is no ABRT here; types come from the kernel's BTF" },
	[OPT_RLIMIT_AS] = { "rlimit-as", 0, required_argument, "N", "server limit", NO_RLIMIT },
	[OPT_RLIMIT_CPU] = { "rlimit-cpu", 0, required_argument, "N", "server limit", NO_RLIMIT },
	[OPT_RLIMIT_NPROC] = { "rlimit-nproc", 0, required_argument, "N", "server limit",
			       NO_RLIMIT },
	[OPT_RLIMIT_STACK] = { "rlimit-stack", 0, required_argument, "N", "server limit",
			       NO_RLIMIT },
	[OPT_RLIMIT_FSIZE] = { "rlimit-fsize", 0, required_argument, "N", "server limit",
			       NO_RLIMIT },
	[OPT_SYSENV] = { "sysenv", 0, required_argument, "VAR=VAL",
			 "the target's environment",
			 "cross-building for another root file system is not supported" },
	[OPT_DYNINST] = { "dyninst", 0, no_argument, NULL, "same as --runtime=dyninst",
			  "only the kernel runtime exists here" },
	[OPT_BPF] = { "bpf", 0, no_argument, NULL, "same as --runtime=bpf",
		      "only the kernel runtime exists here" },
	[OPT_BENCHMARK_SDT] = { "benchmark-sdt", 0, no_argument, NULL, "SDT benchmark",
				"upstream's SDT self-benchmark is not provided (see bench/)" },
	[OPT_BENCHMARK_SDT_LOOPS] = { "benchmark-sdt-loops", 0, required_argument, "N",
				      "SDT benchmark loops",
				      "upstream's SDT self-benchmark is not provided (see bench/)" },
	[OPT_BENCHMARK_SDT_THREADS] = { "benchmark-sdt-threads", 0, required_argument, "N",
					"SDT benchmark threads",
					"upstream's SDT self-benchmark is not provided (see "
					"bench/)" },
	[OPT_SAVE_UPROBES] = { "save-uprobes", 0, no_argument, NULL,
			       "save the uprobes module",
			       "there is no separate uprobes module: the kernel's own uprobes "
			       "are used" },
	[OPT_TARGET_NAMESPACES] = { "target-namespaces", 0, required_argument, "PID",
				    "namespaces of target()",
				    "target namespaces are not implemented yet" },
	[OPT_MONITOR] = { "monitor", 0, optional_argument, "INTERVAL",
			  "monitor mode: show probe hits and globals every INTERVAL s (1)", NULL },
	[OPT_EXAMPLE] = { "example", 0, no_argument, NULL, "run an installed example script",
			  "no example scripts are installed" },
	[OPT_LANGUAGE_SERVER] = { "language-server", 0, no_argument, NULL,
				  "language server for editors",
				  "there is no language server" },
};

static int usage_error(const char *fmt, const char *arg)
{
	fputs("stap: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'stap --help' for more information.\n", stderr);
	return 1;
}

/* "-h --help", "-p NUM", "--color[=WHEN]" into BUF. */
static void option_synopsis(const struct stap_option *o, char *buf, size_t len)
{
	int n = 0;

	if (o->letter)
		n += snprintf(buf + n, len - (size_t)n, "-%c%s", o->letter, o->name ? " " : "");
	if (o->name)
		n += snprintf(buf + n, len - (size_t)n, "--%s", o->name);
	if (o->arg == required_argument)
		snprintf(buf + n, len - (size_t)n, "%s%s", o->name ? "=" : " ", o->argname);
	else if (o->arg == optional_argument)
		snprintf(buf + n, len - (size_t)n, "[=%s]", o->argname);
}

static void print_help(void)
{
	char syn[64];

	fputs("Usage: stap [options] FILE [ARGS]      Run script in file.\n"
	      "   or: stap [options] - [ARGS]         Run script from stdin.\n"
	      "   or: stap [options] -e SCRIPT [ARGS] Run given script.\n"
	      "\n"
	      "Options may follow the script; `--` ends them (script arguments after it).\n"
	      "\n"
	      "Options:\n", stdout);
	for (int i = 0; i < NOPTIONS; i++) {
		if (options[i].refused)
			continue;
		option_synopsis(&options[i], syn, sizeof syn);
		printf("   %-24s%s%s\n", syn, strlen(syn) < 24 ? " " : "\n                            ",
		       options[i].help);
	}
	fputs("\nOptions of upstream stap refused here, with the reason:\n", stdout);
	for (int i = 0; i < NOPTIONS; i++) {
		if (!options[i].refused)
			continue;
		option_synopsis(&options[i], syn, sizeof syn);
		printf("   %-24s%s%s\n", syn, strlen(syn) < 24 ? " " : "\n                            ",
		       options[i].refused);
	}
}

static bool add_list(const char **list, int *n, const char *v)
{
	if (*n >= SESSION_MAX_LIST)
		return false;
	list[(*n)++] = v;
	return true;
}

static bool is_ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* NAME, or with WORD_VALUE NAME=[-]WORD: the shape -D and -B take.  -D lands
 * in Kbuild inside make and shell quoting, -B on make's command line, so
 * nothing either would interpret may pass (upstream allows the same shape
 * for -D). */
static bool valid_define(const char *d, bool need_value)
{
	const char *p = d;

	if (!is_ident_char(*p) || (*p >= '0' && *p <= '9'))
		return false;
	while (is_ident_char(*p))
		p++;
	if (!*p)
		return !need_value;
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

/* --modinfo NAME=VALUE: NAME a C identifier, VALUE printable without '"'
 * and '\' (it becomes a C string literal). */
static bool valid_modinfo(const char *m)
{
	const char *p = m;

	if (!is_ident_char(*p) || (*p >= '0' && *p <= '9'))
		return false;
	while (is_ident_char(*p))
		p++;
	if (*p++ != '=')
		return false;
	for (; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			return false;
	return true;
}

/* "1.0", "4.9", "5.1": the versions --compatible takes. */
static bool valid_version(const char *v)
{
	int parts = 0;

	for (const char *p = v;; p++) {
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
		parts++;
		if (!*p)
			return parts >= 2 && parts <= 3;
		if (*p != '.')
			return false;
	}
}

static int set_color(struct session *s, const char *when)
{
	if (!when || strcmp(when, "always") == 0)
		s->color = 1;
	else if (strcmp(when, "never") == 0)
		s->color = 0;
	else if (strcmp(when, "auto") == 0)
		s->color = 2;
	else
		return usage_error("invalid --color value '%s' (always, never or auto)", when);
	return 0;
}

/* --vp NNNNN: digit i adds to pass i+1's verbosity. */
static int set_pass_verbosity(struct session *s, const char *digits)
{
	size_t n = strlen(digits);

	if (n == 0 || n > 5 || strspn(digits, "0123456789") != n)
		return usage_error("invalid --vp value '%s' (up to 5 digits, one per pass)",
				   digits);
	for (size_t i = 0; i < n; i++)
		s->pass_verbose[i] += digits[i] - '0';
	return 0;
}

static int refuse(const struct stap_option *o)
{
	char syn[64];

	option_synopsis(o, syn, sizeof syn);
	fprintf(stderr, "stap: option %s is not supported by this stap: %s\n", syn,
		o->refused ? o->refused : "no reason recorded");
	return 1;
}

/* Applies option ID with argument ARG (NULL when none). */
static int apply_option(struct session *s, enum opt_id id, const char *arg)
{
	long v;

	if (options[id].refused)
		return refuse(&options[id]);
	switch (id) {
	case OPT_HELP:
		print_help();
		return -1;
	case OPT_VERSION:
		printf("Systemtap translator/driver (version %s, from-scratch C implementation)\n"
		       "This is free software; see the source for copying conditions.\n",
		       PACKAGE_VERSION);
		return -1;
	case OPT_VERBOSE:
		for (int i = 0; i < 5; i++)
			s->pass_verbose[i]++;
		return 0;
	case OPT_VP:
		return set_pass_verbosity(s, arg);
	case OPT_PASS:
		if (!number_arg_parse(arg, 1, 5, &v))
			return usage_error("invalid pass number '%s' (must be 1-5)", arg);
		s->last_pass = (int)v;
		return 0;
	case OPT_KEEP:
		s->keep_tmpdir = true;
		return 0;
	case OPT_SAVE_TEMPS:
		s->save_temps = true;
		return 0;
	case OPT_TMPDIR:
		if (!arg[0])
			return usage_error("%s", "--tmpdir needs a directory");
		s->tmpdir_given = arg;
		return 0;
	case OPT_GURU:
		s->guru = true;
		return 0;
	case OPT_UNOPTIMIZED:
		s->unoptimized = true;
		return 0;
	case OPT_NO_WARNINGS:
		s->suppress_warnings = true;
		return 0;
	case OPT_WERROR:
		s->warnings_as_errors = true;
		return 0;
	case OPT_SCRIPT:
		if (s->script_text)
			return usage_error("%s", "only one -e SCRIPT may be given");
		s->script_text = arg;
		return 0;
	case OPT_PRIVILEGE:
		if (privilege_from_name(arg) < 0)
			return usage_error("invalid --privilege '%s' (stapusr, stapsys or stapdev)",
					   arg);
		s->privilege = privilege_from_name(arg);
		return 0;
	case OPT_UNPRIVILEGED:
		s->privilege = PRIV_STAPUSR;
		return 0;
	case OPT_LIST:
	case OPT_LIST_VARS:
		if (s->script_text)
			return usage_error("%s", "-l/-L PROBE and -e SCRIPT exclude each other");
		/* the pattern becomes script text: only a probe point's
		 * characters, so no body, statement or embedded C rides in */
		if (strpbrk(arg, "{};%#\n\r") || strstr(arg, "//") || strstr(arg, "/*"))
			return usage_error("invalid probe point '%s' for -l/-L", arg);
		/* the pattern as an optional probe: what matches nothing
		 * lists nothing; the aliases' locals stay for -L */
		s->script_text = arena_printf("probe %s ? {}\n", arg);
		s->listing = id == OPT_LIST ? 1 : 2;
		s->last_pass = 2;
		s->unoptimized = true;
		s->suppress_warnings = true;
		return 0;
	case OPT_EXTRA_SCRIPT:
		if (!add_list(s->extra_scripts, &s->nextra_scripts, arg))
			return usage_error("too many -E options (limit is %s)", "64");
		return 0;
	case OPT_INCLUDE:
		if (!add_list(s->include_dirs, &s->ninclude_dirs, arg))
			return usage_error("too many -I options (limit is %s)", "64");
		return 0;
	case OPT_DEFINE:
		if (!valid_define(arg, false))
			return usage_error("invalid -D option '%s' (want NAME or NAME=VALUE, "
					   "VALUE letters, digits and '_' after an optional '-')",
					   arg);
		if (!add_list(s->defines, &s->ndefines, arg))
			return usage_error("too many -D options (limit is %s)", "64");
		return 0;
	case OPT_MAKE_VAR:
		if (!valid_define(arg, true))
			return usage_error("invalid -B option '%s' (want NAME=VALUE, VALUE letters, "
					   "digits and '_' after an optional '-')", arg);
		if (!add_list(s->make_vars, &s->nmake_vars, arg))
			return usage_error("too many -B options (limit is %s)", "64");
		return 0;
	case OPT_GLOBAL:
		if (!global_param_syntax_ok(arg))
			return usage_error("invalid -G option '%s' (want NAME=VALUE)", arg);
		if (!add_list(s->global_sets, &s->nglobal_sets, arg))
			return usage_error("too many -G options (limit is %s)", "64");
		return 0;
	case OPT_RUNTIME_DIR:
		s->runtime_dir = arg;
		return 0;
	case OPT_RELEASE:
		s->kernel_release = arg;
		return 0;
	case OPT_ARCH:
		/* the target kernel's build tree fixes the architecture */
		if (strcmp(arg, "x86_64") != 0 && strcmp(arg, "amd64") != 0)
			return usage_error("cannot build for architecture '%s': cross-compiling is "
					   "not supported (the target here is x86_64)", arg);
		return 0;
	case OPT_MODULE:
		if (!module_name_valid(arg, strlen(arg)))
			return usage_error("invalid module name '%s' (letters, digits and '_', "
					   "at most 55)", arg);
		s->module_name = arg;
		s->module_name_given = true;
		return 0;
	case OPT_MODINFO:
		if (!valid_modinfo(arg))
			return usage_error("invalid --modinfo '%s' (want NAME=VALUE, VALUE "
					   "printable without '\"' or '\\')", arg);
		if (!add_list(s->modinfo, &s->nmodinfo, arg))
			return usage_error("too many --modinfo options (limit is %s)", "64");
		return 0;
	case OPT_OUTPUT:
		s->output_file = arg;
		return 0;
	case OPT_BUFFER:
		if (!number_arg_parse(arg, 1, 4095, &v))
			return usage_error("invalid buffer size '%s' (1-4095 MB)", arg);
		s->buffer_mb = (int)v;
		return 0;
	case OPT_CMD:
		s->target_cmd = arg;
		return 0;
	case OPT_PID:
		if (!number_arg_parse(arg, 1, INT_MAX, &v))
			return usage_error("invalid process id '%s'", arg);
		s->target_pid = (int)v;
		return 0;
	case OPT_REMOTE:
		if (strcmp(arg, "vm") != 0)
			return usage_error("unsupported --remote target '%s' (only 'vm': no ssh or "
					   "libvirt transport here)", arg);
		s->remote = "vm";
		return 0;
	case OPT_COMPATIBLE:
		if (!valid_version(arg))
			return usage_error("invalid --compatible version '%s' (want N.N)", arg);
		s->compatible = arg;
		return 0;
	case OPT_CHECK_VERSION:
		s->check_version = true;
		return 0;
	case OPT_SKIP_BADVARS:
		s->skip_badvars = true;
		return 0;
	case OPT_SUPPRESS_HANDLER_ERRORS:
		/* the runtime then ends the handler quietly, uncounted */
		if (!add_list(s->defines, &s->ndefines, "STP_SUPPRESS_HANDLER_ERRORS"))
			return usage_error("too many -D options (limit is %s)", "64");
		return 0;
	case OPT_SUPPRESS_TIME_LIMITS:
		/* what upstream does: no overload check, limits out of reach */
		if (!add_list(s->defines, &s->ndefines, "STP_NO_OVERLOAD") ||
		    !add_list(s->defines, &s->ndefines, "MAXACTION=100000000") ||
		    !add_list(s->defines, &s->ndefines, "MAXACTION_INTERRUPTIBLE=100000000"))
			return usage_error("too many -D options (limit is %s)", "64");
		return 0;
	case OPT_FLIGHT:
		s->flight_recorder = true;
		return 0;
	case OPT_TIMING:
		/* the runtime counts each probe's runs and cycles (probe_timing.c) */
		if (!add_list(s->defines, &s->ndefines, "STP_TIMING"))
			return usage_error("too many -D options (limit is %s)", "64");
		return 0;
	case OPT_MONITOR:
		/* the runtime counts the probes' runs live and has a status file
		 * (monitor.c); staprun -M N shows it */
		v = 1;
		if (arg && !number_arg_parse(arg, 1, MONITOR_INTERVAL_MAX, &v))
			return usage_error("invalid --monitor interval '%s' (seconds, 1 to 3600)",
					   arg);
		if (!s->monitor_s && !add_list(s->defines, &s->ndefines, "STP_MONITOR"))
			return usage_error("too many -D options (limit is %s)", "64");
		s->monitor_s = (int)v;
		return 0;
	case OPT_NO_GLOBAL_VAR_DISPLAY:
		s->no_global_var_display = true;
		return 0;
	case OPT_PROLOGUE:
		return 0;
	case OPT_PROLOGUE_SEARCHING:
		if (arg && strcmp(arg, "always") != 0 && strcmp(arg, "never") != 0 &&
		    strcmp(arg, "auto") != 0)
			return usage_error("invalid --prologue-searching value '%s' (always, never "
					   "or auto)", arg);
		return 0;
	case OPT_SYMBOLS:
		/* kernel symbols come from kallsyms at run time, modules included */
		if (strchr(arg, '/'))
			fprintf(stderr, "WARNING: -d %s: symbol data of user-space objects is not "
				"supported yet; only kernel symbols are shown\n", arg);
		return 0;
	case OPT_LDD:
		fputs("WARNING: --ldd: symbol data of user-space objects is not supported yet; "
		      "only kernel symbols are shown\n", stderr);
		return 0;
	case OPT_ALL_MODULES:
		return 0;
	case OPT_DISABLE_CACHE:
		s->disable_cache = true;
		return 0;
	case OPT_POISON_CACHE:
		s->poison_cache = true;
		return 0;
	case OPT_CLEAN_CACHE:
		s->clean_cache = true;
		return 0;
	case OPT_COLOR:
	case OPT_COLOUR:
		return set_color(s, arg);
	case OPT_RUNTIME:
		if (strcmp(arg, "kernel") != 0)
			return usage_error("unsupported --runtime '%s': only the kernel runtime "
					   "exists here", arg);
		return 0;
	case OPT_SYSROOT:
		if (strcmp(arg, "/") != 0)
			return usage_error("unsupported --sysroot '%s': cross-building for another "
					   "root file system is not supported", arg);
		return 0;
	case OPT_DUMP_PROBE_TYPES:
		s->dump = "probe-types";
		return 0;
	case OPT_DUMP_PROBE_ALIASES:
		s->dump = "probe-aliases";
		return 0;
	case OPT_DUMP_FUNCTIONS:
		s->dump = "functions";
		return 0;
	case OPT_TIMEOUT:
		if (!number_arg_parse(arg, 1, 7 * 24 * 3600, &v))
			return usage_error("invalid -T time '%s' (seconds, 1 to a week)", arg);
		s->timeout_s = (int)v;
		return 0;
	case OPT_INTERACTIVE:
		s->interactive = true;
		return 0;
	case OPT_BULK:
		s->bulk = true;
		return 0;
	case OPT_FILE_LIMIT: {
		unsigned mb, keep;
		char why[256];

		if (rotation_arg_parse(arg, &mb, &keep, why, sizeof(why)) < 0)
			return usage_error("%s", why);
		s->file_limit = arg;
		return 0;
	}
	case OPT_COVERAGE: case OPT_UNDOC_J: case OPT_UNDOC_LOWER_J:
	case OPT_USE_SERVER: case OPT_LIST_SERVERS:
	case OPT_TRUST_SERVERS: case OPT_USE_SERVER_ON_ERROR: case OPT_USE_HTTP_SERVER:
	case OPT_CLIENT_OPTIONS: case OPT_SIGN_MODULE: case OPT_REMOTE_PREFIX:
	case OPT_DOWNLOAD_DEBUGINFO: case OPT_RLIMIT_AS: case OPT_RLIMIT_CPU:
	case OPT_RLIMIT_NPROC: case OPT_RLIMIT_STACK: case OPT_RLIMIT_FSIZE: case OPT_SYSENV:
	case OPT_DYNINST: case OPT_BPF: case OPT_BENCHMARK_SDT: case OPT_BENCHMARK_SDT_LOOPS:
	case OPT_BENCHMARK_SDT_THREADS: case OPT_SAVE_UPROBES: case OPT_TARGET_NAMESPACES:
	case OPT_EXAMPLE: case OPT_LANGUAGE_SERVER:
		return refuse(&options[id]);
	case NOPTIONS:
		break;
	}
	internal_error("option %d has no handler", (int)id);
}

/* Builds getopt_long's tables from options[]: a long option's value is
 * its letter when it has one, else 256 + its index. */
static void build_getopt_tables(struct option *longopts, char *shortopts)
{
	int nl = 0;
	char *sp = shortopts;

	*sp++ = ':';    /* a missing argument is ':', told apart from unknown */
	for (int i = 0; i < NOPTIONS; i++) {
		const struct stap_option *o = &options[i];

		if (o->letter) {
			*sp++ = o->letter;
			if (o->arg == required_argument)
				*sp++ = ':';
		}
		if (o->name)
			longopts[nl++] = (struct option){ o->name, o->arg, NULL,
							  o->letter ? o->letter : 256 + i };
	}
	*sp = '\0';
	longopts[nl] = (struct option){ NULL, 0, NULL, 0 };
}

static int option_of_value(int c)
{
	if (c >= 256 && c < 256 + NOPTIONS)
		return c - 256;
	for (int i = 0; i < NOPTIONS; i++)
		if (options[i].letter == c)
			return i;
	return -1;
}

/* The environment's part of the session: each variable read here, once. */
static void session_read_environment(struct session *s)
{
	const char *systemtap_dir = getenv("SYSTEMTAP_DIR");
	const char *home = getenv("HOME");
	const char *tmp = getenv("TMPDIR");
	const char *blacklist = getenv("SYSTEMTAP_KPROBE_BLACKLIST");

	if (systemtap_dir && systemtap_dir[0] == '/')
		s->cache_dir = arena_printf("%s/cache", systemtap_dir);
	else if (home && home[0] == '/')
		s->cache_dir = arena_printf("%s/.systemtap/cache", home);
	else
		s->cache_dir = "";
	s->tmp_base = tmp && tmp[0] ? tmp : "/tmp";
	s->kprobe_blacklist = blacklist && blacklist[0] ? blacklist : NULL;
	s->exec_path = getenv("PATH");
}

int options_parse(struct session *s, int argc, char **argv)
{
	static struct option longopts[NOPTIONS + 1];
	static char shortopts[3 * NOPTIONS + 2];
	const char *env_runtime = getenv("SYSTEMTAP_RUNTIME");
	const char *env_tapset = getenv("SYSTEMTAP_TAPSET");
	int c, rc, id;

	session_read_environment(s);
	s->last_pass = 5;
	s->color = 2;
	s->runtime_dir = env_runtime && env_runtime[0] ? env_runtime : PKGDATADIR "/runtime";
	s->tapset_dir = env_tapset && env_tapset[0] ? env_tapset : PKGDATADIR "/tapset";
	build_getopt_tables(longopts, shortopts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == ':')
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		id = option_of_value(c);
		if (id < 0) {
			if (optopt && optopt < 256) {
				char opt[3] = { '-', (char)optopt, '\0' };

				return usage_error("unknown option '%s' (not an option of stap)", opt);
			}
			return usage_error("unknown option '%s' (not an option of stap)",
					   argv[optind - 1]);
		}
		rc = apply_option(s, (enum opt_id)id, optarg);
		if (rc != 0)
			return rc;
	}
	if (s->clean_cache && !s->script_text && optind >= argc)
		return 0;
	if ((s->dump || s->interactive) && !s->script_text && optind >= argc)
		return 0;
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
	if (s->flight_recorder && s->target_cmd)
		return usage_error("%s", "-F and -c cannot be used together (the command's end "
				   "would end the session -F leaves running)");
	if (s->bulk && s->file_limit)
		return usage_error("%s", "-b and -S cannot be used together");
	if (privilege_check_options(s))
		return 1;
	return 0;
}
