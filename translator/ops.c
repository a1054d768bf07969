/*
 * ops.c - the name table of the operators (ops.h): one row an operator,
 * its spelling and whether it is written before its operand.
 */
#include "config.h"

#include <string.h>

#include "ops.h"

static const struct {
	const char *text;
	bool unary;
} op_table[] = {
	[OP_ADD] = { "+", false },      [OP_SUB] = { "-", false },
	[OP_MUL] = { "*", false },      [OP_DIV] = { "/", false },
	[OP_MOD] = { "%", false },      [OP_SHL] = { "<<", false },
	[OP_SHR] = { ">>", false },     [OP_USHR] = { ">>>", false },
	[OP_BAND] = { "&", false },     [OP_BOR] = { "|", false },
	[OP_BXOR] = { "^", false },     [OP_LAND] = { "&&", false },
	[OP_LOR] = { "||", false },     [OP_EQ] = { "==", false },
	[OP_NE] = { "!=", false },      [OP_LT] = { "<", false },
	[OP_GT] = { ">", false },       [OP_LE] = { "<=", false },
	[OP_GE] = { ">=", false },      [OP_CONCAT] = { ".", false },
	[OP_MATCH] = { "=~", false },   [OP_NOMATCH] = { "!~", false },
	[OP_NEG] = { "-", true },       [OP_PLUS] = { "+", true },
	[OP_NOT] = { "!", true },       [OP_BNOT] = { "~", true },
	[OP_INC] = { "++", true },      [OP_DEC] = { "--", true },
	[OP_ASSIGN] = { "=", false },   [OP_ADD_ASSIGN] = { "+=", false },
	[OP_SUB_ASSIGN] = { "-=", false }, [OP_MUL_ASSIGN] = { "*=", false },
	[OP_DIV_ASSIGN] = { "/=", false }, [OP_MOD_ASSIGN] = { "%=", false },
	[OP_SHL_ASSIGN] = { "<<=", false }, [OP_SHR_ASSIGN] = { ">>=", false },
	[OP_BAND_ASSIGN] = { "&=", false }, [OP_BOR_ASSIGN] = { "|=", false },
	[OP_BXOR_ASSIGN] = { "^=", false }, [OP_CONCAT_ASSIGN] = { ".=", false },
	[OP_STAT_ADD] = { "<<<", false },
};

#define NOPS (int)(sizeof op_table / sizeof op_table[0])

const char *op_name(enum op op)
{
	return op_table[op].text;
}

bool op_lookup(const char *text, bool unary, enum op *out)
{
	for (int i = 0; i < NOPS; i++)
		if (op_table[i].unary == unary && strcmp(op_table[i].text, text) == 0) {
			*out = (enum op)i;
			return true;
		}
	return false;
}

enum op op_assign_base(enum op op)
{
	switch (op) {
	case OP_ADD_ASSIGN: return OP_ADD;
	case OP_SUB_ASSIGN: return OP_SUB;
	case OP_MUL_ASSIGN: return OP_MUL;
	case OP_DIV_ASSIGN: return OP_DIV;
	case OP_MOD_ASSIGN: return OP_MOD;
	case OP_SHL_ASSIGN: return OP_SHL;
	case OP_SHR_ASSIGN: return OP_SHR;
	case OP_BAND_ASSIGN: return OP_BAND;
	case OP_BOR_ASSIGN: return OP_BOR;
	case OP_BXOR_ASSIGN: return OP_BXOR;
	case OP_CONCAT_ASSIGN: return OP_CONCAT;
	default: return op;
	}
}
