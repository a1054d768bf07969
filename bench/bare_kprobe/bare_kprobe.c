// SPDX-License-Identifier: GPL-2.0
/*
 * bare_kprobe.c - the floor for bench/probe-overhead.sh: one kprobe on the
 * symbol given as a module parameter whose handler only counts hits in a
 * per-cpu counter, which is what any probe must at least cost.
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/percpu.h>

static char *symbol = "__x64_sys_getppid";
module_param(symbol, charp, 0444);

static DEFINE_PER_CPU(unsigned long, bare_hits);

static int bare_hit(struct kprobe *kp, struct pt_regs *regs)
{
	this_cpu_inc(bare_hits);
	return 0;
}

static struct kprobe bare_kp = { .pre_handler = bare_hit };

static int __init bare_init(void)
{
	bare_kp.symbol_name = symbol;
	return register_kprobe(&bare_kp);
}

static void __exit bare_exit(void)
{
	unsigned long n = 0;
	int cpu;

	unregister_kprobe(&bare_kp);
	for_each_possible_cpu(cpu)
		n += per_cpu(bare_hits, cpu);
	pr_info("bare_kprobe: %lu hits\n", n);
}

module_init(bare_init);
module_exit(bare_exit);
MODULE_LICENSE("GPL");
