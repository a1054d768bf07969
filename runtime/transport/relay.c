// SPDX-License-Identifier: GPL-2.0
/*
 * relay.c - the per-cpu data files systemtap/MODNAME/traceN.
 *
 * Relay supplies the per-cpu buffers (sub-buffers, padding accounting,
 * no-overwrite through the subbuf_start callback, cpu hotplug) and asks our
 * create_buf_file callback for one file per cpu.  Each flush of a print
 * buffer becomes one record, struct stp_data_hdr then the bytes, written with
 * irqs off into this cpu's buffer by relay_reserve() and memcpy().  A record
 * is never larger than a sub-buffer, so relay never splits one.  The record's
 * seq comes from a global counter taken only once the reservation succeeded,
 * so dropped records leave no gaps; a failed reservation counts a transport
 * drop.
 *
 * The files have their own read(), not relay's: relay moves its write offset
 * when space is reserved, before the bytes are copied, so relay's read() on
 * another cpu could hand out a record still being written.  Here the writer,
 * after copying, publishes how far its buffer is complete (the "committed"
 * position: sub-buffer count and offset, under a seqcount; there is exactly
 * one writer per buffer, its own cpu with irqs off).  The reader walks relay's
 * sub-buffers itself: sub-buffer i lives at start + (i % n_subbufs) *
 * subbuf_size; those before the committed one are complete and end at
 * subbuf_size - padding[i % n_subbufs]; the committed one ends at the
 * committed offset.  Once it has read a complete sub-buffer the reader calls
 * relay_subbufs_consumed(), which hands the space back to the writer.
 *
 * read() never blocks: with nothing committed it returns 0, like relay.
 * poll() reports readable when committed bytes wait; the writer wakes a
 * sleeping poller through an irq_work, which is safe from any probe context.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/relay.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "stp_internal.h"

/* Per-cpu buffers never exceed this, whatever stapio asks for. */
#define STP_RELAY_BUF_MAX (64U << 20)
/* Number of sub-buffers aimed at when the size allows. */
#define STP_RELAY_SUBBUFS 16

struct stp_relay_cpu {
	seqcount_t seq;            /* guards the committed pair */
	size_t committed_subbuf;   /* sub-buffers produced when last published */
	size_t committed_off;      /* bytes complete in that sub-buffer */
	struct mutex read_lock;    /* serializes readers of this file */
	size_t read_subbuf;        /* reader position: sub-buffer count ... */
	size_t read_off;           /* ... and offset within it */
	wait_queue_head_t wait;    /* pollers */
	struct irq_work wake;      /* wakes pollers from probe context */
};

atomic_t stp_transport_drops = ATOMIC_INIT(0);
static atomic64_t stp_record_seq = ATOMIC64_INIT(0);
static struct stp_relay_cpu *stp_relay_cpus;   /* nr_cpu_ids entries */
static struct rchan *stp_chan;

static void stp_relay_wake(struct irq_work *work)
{
	struct stp_relay_cpu *rc = container_of(work, struct stp_relay_cpu, wake);

	wake_up_interruptible(&rc->wait);
}

/**
 * stp_relay_alloc() - allocate the per-cpu reader state (module init).
 *
 * Return: 0 or -ENOMEM.
 */
int stp_relay_alloc(void)
{
	unsigned int cpu;

	stp_relay_cpus = kcalloc(nr_cpu_ids, sizeof(*stp_relay_cpus), GFP_KERNEL);
	if (!stp_relay_cpus)
		return -ENOMEM;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct stp_relay_cpu *rc = &stp_relay_cpus[cpu];

		seqcount_init(&rc->seq);
		mutex_init(&rc->read_lock);
		init_waitqueue_head(&rc->wait);
		init_irq_work(&rc->wake, stp_relay_wake);
	}
	return 0;
}

/**
 * stp_relay_free() - free the reader state; the channel is closed already.
 */
void stp_relay_free(void)
{
	unsigned int cpu;

	if (!stp_relay_cpus)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		irq_work_sync(&stp_relay_cpus[cpu].wake);
	kfree(stp_relay_cpus);
	stp_relay_cpus = NULL;
}

static void stp_relay_committed(struct stp_relay_cpu *rc, size_t *subbuf, size_t *off)
{
	unsigned int s;

	do {
		s = read_seqcount_begin(&rc->seq);
		*subbuf = rc->committed_subbuf;
		*off = rc->committed_off;
	} while (read_seqcount_retry(&rc->seq, s));
	smp_rmb();	/* record bytes and padding were written before the pair */
}

/* Bytes readable at the reader's position, without consuming anything. */
static bool stp_relay_readable(struct rchan_buf *buf, struct stp_relay_cpu *rc)
{
	size_t ss = buf->chan->subbuf_size, n = buf->chan->n_subbufs;
	size_t csub, coff, rsub = READ_ONCE(rc->read_subbuf), roff = READ_ONCE(rc->read_off);

	stp_relay_committed(rc, &csub, &coff);
	if (rsub < csub)
		return roff < ss - READ_ONCE(buf->padding[rsub % n]) ||
		       rsub + 1 < csub || coff > 0;
	return roff < coff;
}

