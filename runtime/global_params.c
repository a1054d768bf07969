// SPDX-License-Identifier: GPL-2.0
/*
 * global_params.c - scalar globals given at load time.  Every scalar global
 * of a script is a charp module parameter (stap -G NAME=VALUE, or staprun
 * MOD.ko NAME=VALUE); module init copies a given text over the initial value
 * after the script's own initializers ran, so the option wins.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/module.h>

#include "stap_runtime.h"

/**
 * stp_global_param_long() - set a long global from its module option.
 * @dst: the global.
 * @text: the option's value, or NULL when the option was not given.
 * @name: the global's name, for the log.
 *
 * Return: 0, or -EINVAL when @text is not a (decimal, 0x hex or 0 octal)
 * number.
 */
int stp_global_param_long(s64 *dst, const char *text, const char *name)
{
	s64 v;

	if (!text)
		return 0;
	if (kstrtoll(text, 0, &v)) {
		pr_err("%s: global %s: '%s' is not a number\n", THIS_MODULE->name, name, text);
		return -EINVAL;
	}
	*dst = v;
	return 0;
}

/**
 * stp_global_param_str() - set a string global from its module option.
 * @dst: the global (MAXSTRINGLEN bytes); a longer text is truncated.
 * @text: the option's value, or NULL when the option was not given.
 */
void stp_global_param_str(char *dst, const char *text)
{
	if (text)
		stp_str_copy(dst, text);
}
