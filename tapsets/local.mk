tapsetdir = $(pkgdatadir)/tapset
tapset_DATA =