static int stp_trace_open(struct inode *inode, struct file *file)
{
	file->private_data = inode->i_private;
	return stream_open(inode, file);
}

static ssize_t stp_trace_read(struct file *file, char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	struct rchan_buf *buf = file->private_data;
	struct stp_relay_cpu *rc = &stp_relay_cpus[buf->cpu];
	size_t ss = buf->chan->subbuf_size, n = buf->chan->n_subbufs;
	ssize_t done = 0;

	if (mutex_lock_interruptible(&rc->read_lock))
		return -ERESTARTSYS;
	while (count) {
		size_t csub, coff, end, chunk;
		const char *from;

		stp_relay_committed(rc, &csub, &coff);
		if (rc->read_subbuf < csub) {
			end = ss - READ_ONCE(buf->padding[rc->read_subbuf % n]);
			if (rc->read_off >= end) {
				/* complete sub-buffer read: give it back to relay */
				rc->read_subbuf++;
				rc->read_off = 0;
				relay_subbufs_consumed(buf->chan, buf->cpu, 1);
				continue;
			}
		} else {
			end = coff;
			if (rc->read_off >= end)
				break;
		}
		chunk = min(end - rc->read_off, count);
		from = (const char *)buf->start + (rc->read_subbuf % n) * ss + rc->read_off;
		if (copy_to_user(ubuf + done, from, chunk)) {
			if (!done)
				done = -EFAULT;
			break;
		}
		rc->read_off += chunk;
		done += chunk;
		count -= chunk;
	}
	mutex_unlock(&rc->read_lock);
	return done;
}

