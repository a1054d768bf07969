// SPDX-License-Identifier: GPL-2.0
/*
 * monitor.c - stap --monitor: the module's live status file.
 *
 * With STP_MONITOR defined (stap --monitor adds it; it also turns on the
 * per-probe counters of probe_timing.c), the module creates systemtap/MODNAME/.monitor beside
 * .cmd.  Like the relay files it is given to the session's owner when .cmd
 * is first opened (staprun opens it with the caller's ids), mode 0600, so
 * whoever may run the module may watch it and nobody else; stapio opens it
 * through the directory descriptor staprun hands it.
 *
 * A read() from offset 0 takes one snapshot, one fact a line, that stapio
 * parses and draws (the display is stapio's business, not the kernel's):
 *
 *   uptime_ms N            since module load
 *   release R              the running kernel
 *   module NAME
 *   state running|paused
 *   global NAME long V     scalar globals read under their read lock;
 *   global NAME string S   S has control characters replaced by '?';
 *   global NAME array N    an array: its number of entries;
 *   global NAME stat       a statistic: no single value
 *   global NAME busy       its lock was held by a probe
 *   probe I HITS MIN AVG MAX PP    probes that ran, cycles merged over cpus
 *
 * A write() is one command: "reset" zeroes the probe counters, "pause"
 * stops ordinary probes (timers, kprobes, tracepoints; begin/end/error still
 * run), "resume" lets them run again.  Anything else is -EINVAL.
 *
 * A module built without STP_MONITOR has no status file: the functions the
 * runtime calls here do nothing (one compile unit, so they inline away).
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "stp_internal.h"

bool stp_monitor_paused;

#ifdef STP_MONITOR

#define STP_MONITOR_FILE ".monitor"
#define STP_MONITOR_LOCK_TRIES 1000
/* room per probe or global line; a longer line eats the others' room and
 * the snapshot is cut at the end, never overrun */
#define STP_MONITOR_LINE_MAX (MAXSTRINGLEN + 256)

static struct dentry *stp_monitor_dentry;
static unsigned long stp_monitor_loaded_at;

/* One opener's snapshot; the mutex keeps two read()s of one file apart. */
struct stp_monitor_buf {
	struct mutex lock;
	char *text;
	size_t len, size;
};

static __printf(2, 3) void stp_monitor_printf(struct stp_monitor_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len >= b->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->text + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	b->len = min_t(size_t, b->len + max(n, 0), b->size - 1);
}

/* Takes a global's read lock, trying for a bounded time; NULL if none. */
static rwlock_t *stp_monitor_read_lock(int lock)
{
	rwlock_t *l = stp_global_lock(lock);
	int i;

	if (!l)
		return NULL;
	for (i = 0; i < STP_MONITOR_LOCK_TRIES; i++) {
		if (read_trylock(l))
			return l;
		cpu_relax();
	}
	return ERR_PTR(-EBUSY);
}

/* Appends up to MAXSTRINGLEN - 1 bytes of @str, control characters as '?':
 * the line stays one line whatever the string holds. */
static void stp_monitor_string(struct stp_monitor_buf *b, const char *str)
{
	size_t i;

	for (i = 0; i < MAXSTRINGLEN - 1 && str[i] && b->len < b->size - 1; i++) {
		unsigned char ch = str[i];

		b->text[b->len++] = ch < ' ' || ch == 0x7f ? '?' : ch;
	}
	b->text[b->len] = '\0';
}

/*
 * One global's line.  Its lock is taken for reading with irqs off (so no
 * probe of this cpu's interrupts tries it meanwhile) and only for so many
 * tries; a
 * module that uses the whole-globals lock instead has no per-global lock,
 * and its values are read as they are (a string copy is bounded, so a
 * torn one shows mixed text, never more).
 */
static void stp_monitor_global(struct stp_monitor_buf *b, const struct stp_monitor_global *g)
{
	rwlock_t *l;

	if (g->kind == STP_MONITOR_STAT) {
		stp_monitor_printf(b, "global %s stat\n", g->name);
		return;
	}
	local_irq_disable();
	l = stp_monitor_read_lock(g->lock);
	if (IS_ERR(l)) {
		local_irq_enable();
		stp_monitor_printf(b, "global %s busy\n", g->name);
		return;
	}
	switch (g->kind) {
	case STP_MONITOR_LONG:
		stp_monitor_printf(b, "global %s long %lld\n", g->name, *(const s64 *)g->addr);
		break;
	case STP_MONITOR_STRING:
		stp_monitor_printf(b, "global %s string ", g->name);
		stp_monitor_string(b, g->addr);
		stp_monitor_printf(b, "\n");
		break;
	case STP_MONITOR_ARRAY:
		stp_monitor_printf(b, "global %s array %u\n", g->name,
				   READ_ONCE(((const struct stp_map *)g->addr)->count));
		break;
	case STP_MONITOR_STAT:
		break;
	}
	if (l)
		read_unlock(l);
	local_irq_enable();
}

