/*
 * tvbtf_test.c - the BTF backend of target variables (translator/tv_btf.c)
 * on a real kernel's types, for tests/tvbtf/run.sh.
 *
 *   tvbtf_test dump RELEASE FILE       writes the raw BTF of the kernel
 *                                      image /boot/vmlinuz-RELEASE to FILE
 *   tvbtf_test members RELEASE         reads "STRUCT MEMBER" lines on stdin,
 *                                      prints "STRUCT MEMBER OFFSET SIZE" as
 *                                      the backend resolves them ("? ?" when
 *                                      it cannot)
 *   tvbtf_test proto RELEASE FUNC      prints FUNC's parameters and return type
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_symbols.h"
#include "session.h"
#include "tv_backend.h"

static struct tv_backend *open_release(const char *rel)
{
	static struct session s;
	char why[1024];
	struct tv_backend *b;
	const char *dir = getenv("SYSTEMTAP_DIR");
	static char cache[1024];

	/* stap's rule for its cache (options.c reads it once at start-up) */
	if (dir && snprintf(cache, sizeof cache, "%s/cache", dir) < (int)sizeof cache)
		s.cache_dir = cache;
	s.kernel_release = rel;
	b = tv_backend_btf.open(&s, why, sizeof why);
	if (!b) {
		fprintf(stderr, "open: %s\n", why);
		exit(1);
	}
	return b;
}

int main(int argc, char **argv)
{
	const struct tv_backend_ops *ops = &tv_backend_btf;
	struct tv_backend *b;
	char line[512];

	if (argc == 4 && strcmp(argv[1], "dump") == 0) {
		char path[512], why[1024];
		void *data;
		size_t len;
		FILE *f;

		snprintf(path, sizeof path, "/boot/vmlinuz-%s", argv[2]);
		if (!kernel_image_btf(path, &data, &len, why, sizeof why)) {
			fprintf(stderr, "%s\n", why);
			return 1;
		}
		f = fopen(argv[3], "wb");
		if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
			return 1;
		free(data);
		return 0;
	}
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "members") == 0) {
		const char *module = argc == 4 ? argv[3] : NULL;   /* a module's types */
		char why[512];

		b = open_release(argv[2]);
		while (fgets(line, sizeof line, stdin)) {
			char sname[256], mname[256];
			struct tv_type t;
			struct tv_member m;

			if (sscanf(line, "%255s %255s", sname, mname) != 2)
				continue;
			if (ops->find_type(b, module, sname, &t, why, sizeof why) &&
			    ops->member(b, &t, mname, &m))
				printf("%s %s %llu %u\n", sname, mname,
				       (unsigned long long)(m.bit_offset / 8), m.type.size);
			else
				printf("%s %s ? ?\n", sname, mname);
		}
		ops->close(b);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "proto") == 0) {
		struct tv_param *p;
		struct tv_type ret;
		int n;

		const char *colon = strchr(argv[3], ':');   /* "module:function" */
		char module[256] = "";

		if (colon)
			snprintf(module, sizeof module, "%.*s", (int)(colon - argv[3]), argv[3]);
		b = open_release(argv[2]);
		if (!ops->function(b, colon ? module : NULL, colon ? colon + 1 : argv[3], &p, &n,
				   &ret)) {
			printf("no function %s\n", argv[3]);
			return 1;
		}
		for (int i = 0; i < n; i++)
			printf("%s:%s%s", p[i].name, ops->type_name(b, &p[i].type),
			       i + 1 < n ? " " : "");
		printf(" -> %s\n", ops->type_name(b, &ret));
		ops->close(b);
		return 0;
	}
	fprintf(stderr, "usage: tvbtf_test dump REL FILE | members REL | proto REL FUNC\n");
	return 2;
}