static __poll_t stp_trace_poll(struct file *file, poll_table *wait)
{
	struct rchan_buf *buf = file->private_data;
	struct stp_relay_cpu *rc = &stp_relay_cpus[buf->cpu];

	poll_wait(file, &rc->wait, wait);
	return stp_relay_readable(buf, rc) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations stp_trace_fops = {
	.owner = THIS_MODULE,
	.open = stp_trace_open,
	.read = stp_trace_read,
	.poll = stp_trace_poll,
};

static struct dentry *stp_relay_create_file(const char *filename, struct dentry *parent,
					    umode_t mode, struct rchan_buf *buf,
					    int *is_global)
{
	struct dentry *d = debugfs_create_file(filename, 0400, parent, buf, &stp_trace_fops);

	if (IS_ERR(d))
		return NULL;
	stp_ctl_owner_chown(d_inode(d));
	return d;
}

static int stp_relay_remove_file(struct dentry *dentry)
{
	debugfs_remove(dentry);
	return 0;
}

/* Refuse a new sub-buffer while the reader still holds every other one. */
static int stp_relay_subbuf_start(struct rchan_buf *buf, void *subbuf, void *prev_subbuf,
				  size_t prev_padding)
{
	return !relay_buf_full(buf);
}

static const struct rchan_callbacks stp_relay_callbacks = {
	.subbuf_start = stp_relay_subbuf_start,
	.create_buf_file = stp_relay_create_file,
	.remove_buf_file = stp_relay_remove_file,
};

/**
 * stp_relay_open() - open the relay channel and its traceN files.
 * @buf_size: bytes per cpu stapio asked for, 0 for STP_RELAY_BUF_SIZE.
 * @info: filled with the geometry actually opened.
 *
 * Process context, under the session mutex.  A second call reports the
 * channel already open.
 *
 * Return: 0 or -errno.
 */
int stp_relay_open(u32 buf_size, struct stp_msg_transport_info *info)
{
	size_t total = buf_size ? buf_size : STP_RELAY_BUF_SIZE;
	size_t min_subbuf = PAGE_ALIGN(STP_RECORD_MAX);
	size_t subbuf, n;
	struct rchan *chan;

	if (!stp_chan) {
		total = clamp_t(size_t, total, 2 * min_subbuf, STP_RELAY_BUF_MAX);
		subbuf = max_t(size_t, PAGE_ALIGN(total / STP_RELAY_SUBBUFS), min_subbuf);
		n = max_t(size_t, total / subbuf, 2);
		chan = relay_open(STP_RELAY_BASENAME, stp_module_dir, subbuf, n,
				  &stp_relay_callbacks, NULL);
		if (!chan)
			return -ENOMEM;
		WRITE_ONCE(stp_chan, chan);
	}
	info->subbuf_size = stp_chan->subbuf_size;
	info->n_subbufs = stp_chan->n_subbufs;
	info->buf_size = stp_chan->subbuf_size * stp_chan->n_subbufs;
	info->n_cpus = nr_cpu_ids;
	return 0;
}

/*
 * Moves one cpu's reader to the first record boundary at or after its
 * position.  A reader that died between two read()s may have taken only the
 * front of a record; records never straddle sub-buffers, so walking the
 * headers from the start of the reader's sub-buffer finds the next whole one.
 */
static void stp_relay_resync_cpu(struct rchan_buf *buf, struct stp_relay_cpu *rc)
{
	size_t ss = buf->chan->subbuf_size, n = buf->chan->n_subbufs;
	size_t csub, coff, end, off = 0;
	const char *sub;

	mutex_lock(&rc->read_lock);
	if (rc->read_off == 0)
		goto out;
	stp_relay_committed(rc, &csub, &coff);
	end = rc->read_subbuf < csub ? ss - READ_ONCE(buf->padding[rc->read_subbuf % n]) : coff;
	sub = (const char *)buf->start + (rc->read_subbuf % n) * ss;
	while (off < rc->read_off && off + sizeof(struct stp_data_hdr) <= end) {
		const struct stp_data_hdr *hdr = (const void *)(sub + off);

		off += sizeof(*hdr) + hdr->len;
	}
	rc->read_off = min(off, end);
out:
	mutex_unlock(&rc->read_lock);
}

/**
 * stp_relay_resync() - put every reader on a record boundary.
 *
 * Process context.  For a stapio that takes over from one that died: the
 * bytes the dead reader consumed are gone, and the rest is read from the
 * next whole record on.
 */
void stp_relay_resync(void)
{
	struct rchan *chan = READ_ONCE(stp_chan);
	unsigned int cpu;

	if (!chan)
		return;
	for_each_possible_cpu(cpu) {
		struct rchan_buf *buf = *per_cpu_ptr(chan->buf, cpu);

		if (buf)
			stp_relay_resync_cpu(buf, &stp_relay_cpus[cpu]);
	}
}

/**
 * stp_relay_is_open() - whether TRANSPORT_INFO opened the channel.
 */
bool stp_relay_is_open(void)
{
	return READ_ONCE(stp_chan) != NULL;
}

/* Publish how far this cpu's buffer is complete.  Irqs are off. */
static notrace void stp_relay_publish(struct stp_relay_cpu *rc, struct rchan_buf *buf)
{
	size_t ss = buf->chan->subbuf_size;

	raw_write_seqcount_begin(&rc->seq);
	rc->committed_subbuf = buf->subbufs_produced;
	/* offset past the end: relay has no current sub-buffer (it was full) */
	rc->committed_off = buf->offset > ss ? 0 : buf->offset;
	raw_write_seqcount_end(&rc->seq);
}
STP_NOKPROBE(stp_relay_publish);

/**
 * stp_relay_write() - write one record into this cpu's relay buffer.
 * @data: script output.
 * @len: its length, at most STP_PRINT_BUF_SIZE.
 *
 * Any context; does not sleep.  A full buffer counts a transport drop.
 */
notrace void stp_relay_write(const char *data, size_t len)
{
	struct rchan *chan = READ_ONCE(stp_chan);
	struct stp_relay_cpu *rc;
	struct stp_data_hdr hdr;
	struct rchan_buf *buf;
	unsigned long flags;
	char *slot;

	if (!len)
		return;
	if (!chan || WARN_ON_ONCE(len > STP_PRINT_BUF_SIZE)) {
		atomic_inc(&stp_transport_drops);
		return;
	}
	local_irq_save(flags);
	buf = *this_cpu_ptr(chan->buf);
	rc = &stp_relay_cpus[smp_processor_id()];
	slot = relay_reserve(chan, sizeof(hdr) + len);
	if (slot) {
		hdr.seq = atomic64_inc_return(&stp_record_seq) - 1;
		hdr.len = len;
		hdr.reserved = 0;
		memcpy(slot, &hdr, sizeof(hdr));
		memcpy(slot + sizeof(hdr), data, len);
	} else {
		atomic_inc(&stp_transport_drops);
	}
	stp_relay_publish(rc, buf);
	if (wq_has_sleeper(&rc->wait))
		irq_work_queue(&rc->wake);
	local_irq_restore(flags);
}
STP_NOKPROBE(stp_relay_write);

/**
 * stp_relay_wait_room() - let the reader drain before the end probes print.
 * @timeout_ms: the longest to wait, in total.
 *
 * Process context.  Waits until no cpu's buffer holds more than half its
 * sub-buffers unread, or the time is up (then later records may be dropped).
 */
void stp_relay_wait_room(unsigned int timeout_ms)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	struct rchan *chan = stp_chan;
	unsigned int cpu;

	if (!chan)
		return;
	for_each_possible_cpu(cpu) {
		struct rchan_buf *buf = *per_cpu_ptr(chan->buf, cpu);

		if (!buf)
			continue;
		while (READ_ONCE(buf->subbufs_produced) - READ_ONCE(buf->subbufs_consumed) >
		       chan->n_subbufs / 2 && time_before(jiffies, deadline))
			msleep(10);
	}
}

/**
 * stp_relay_close() - close the channel; removes the traceN files.
 *
 * Module exit only: no probe runs and no file is open (an open file holds a
 * reference on the module).
 */
void stp_relay_close(void)
{
	struct rchan *chan = stp_chan;

	if (!chan)
		return;
	WRITE_ONCE(stp_chan, NULL);
	relay_close(chan);
}
