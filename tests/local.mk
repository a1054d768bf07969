# stap-vm runs pass 5 in a disposable VM (--remote=vm, and the test rig);
# installed with the paths of this build filled in.
pkglibexec_SCRIPTS += stap-vm
CLEANFILES += stap-vm
EXTRA_DIST += tests/vm/stap-vm tests/lib.sh
stap-vm: $(srcdir)/tests/vm/stap-vm Makefile
	$(AM_V_GEN)sed -e 's|@bindir[@]|$(bindir)|g' -e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g' \
		$(srcdir)/tests/vm/stap-vm > $@ && chmod +x $@
# The program the VM cases run through -c (tests/vm/run-cases --workload):
# static, so the VM needs no C library for it.  Built by `make check`.
check_PROGRAMS += tests/vm/stap-workload
tests_vm_stap_workload_SOURCES = tests/vm/workload.c
tests_vm_stap_workload_LDFLAGS = -static
EXTRA_DIST += tests/tvbtf/run.sh tests/tvbtf/tvbtf_test.c
EXTRA_DIST += tests/fuzz/run.sh tests/ksyms/run.sh tests/unit/run.sh

# The host runners' test programs, built by `make check` (scripts/build.sh),
# the sanitizer-built ones in a tree configured --enable-sanitizers
# (_build-asan); tests/lib.sh's check_program finds them.
check_PROGRAMS += tests/vm/stap-runas
tests_vm_stap_runas_SOURCES = tests/vm/runas.c
tests_vm_stap_runas_LDFLAGS = -static
EXTRA_DIST += tests/vm/users.sh

check_PROGRAMS += tests/ksyms/ksyms_test
tests_ksyms_ksyms_test_SOURCES = tests/ksyms/ksyms_test.c \
	translator/kernel_symbols.c translator/kernel_symbols.h
tests_ksyms_ksyms_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/translator
tests_ksyms_ksyms_test_CFLAGS = $(AM_CFLAGS) $(LIBDW_CFLAGS) $(LIBLZMA_CFLAGS) $(ZLIB_CFLAGS) $(LIBZSTD_CFLAGS)
tests_ksyms_ksyms_test_LDADD = $(LIBDW_LIBS) $(LIBLZMA_LIBS) $(ZLIB_LIBS) $(LIBZSTD_LIBS)

check_PROGRAMS += tests/tvbtf/tvbtf_test
tests_tvbtf_tvbtf_test_SOURCES = tests/tvbtf/tvbtf_test.c translator/tv_btf.c \
	translator/kernel_symbols.c translator/arena.c translator/build_cache.c \
	translator/path_format.c translator/fast_link.c translator/module_versions.c \
	translator/process.c common/c_escape.c
tests_tvbtf_tvbtf_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/translator
tests_tvbtf_tvbtf_test_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS) $(LIBDW_CFLAGS) $(LIBLZMA_CFLAGS) \
	$(ZLIB_CFLAGS) $(LIBZSTD_CFLAGS)
tests_tvbtf_tvbtf_test_LDADD = $(LIBBPF_LIBS) $(LIBDW_LIBS) $(LIBLZMA_LIBS) $(ZLIB_LIBS) $(LIBZSTD_LIBS)

# tests/unit: runtime code compiled for the host against the stand-in
# kernel headers of tests/unit/harness.  The regex check is a program; the
# stand-in runtime is a library the runner links each .run case's generated
# C against.
unit_host_rt_cppflags = -include stdio.h -DSTP_COMPAT_H '-DSTP_NOKPROBE(f)=' -Dnotrace= \
	'-DWARN_ON_ONCE(x)=(x)' -I$(top_srcdir)/tests/unit/harness -I$(top_srcdir)/runtime
check_PROGRAMS += tests/unit/regex_check
tests_unit_regex_check_SOURCES = tests/unit/regex/regex_check.c translator/regex.c runtime/regex.c
tests_unit_regex_check_CPPFLAGS = $(unit_host_rt_cppflags)
# (ar's default mode is deterministic: no 'u', which it would only warn about)
ARFLAGS = cr
check_LIBRARIES = tests/unit/libhostrt.a
tests_unit_libhostrt_a_SOURCES = tests/unit/harness/host_runtime.c runtime/regex.c
tests_unit_libhostrt_a_CPPFLAGS = $(unit_host_rt_cppflags)
# the stand-ins are loose on purpose (warnings off, as for the generated C)
tests_unit_libhostrt_a_CFLAGS = -std=gnu11 -w
EXTRA_DIST += tests/unit/harness/regex_host.h tests/unit/harness/linux/errno.h \
	tests/unit/harness/linux/fs.h tests/unit/harness/linux/jiffies.h \
	tests/unit/harness/linux/kernel.h tests/unit/harness/linux/mm.h \
	tests/unit/harness/linux/module.h tests/unit/harness/linux/moduleparam.h \
	tests/unit/harness/linux/ptrace.h tests/unit/harness/linux/sched.h \
	tests/unit/harness/linux/sched/signal.h tests/unit/harness/linux/string.h \
	tests/unit/harness/linux/time64.h tests/unit/harness/linux/types.h \
	tests/unit/harness/linux/uaccess.h tests/unit/harness/asm/msr.h \
	tests/unit/harness/asm/special_insns.h

# The libFuzzer target of pass 1: built on demand only, by tests/fuzz/run.sh
# in a tree configured with clang and -fsanitize=fuzzer-no-link.
EXTRA_PROGRAMS = tests/fuzz/parse_fuzz
tests_fuzz_parse_fuzz_SOURCES = tests/fuzz/parse_fuzz.c translator/arena.c translator/diag.c \
	translator/lexer.c translator/preprocess.c translator/parse.c translator/ast_print.c \
	translator/ops.c
tests_fuzz_parse_fuzz_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/translator
tests_fuzz_parse_fuzz_LDFLAGS = -fsanitize=fuzzer
