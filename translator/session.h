/*
 * session.h - one run of stap: the options the user gave and the facts about
 * the target (kernel release, arch, paths).  Passed explicitly to every pass;
 * there are no hidden globals.
 */
#ifndef STAP_SESSION_H
#define STAP_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#define SESSION_MAX_LIST 64

struct session {
	/* What to translate. */
	const char *script_file;        /* path, or NULL when -e */
	const char *script_text;        /* -e TEXT */
	const char *script_name;        /* for locations: path or "<input>" */
	const char *args[SESSION_MAX_LIST]; /* $1.. @1.. after the script */
	int nargs;

	/* Passes. */
	int last_pass;                  /* -p N: 1..5 (default 5) */
	int verbose;                    /* the running pass's verbosity (see pass_verbose) */
	int pass_verbose[5];            /* -v count plus --vp's digit, per pass */
	bool keep_tmpdir;               /* -k */
	bool guru;                      /* -g */
	int privilege;                  /* --privilege (privilege.h), 0: stapdev */
	bool unoptimized;               /* -u */
	bool suppress_warnings;         /* -w */
	bool warnings_as_errors;        /* -W */
	const char *extra_scripts[SESSION_MAX_LIST]; /* -E SCRIPT, parsed after the main one */
	int nextra_scripts;
	const char *compatible;         /* --compatible=VERSION: systemtap_v, default ours */
	bool check_version;             /* --check-version: warn at systemtap_v tests */
	bool skip_badvars;              /* --skip-badvars: unresolvable $var reads as 0 */
	bool no_global_var_display;     /* --no-global-var-display: no end-of-run auto-print */
	bool save_temps;                /* --save-temps: the work files copied to . */
	const char *tmpdir_given;       /* --tmpdir=DIR, used instead of a new stapXXXXXX */
	int color;                      /* --color: 0 never, 1 always, 2 auto (default) */
	const char *modinfo[SESSION_MAX_LIST]; /* --modinfo NAME=VALUE, MODULE_INFO lines */
	int nmodinfo;
	const char *dump;               /* --dump-probe-types|aliases|functions: what to list */
	bool interactive;               /* -i: commands and script lines from stdin */
	int listing;                    /* -l PATTERN: 1, -L PATTERN: 2 (with variables) */

	/* Module. */
	const char *module_name;        /* -m NAME, or stap_<hash> chosen in pass 3 */
	bool module_name_given;         /* -m was used (pass 4 then leaves NAME.ko in .) */
	const char *defines[SESSION_MAX_LIST]; /* -D NAME=VAL, passed to the C compiler */
	int ndefines;
	const char *include_dirs[SESSION_MAX_LIST]; /* -I DIR, tapset search path */
	int ninclude_dirs;
	const char *make_vars[SESSION_MAX_LIST]; /* -B NAME=VALUE, given to kbuild's make */
	int nmake_vars;
	bool disable_cache;             /* --disable-cache: neither read nor write the cache */
	bool poison_cache;              /* --poison-cache: rebuild, then store */
	bool clean_cache;               /* --clean-cache: empty the cache first */

	/* Target kernel. */
	const char *kernel_release;     /* -r RELEASE, default uname -r */
	const char *kernel_build_dir;   /* /lib/modules/REL/build, or -r DIR */
	const char *arch;               /* "x86_64" */
	const char *runtime_dir;        /* -R DIR, default $(pkgdatadir)/runtime */
	const char *tapset_dir;         /* default $(pkgdatadir)/tapset */

	/* Pass 5. */
	const char *output_file;        /* -o FILE */
	bool bulk;                      /* -b: per-cpu output files (.modinfo stap_bulk) */
	const char *file_limit;         /* -S SIZE[,N] for staprun, checked */
	bool flight_recorder;           /* -F: staprun -L, or -D with -o */
	const char *target_cmd;         /* -c CMD */
	int target_pid;                 /* -x PID */
	const char *remote;             /* --remote=vm */
	int buffer_mb;                  /* -s NUM, 0 = default */
	int timeout_s;                  /* -T SECONDS, 0 = none */
	int monitor_s;                  /* --monitor[=N]: refresh every N s, 0 = off */
	const char *global_sets[SESSION_MAX_LIST]; /* -G NAME=VALUE, module options */
	int nglobal_sets;

	/* Facts of the environment, read once at start-up (session_read_environment
	 * in options.c) so no pass calls getenv. */
	const char *cache_dir;          /* $SYSTEMTAP_DIR/cache or ~/.systemtap/cache; "" none */
	const char *kprobe_blacklist;   /* $SYSTEMTAP_KPROBE_BLACKLIST, or NULL */
	const char *tmp_base;           /* $TMPDIR, default /tmp: parent of the build dir */
	const char *exec_path;          /* $PATH, or NULL: finds the kernel's compiler */

	/* Work area. */
	char tmpdir[256];               /* stapXXXXXX under $TMPDIR, made in pass 3 */
	char c_file[512];               /* pass 3 product */
	char ko_file[512];              /* pass 4 product */
};

#endif /* STAP_SESSION_H */