static void stp_monitor_snapshot(struct stp_monitor_buf *b)
{
	struct stp_timing_sum t;
	unsigned int i;

	stp_monitor_printf(b, "uptime_ms %u\n",
			   jiffies_to_msecs(jiffies - stp_monitor_loaded_at));
	stp_monitor_printf(b, "release %s\n", utsname()->release);
	stp_monitor_printf(b, "module %s\n", THIS_MODULE->name);
	stp_monitor_printf(b, "state %s\n", READ_ONCE(stp_monitor_paused) ? "paused" : "running");
	for (i = 0; i < stp_monitor_global_count; i++)
		stp_monitor_global(b, &stp_monitor_globals[i]);
	for (i = 0; i < stp_probe_count; i++) {
		if (!stp_probes[i].location || !stp_timing_sum(i, &t))
			continue;
		stp_monitor_printf(b, "probe %u %llu %llu %llu %llu %s\n", i, t.hits, t.min,
				   t.avg, t.max, stp_probes[i].pp);
	}
}

static int stp_monitor_open(struct inode *inode, struct file *file)
{
	struct stp_monitor_buf *b;
	size_t lines = (size_t)stp_probe_count + stp_monitor_global_count + 8;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	if (check_mul_overflow(lines, (size_t)STP_MONITOR_LINE_MAX, &b->size)) {
		kfree(b);
		return -E2BIG;
	}
	b->text = kvmalloc(b->size, GFP_KERNEL);
	if (!b->text) {
		kfree(b);
		return -ENOMEM;
	}
	mutex_init(&b->lock);
	file->private_data = b;
	return nonseekable_open(inode, file);
}

static int stp_monitor_release(struct inode *inode, struct file *file)
{
	struct stp_monitor_buf *b = file->private_data;

	kvfree(b->text);
	kfree(b);
	return 0;
}

/* Each read() is one whole snapshot (stapio reads with a large buffer);
 * a reader with a small buffer gets the snapshot cut. */
static ssize_t stp_monitor_read(struct file *file, char __user *ubuf, size_t count,
				loff_t *ppos)
{
	struct stp_monitor_buf *b = file->private_data;
	ssize_t rc;
	size_t n;

	if (mutex_lock_interruptible(&b->lock))
		return -ERESTARTSYS;
	b->len = 0;
	b->text[0] = '\0';
	stp_monitor_snapshot(b);
	n = min(count, b->len);
	rc = copy_to_user(ubuf, b->text, n) ? -EFAULT : (ssize_t)n;
	mutex_unlock(&b->lock);
	return rc;
}

static ssize_t stp_monitor_write(struct file *file, const char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	char cmd[16];
	size_t n = count;

	if (n && n < sizeof(cmd) && !copy_from_user(cmd, ubuf, n)) {
		cmd[n] = '\0';
		if (cmd[n - 1] == '\n')
			cmd[n - 1] = '\0';
	} else {
		return n ? -EINVAL : 0;
	}
	if (!strcmp(cmd, "reset"))
		stp_timing_reset();
	else if (!strcmp(cmd, "pause"))
		WRITE_ONCE(stp_monitor_paused, true);
	else if (!strcmp(cmd, "resume"))
		WRITE_ONCE(stp_monitor_paused, false);
	else
		return -EINVAL;
	return count;
}

static const struct file_operations stp_monitor_fops = {
	.owner = THIS_MODULE,
	.open = stp_monitor_open,
	.release = stp_monitor_release,
	.read = stp_monitor_read,
	.write = stp_monitor_write,
};

/**
 * stp_monitor_init() - create .monitor in the module's directory.
 * @dir: the module's debugfs directory.
 *
 * Return: 0 or -errno.
 */
int stp_monitor_init(struct dentry *dir)
{
	struct dentry *d;

	stp_monitor_loaded_at = jiffies;
	d = debugfs_create_file(STP_MONITOR_FILE, 0600, dir, NULL, &stp_monitor_fops);
	if (IS_ERR(d))
		return PTR_ERR(d);
	stp_monitor_dentry = d;
	return 0;
}

/**
 * stp_monitor_owner_set() - give .monitor to the session's owner.
 *
 * Called when .cmd is first opened (the owner is then known).
 */
void stp_monitor_owner_set(void)
{
	if (stp_monitor_dentry)
		stp_ctl_owner_chown(d_inode(stp_monitor_dentry));
}

#else /* !STP_MONITOR */

int stp_monitor_init(struct dentry *dir)
{
	return 0;
}

void stp_monitor_owner_set(void)
{
}

#endif
