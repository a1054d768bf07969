/*
 * ops.h - the script's operators as an enum, so passes switch on them
 * (and -Wswitch checks every switch) instead of comparing their text.
 * The parser maps an operator token once (op_lookup); op_name() spells one
 * back for messages, -p1 printing and the generated C.
 */
#ifndef STAP_OPS_H
#define STAP_OPS_H

#include <stdbool.h>

enum op {
	/* binary arithmetic and bitwise (EXPR_BINARY) */
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
	OP_SHL, OP_SHR, OP_USHR, OP_BAND, OP_BOR, OP_BXOR,
	OP_LAND, OP_LOR,                             /* EXPR_LOGICAL */
	OP_EQ, OP_NE, OP_LT, OP_GT, OP_LE, OP_GE,    /* EXPR_COMPARE */
	OP_CONCAT,                                   /* EXPR_CONCAT */
	OP_MATCH, OP_NOMATCH,                        /* EXPR_REGEX */
	OP_NEG, OP_PLUS, OP_NOT, OP_BNOT,            /* EXPR_UNARY */
	OP_INC, OP_DEC,                              /* EXPR_INCDEC */
	/* EXPR_ASSIGN */
	OP_ASSIGN, OP_ADD_ASSIGN, OP_SUB_ASSIGN, OP_MUL_ASSIGN, OP_DIV_ASSIGN,
	OP_MOD_ASSIGN, OP_SHL_ASSIGN, OP_SHR_ASSIGN, OP_BAND_ASSIGN, OP_BOR_ASSIGN,
	OP_BXOR_ASSIGN, OP_CONCAT_ASSIGN, OP_STAT_ADD,
};

/* How the operator is written: "+", "<<=", "<<<". */
const char *op_name(enum op op);
/* The operator spelled TEXT, prefix (UNARY: '-' is OP_NEG, '++' OP_INC)
 * or infix; false when there is none. */
bool op_lookup(const char *text, bool unary, enum op *out);
/* The binary operator of a compound assignment (OP_ADD for OP_ADD_ASSIGN);
 * OP_ASSIGN and OP_STAT_ADD have none and come back unchanged. */
enum op op_assign_base(enum op op);

#endif /* STAP_OPS_H */
