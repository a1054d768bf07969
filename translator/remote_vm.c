/*
 * remote_vm.c - --remote=vm: run pass 5 in a VM booted from the target
 * kernel, for hosts that build modules but cannot load them.
 *
 * The module and a one-line run.sh (exec staprun ...) go into a job
 * directory; stap-vm boots the kernel with them and brings back staprun's
 * stdout, stderr, exit status, the kernel log and any -o output file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path_format.h"
#include "process.h"
#include "remote_vm.h"

#define VM_OUTPUT_NAME "/results/output"

int vm_kernel_usable(const char *release)
{
	char path[512];

	path_format(path, sizeof path, "/boot/vmlinuz-%s", release);
	if (access(path, R_OK) != 0)
		return 0;
	path_format(path, sizeof path, "/lib/modules/%s/build/Makefile", release);
	return access(path, R_OK) == 0;
}

/* Numeric-aware comparison so 6.1.0-10 sorts after 6.1.0-9. */
static int version_less(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);

			if (x != y)
				return x < y;
			a = ea;
			b = eb;
		} else {
			if (*a != *b)
				return *a < *b;
			a++;
			b++;
		}
	}
	return *b != '\0';
}

void vm_pick_kernel(char *out, size_t len)
{
	char best[256] = "";
	FILE *ls = popen("ls /boot 2>/dev/null", "r");
	char line[512];

	if (!ls)
		return;
	while (fgets(line, sizeof line, ls)) {
		const char *rel = line + strlen("vmlinuz-");

		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "vmlinuz-", 8) != 0 || strlen(rel) >= sizeof best)
			continue;
		if (vm_kernel_usable(rel) && (!best[0] || version_less(best, rel)))
			path_format(best, sizeof best, "%s", rel);
	}
	pclose(ls);
	if (best[0])
		path_format(out, len, "%s", best);
}

/* Writes s as one single-quoted shell word. */
static void put_quoted(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static int copy_fd(const char *path, FILE *to)
{
	char buf[65536];
	size_t n;
	FILE *from = fopen(path, "r");

	if (!from)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, from)) > 0)
		fwrite(buf, 1, n, to);
	fclose(from);
	fflush(to);
	return 0;
}

static int copy_path(const char *from, const char *to)
{
	FILE *out = fopen(to, "w");
	int rc;

	if (!out)
		return -1;
	rc = copy_fd(from, out);
	return fclose(out) == 0 ? rc : -1;
}

/* The VM's kernel log is part of the result: a module that oopsed did not
 * run correctly, whatever it printed. */
static void report_kernel_problems(const char *dmesg_path)
{
	static const char *const marks[] = { "BUG:", "WARNING:", "Oops", "Call Trace" };
	char line[1024];
	int shown = 0;
	FILE *f = fopen(dmesg_path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
			if (!strstr(line, marks[i]))
				continue;
			if (!shown++)
				fprintf(stderr, "WARNING: the VM's kernel log shows a problem:\n");
			fprintf(stderr, "  %s", line);
			break;
		}
	}
	fclose(f);
}

int remote_vm_run(struct session *s, const char *const staprun_argv[], int argc)
{
	char job[600], out[600], path[800], ko[700];
	const char *base = strrchr(s->ko_file, '/');
	FILE *f;
	int rc, status = 1;

	path_format(job, sizeof job, "%s/vmjob", s->tmpdir);
	path_format(out, sizeof out, "%s/vmout", s->tmpdir);
	if (mkdir(job, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "ERROR: cannot create %s: %s\n", job, strerror(errno));
		return 1;
	}
	base = base ? base + 1 : s->ko_file;
	path_format(ko, sizeof ko, "%s/%s", job, base);
	if (copy_path(s->ko_file, ko) != 0) {
		fprintf(stderr, "ERROR: cannot copy %s into the VM job: %s\n", s->ko_file,
			strerror(errno));
		return 1;
	}
	path_format(path, sizeof path, "%s/run.sh", job);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ERROR: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	fputs("exec", f);
	for (int i = 0; i < argc; i++) {
		const char *arg = staprun_argv[i];

		fputc(' ', f);
		/* the module is copied into the job; -o FILE is written inside the
		 * VM and copied back afterwards */
		if (arg == s->ko_file) {
			fprintf(f, "/job/");
			arg = base;
		} else if (i > 0 && strcmp(staprun_argv[i - 1], "-o") == 0) {
			arg = VM_OUTPUT_NAME;
		}
		put_quoted(f, arg);
	}
	fputc('\n', f);
	if (fclose(f) != 0) {
		fprintf(stderr, "ERROR: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}

	{
		const char *argv[] = { PKGLIBEXECDIR "/stap-vm", "--kernel", s->kernel_release,
				       job, out, NULL };

		if (s->verbose)
			fprintf(stderr, "Pass 5: starting a VM with kernel %s\n", s->kernel_release);
		rc = run_wait(argv);
	}
	if (rc != 0) {
		fprintf(stderr, "ERROR: the VM run failed (stap-vm exited with status %d)\n", rc);
		return 1;
	}
	path_format(path, sizeof path, "%s/stdout", out);
	copy_fd(path, stdout);
	path_format(path, sizeof path, "%s/stderr", out);
	copy_fd(path, stderr);
	path_format(path, sizeof path, "%s/status", out);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", &status) != 1)
		fprintf(stderr, "ERROR: the VM did not report staprun's exit status\n");
	if (f)
		fclose(f);
	if (s->output_file) {
		path_format(path, sizeof path, "%s%s", out, VM_OUTPUT_NAME + strlen("/results"));
		if (copy_path(path, s->output_file) != 0)
			fprintf(stderr, "ERROR: cannot copy the VM's output to %s: %s\n",
				s->output_file, strerror(errno));
	}
	path_format(path, sizeof path, "%s/dmesg", out);
	report_kernel_problems(path);
	return status;
}
