# stap: the translator.  List every source here.
bin_PROGRAMS += translator/stap
translator_stap_SOURCES = \
	translator/main.c \
	translator/session.h \
	translator/arena.c translator/arena.h \
	translator/diag.c translator/diag.h \
	translator/lexer.c translator/lexer.h \
	translator/ast.h \
	translator/parse.c translator/parse.h \
	translator/ast_print.c translator/ast_print.h \
	translator/format.c translator/format.h \
	translator/elaborate.c translator/elaborate.h \
	translator/codegen.c translator/codegen_printf.c translator/codegen.h \
	translator/passes45.h \
	translator/pass_timer.c translator/pass_timer.h \
	translator/process.c translator/process.h \
	translator/path_format.c translator/path_format.h \
	translator/build.c \
	translator/remote_vm.c translator/remote_vm.h \
	translator/run.c
translator_stap_CFLAGS = $(AM_CFLAGS)
translator_stap_LDADD =
