dist_man_MANS += man/stap.1 man/staprun.8 man/stapio.8 man/stap-merge.1 man/stappaths.7 man/stapprobes.3stap \
	man/stapex.3stap
# stapfuncs(3stap) is written from the tapset files' comments at build time,
# so it lists exactly the functions that ship.
man_MANS = man/stapfuncs.3stap
CLEANFILES += man/stapfuncs.3stap
EXTRA_DIST += man/gen-stapfuncs.sh
man/stapfuncs.3stap: $(srcdir)/man/gen-stapfuncs.sh $(tapset_DATA) $(tapsetx8664_DATA)
	$(AM_V_GEN)$(MKDIR_P) man && \
	sh $(srcdir)/man/gen-stapfuncs.sh $(VERSION) \
		$(addprefix $(srcdir)/,$(tapset_DATA) $(tapsetx8664_DATA)) > $@.tmp && mv $@.tmp $@
