dist_man_MANS += man/stap.1 man/staprun.8
