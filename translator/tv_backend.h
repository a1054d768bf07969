/*
 * tv_backend.h - where target variables get their types: the one interface
 * between the target-variable pass (target_vars.c) and a source of kernel
 * type information.  BTF (tv_btf.c, from the kernel image or
 * /sys/kernel/btf/vmlinux) is the backend today; a DWARF backend (libdw, for
 * kernels with their -dbg package) would be a second `struct tv_backend_ops`
 * beside it, adding locals and statement locations that BTF cannot give.
 *
 * Types are seen through typedefs and qualifiers (const, volatile): a
 * `struct tv_type` says what the bytes are (integer, pointer, array,
 * struct...), and keeps the id the script named for messages and listings.
 */
#ifndef STAP_TV_BACKEND_H
#define STAP_TV_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"

enum tv_kind {
	TV_VOID,
	TV_INT,        /* integers, bool, char; ENUM below */
	TV_ENUM,
	TV_PTR,
	TV_ARRAY,
	TV_STRUCT,
	TV_UNION,
	TV_FUNC,       /* a function type (what a function pointer points to) */
	TV_FLOAT,
	TV_OTHER,
};

struct tv_type {
	enum tv_kind kind;
	uint32_t id;           /* the backend's handle of the type, after typedefs */
	uint32_t named_id;     /* the handle as written (a typedef's), for names */
	uint32_t size;         /* bytes (pointers 8; void and functions 0) */
	bool is_signed;        /* TV_INT, TV_ENUM */
	uint32_t nelems;       /* TV_ARRAY: elements (0: flexible) */
	uint16_t btf;          /* the backend's: which module's types ID is of */
};

struct tv_member {
	const char *name;
	struct tv_type type;
	uint64_t bit_offset;   /* from the start of the outermost aggregate */
	uint32_t bit_size;     /* bitfields: width in bits; else 0 */
};

struct tv_param {
	const char *name;      /* "" when the prototype has none */
	struct tv_type type;
};

struct tv_backend;
struct ksyms;

struct tv_backend_ops {
	const char *name;      /* "BTF" */
	/* Opens the types of session S's target kernel; NULL with a reason. */
	struct tv_backend *(*open)(const struct session *s, char *why, size_t why_len);
	void (*close)(struct tv_backend *b);
	/* Where the types came from, for -v. */
	const char *(*source)(const struct tv_backend *b);
	/* Function NAME's parameters (arena array) and return type; a
	 * function of kernel module MODULE unless that is NULL. */
	bool (*function)(struct tv_backend *b, const char *module, const char *name,
			 struct tv_param **params, int *nparams, struct tv_type *ret);
	/* A type by name: "task_struct" (struct, union, typedef or enum),
	 * "struct sock", "union u", "enum e", among MODULE's types and then the
	 * kernel's (MODULE NULL: the kernel's); false with the reason in WHY. */
	bool (*find_type)(struct tv_backend *b, const char *module, const char *name,
			  struct tv_type *out, char *why, size_t why_len);
	/* The functions of MODULE (NULL: the kernel), a list the caller frees
	 * with ksyms_free; NULL with the reason in WHY. */
	struct ksyms *(*functions)(struct tv_backend *b, const char *module, char *why,
				   size_t why_len);
	/* Member NAME of struct or union AGG, looking into anonymous members. */
	bool (*member)(struct tv_backend *b, const struct tv_type *agg, const char *name,
		       struct tv_member *out);
	/* The I-th direct member of AGG (anonymous ones with name ""). */
	bool (*member_at)(struct tv_backend *b, const struct tv_type *agg, int i,
			  struct tv_member *out);
	/* What a pointer points to, or an array's element. */
	bool (*target)(struct tv_backend *b, const struct tv_type *t, struct tv_type *out);
	/* T as C writes it: "struct file*", "size_t", "char[16]". */
	const char *(*type_name)(struct tv_backend *b, const struct tv_type *t);
};

extern const struct tv_backend_ops tv_backend_btf;

#endif /* STAP_TV_BACKEND_H */
