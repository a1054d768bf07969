/*
 * interactive.c - stap -i: build a script a line at a time and run it.
 * The script is a list of lines; commands edit it (add, delete, load, save,
 * list) and `run` runs every pass on it in a child process, so one run's
 * state (arena, tapset caches, temporary directory) never reaches the next.
 * Lines are read from standard input, so the mode can also be driven by a
 * pipe; the prompt is shown only on a terminal.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interactive.h"

#define MAX_LINES 10000
#define MAX_LINE 4096

struct script {
	char *lines[MAX_LINES];
	int n;
};

static void add_line(struct script *sc, const char *text)
{
	char *copy;

	if (sc->n >= MAX_LINES) {
		printf("the script is full (limit is %d lines)\n", MAX_LINES);
		return;
	}
	copy = strdup(text);
	if (!copy) {
		fputs("stap: out of memory\n", stderr);
		exit(1);
	}
	sc->lines[sc->n++] = copy;
}

static void clear_script(struct script *sc)
{
	for (int i = 0; i < sc->n; i++)
		free(sc->lines[i]);
	sc->n = 0;
}

/* Appends the lines of PATH; returns 0, or -1 after saying why. */
static int load_file(struct script *sc, const char *path)
{
	char line[MAX_LINE];
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		add_line(sc, line);
	}
	fclose(f);
	return 0;
}

static void save_file(const struct script *sc, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		printf("cannot write %s: %s\n", path, strerror(errno));
		return;
	}
	for (int i = 0; i < sc->n; i++)
		fprintf(f, "%s\n", sc->lines[i]);
	if (fclose(f) != 0)
		printf("cannot write %s: %s\n", path, strerror(errno));
}

static char *joined(const struct script *sc)
{
	size_t len = 1;
	char *text, *p;

	for (int i = 0; i < sc->n; i++)
		len += strlen(sc->lines[i]) + 1;
	text = malloc(len);
	if (!text) {
		fputs("stap: out of memory\n", stderr);
		exit(1);
	}
	p = text;
	for (int i = 0; i < sc->n; i++) {
		size_t n = strlen(sc->lines[i]);

		memcpy(p, sc->lines[i], n);
		p += n;
		*p++ = '\n';
	}
	*p = '\0';
	return text;
}

/* Runs the passes on the script in a child; returns its exit status. */
static int run_script(struct session *s, const struct script *sc,
		      int (*run)(struct session *))
{
	char *text = joined(sc);
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		printf("cannot fork: %s\n", strerror(errno));
		free(text);
		return 1;
	}
	if (pid == 0) {
		s->script_file = NULL;
		s->script_text = text;
		int rc = run(s);

		fflush(NULL);   /* _exit() would drop what stdio still holds */
		_exit(rc);
	}
	free(text);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static const char help_text[] =
	"Commands (anything else is added to the script as a line):\n"
	"  add LINE     add LINE to the script (for a line that looks like a command)\n"
	"  delete N     delete line N (delete: the whole script)\n"
	"  list         show the script with line numbers\n"
	"  load FILE    add the lines of FILE\n"
	"  save FILE    write the script to FILE\n"
	"  run          run the script (passes 1 to the -p pass), then come back\n"
	"  help         this text\n"
	"  quit         leave (also end of input)\n";

/* WORD at the start of LINE, followed by the end or a blank: *ARG the rest. */
static bool command(const char *line, const char *word, const char **arg)
{
	size_t n = strlen(word);

	if (strncmp(line, word, n) != 0 || (line[n] && line[n] != ' ' && line[n] != '\t'))
		return false;
	*arg = line + n + strspn(line + n, " \t");
	return true;
}

int interactive_loop(struct session *s, int (*run)(struct session *))
{
	struct script sc = { 0 };
	char line[MAX_LINE];
	bool tty = isatty(STDIN_FILENO);
	int last = 0;

	if (s->script_file && load_file(&sc, s->script_file) != 0)
		return 1;
	if (s->script_text)
		add_line(&sc, s->script_text);
	if (tty)
		printf("Systemtap interactive mode: 'help' lists the commands.\n");
	for (;;) {
		const char *arg;

		if (tty) {
			fputs("stap> ", stdout);
			fflush(stdout);
		}
		if (!fgets(line, sizeof line, stdin))
			break;
		line[strcspn(line, "\n")] = '\0';
		const char *l = line + strspn(line, " \t");

		if (!*l)
			continue;
		if (command(l, "quit", &arg) || command(l, "exit", &arg)) {
			break;
		} else if (command(l, "help", &arg)) {
			fputs(help_text, stdout);
		} else if (command(l, "list", &arg)) {
			for (int i = 0; i < sc.n; i++)
				printf("%d: %s\n", i + 1, sc.lines[i]);
		} else if (command(l, "delete", &arg)) {
			char *end;
			long k = strtol(arg, &end, 10);

			if (!*arg) {
				clear_script(&sc);
			} else if (*end || k < 1 || k > sc.n) {
				printf("no line '%s' (the script has %d)\n", arg, sc.n);
			} else {
				free(sc.lines[k - 1]);
				memmove(&sc.lines[k - 1], &sc.lines[k],
					sizeof sc.lines[0] * (size_t)(sc.n - k));
				sc.n--;
			}
		} else if (command(l, "load", &arg)) {
			load_file(&sc, arg);
		} else if (command(l, "save", &arg)) {
			save_file(&sc, arg);
		} else if (command(l, "run", &arg)) {
			last = run_script(s, &sc, run);
			printf("(exit status %d)\n", last);
		} else if (command(l, "add", &arg)) {
			add_line(&sc, arg);
		} else {
			add_line(&sc, l);
		}
	}
	if (tty)
		putchar('\n');
	clear_script(&sc);
	return last;
}
