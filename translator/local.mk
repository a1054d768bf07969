# stap: the translator.  List every source here.
bin_PROGRAMS += translator/stap
translator_stap_SOURCES = \
	translator/main.c \
	translator/options.c translator/options.h \
	translator/dump.c translator/dump.h \
	translator/interactive.c translator/interactive.h \
	translator/session.h \
	translator/arena.c translator/arena.h \
	translator/hash_map.c translator/hash_map.h \
	translator/diag.c translator/diag.h \
	translator/lexer.c translator/lexer.h \
	translator/preprocess.c translator/preprocess.h \
	translator/tapsets.c translator/tapsets.h translator/tapset_memo.c translator/tapset_memo.h \
	translator/tapset_index.c translator/tapset_index.h \
	translator/ast.h \
	translator/parse.c translator/parse.h \
	translator/ast_print.c translator/ast_print.h \
	translator/format.c translator/format.h \
	translator/resolve.c translator/resolve.h \
	translator/optimize.c translator/optimize.h \
	translator/probe_families.c translator/probe_families.h \
	translator/family_begin_end.c translator/family_timer.c \
	translator/family_kprobe.c translator/family_kprobe_dwarf.c \
	translator/family_unsupported.c translator/family_syscall_tp.c translator/listing.c translator/listing.h \
	translator/family_trace.c \
	translator/ast_copy.c translator/ast_copy.h \
	translator/ast_walk.c translator/ast_walk.h \
	translator/ops.c translator/ops.h \
	translator/elaborate.c translator/elaborate.h translator/elaborate_ctx.h \
	translator/bind.c translator/infer.c \
	translator/overload.c translator/overload.h \
	translator/global_params.c translator/global_params.h \
	translator/array_bytes.c translator/array_bytes.h \
	common/modopt_syntax.c common/modopt_syntax.h common/c_escape.c common/c_escape.h \
	common/module_name.c common/module_name.h common/number_arg.c common/number_arg.h \
	translator/unsupported.c translator/unsupported.h \
	translator/builtins.c translator/builtins.h \
	translator/privilege.c translator/privilege.h \
	common/privilege_level.c common/privilege_level.h \
	common/rotation_arg.c common/rotation_arg.h common/bulk_mode.h common/monitor_mode.h \
	translator/codegen.c translator/codegen_nesting.c translator/codegen_printf.c translator/codegen_autoprint.c \
	translator/codegen_locks.c translator/codegen_regex.c translator/codegen_embedded.c \
	translator/regex.c translator/regex.h translator/regex_use.c translator/regex_use.h \
	translator/stat_hist.c translator/stat_hist.h \
	translator/codegen.h \
	translator/passes45.h \
	translator/pass_timer.c translator/pass_timer.h \
	translator/process.c translator/process.h \
	translator/path_format.c translator/path_format.h \
	translator/build.c translator/build_cache.c translator/build_cache.h \
	translator/fast_link.c translator/fast_link.h \
	translator/module_versions.c translator/module_versions.h \
	translator/remote_vm.c translator/remote_vm.h \
	translator/run.c \
	translator/kernel_symbols.c translator/kernel_symbols.h \
	translator/kprobe_blacklist.c translator/kprobe_blacklist.h \
	translator/module_names.c translator/module_names.h \
	translator/tv_backend.h translator/tv_btf.c translator/tv_pretty.c translator/tv_pretty.h \
	translator/target_vars.c translator/target_vars.h
translator_stap_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS) $(LIBDW_CFLAGS) $(LIBLZMA_CFLAGS) $(ZLIB_CFLAGS) $(LIBZSTD_CFLAGS)
translator_stap_LDADD = $(LIBBPF_LIBS) $(LIBDW_LIBS) $(LIBLZMA_LIBS) $(ZLIB_LIBS) $(LIBZSTD_LIBS)
