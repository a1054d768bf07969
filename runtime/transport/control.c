// SPDX-License-Identifier: GPL-2.0
/*
 * control.c - the control channel, systemtap/MODNAME/.cmd.
 *
 * One opener at a time (staprun, then stapio).  A write() carries exactly one
 * message, checked against the protocol table of messages.h and handed to the
 * session state machine (session.c) in process context.  A read() returns
 * exactly one queued outgoing message, blocking (interruptibly) unless
 * O_NONBLOCK; poll() reports queued messages.
 *
 * Outgoing messages wait in a ring of fixed slots allocated at module init,
 * so probes can queue messages (errors, exit requests) from any context
 * without sleeping or allocating; readers are woken through an irq_work.  The
 * last few slots are kept for protocol replies and REQUEST_EXIT, so a flood
 * of warnings cannot crowd out the EXIT reply; a warning that finds the ring
 * full is dropped and counted as a transport failure.
 */
#include <linux/cred.h>
#include <linux/debugfs.h>
#include <linux/kprobes.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "stp_internal.h"

#define STP_CTL_SLOTS 64
#define STP_CTL_REPLY_SLOTS 4        /* kept for replies and REQUEST_EXIT */

struct stp_ctl_slot {
	u32 type;
	u32 len;
	char payload[STP_MSG_MAX - sizeof(struct stp_msg_hdr)];
};

/* Everything a message to the module can carry. */
union stp_ctl_in {
	struct stp_msg_transport_info transport_info;
	struct stp_msg_start start;
	struct stp_msg_relocation relocation;
	struct stp_msg_tzinfo tzinfo;
};

static struct stp_ctl_slot *stp_ctl_ring;
static unsigned int stp_ctl_head, stp_ctl_count;   /* under stp_ctl_lock */
static DEFINE_SPINLOCK(stp_ctl_lock);
static DECLARE_WAIT_QUEUE_HEAD(stp_ctl_wait);
static struct irq_work stp_ctl_wake;
static atomic_t stp_ctl_opened = ATOMIC_INIT(0);
static DEFINE_MUTEX(stp_ctl_read_mutex);
static char stp_ctl_out[STP_MSG_MAX];              /* under stp_ctl_read_mutex */

static void stp_ctl_wake_readers(struct irq_work *work)
{
	wake_up_interruptible(&stp_ctl_wait);
}

/* Claims the next free slot, or NULL; called with stp_ctl_lock held. */
static struct stp_ctl_slot *stp_ctl_claim(bool reply)
{
	unsigned int limit = reply ? STP_CTL_SLOTS : STP_CTL_SLOTS - STP_CTL_REPLY_SLOTS;
	struct stp_ctl_slot *slot;

	if (stp_ctl_count >= limit)
		return NULL;
	slot = &stp_ctl_ring[(stp_ctl_head + stp_ctl_count) % STP_CTL_SLOTS];
	stp_ctl_count++;
	return slot;
}

/**
 * stp_ctl_send() - queue one message for the reader of .cmd.
 * @type: an enum stp_msg_type valid towards stapio.
 * @payload: its payload (NULL when it has none).
 * @len: payload size; must match the protocol table.
 * @reply: use the slots kept for protocol replies.
 *
 * Any context; does not sleep.
 *
 * Return: 0, -EINVAL for a malformed message, -ENOSPC when the ring is full.
 */
notrace int stp_ctl_send(u32 type, const void *payload, size_t len, bool reply)
{
	struct stp_ctl_slot *slot;
	unsigned long flags;

	if (WARN_ON_ONCE(stp_msg_payload_size(type, 0) != (long)len))
		return -EINVAL;
	spin_lock_irqsave(&stp_ctl_lock, flags);
	slot = stp_ctl_claim(reply);
	if (slot) {
		slot->type = type;
		slot->len = len;
		if (len)
			memcpy(slot->payload, payload, len);
	}
	spin_unlock_irqrestore(&stp_ctl_lock, flags);
	if (!slot) {
		atomic_inc(&stp_transport_drops);
		return -ENOSPC;
	}
	irq_work_queue(&stp_ctl_wake);
	return 0;
}
STP_NOKPROBE(stp_ctl_send);

/**
 * stp_ctl_send_text() - queue an OOB_DATA message (text for stapio's stderr).
 * @fmt: printf format; the text is cut to STP_OOB_TEXT_MAX - 1 bytes.
 *
 * Any context; does not sleep.  Formats straight into the ring slot.
 */
notrace void stp_ctl_send_text(const char *fmt, ...)
{
	struct stp_ctl_slot *slot;
	unsigned long flags;
	va_list ap;

	spin_lock_irqsave(&stp_ctl_lock, flags);
	slot = stp_ctl_claim(false);
	if (slot) {
		slot->type = STP_MSG_OOB_DATA;
		slot->len = sizeof(struct stp_msg_oob);
		memset(slot->payload, 0, sizeof(struct stp_msg_oob));
		va_start(ap, fmt);
		vsnprintf(slot->payload, STP_OOB_TEXT_MAX, fmt, ap);
		va_end(ap);
	}
	spin_unlock_irqrestore(&stp_ctl_lock, flags);
	if (!slot) {
		atomic_inc(&stp_transport_drops);
		return;
	}
	irq_work_queue(&stp_ctl_wake);
}
STP_NOKPROBE(stp_ctl_send_text);

static bool stp_ctl_pending(void)
{
	return READ_ONCE(stp_ctl_count) != 0;
}

/* Moves the oldest message into stp_ctl_out; returns its size, 0 if none. */
static size_t stp_ctl_pop(size_t room)
{
	struct stp_ctl_slot *slot;
	struct stp_msg_hdr hdr;
	size_t size = 0;

	spin_lock_irq(&stp_ctl_lock);
	if (stp_ctl_count) {
		slot = &stp_ctl_ring[stp_ctl_head];
		size = sizeof(hdr) + slot->len;
		if (size > room) {
			size = SIZE_MAX;        /* leave it queued */
		} else {
			hdr.type = slot->type;
			memcpy(stp_ctl_out, &hdr, sizeof(hdr));
			memcpy(stp_ctl_out + sizeof(hdr), slot->payload, slot->len);
			stp_ctl_head = (stp_ctl_head + 1) % STP_CTL_SLOTS;
			stp_ctl_count--;
		}
	}
	spin_unlock_irq(&stp_ctl_lock);
	return size;
}

static ssize_t stp_ctl_read(struct file *file, char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	ssize_t rc;
	size_t size;

	if (mutex_lock_interruptible(&stp_ctl_read_mutex))
		return -ERESTARTSYS;
	for (;;) {
		size = stp_ctl_pop(count);
		if (size)
			break;
		if (file->f_flags & O_NONBLOCK) {
			rc = -EAGAIN;
			goto unlock;
		}
		rc = wait_event_interruptible(stp_ctl_wait, stp_ctl_pending());
		if (rc)
			goto unlock;
	}
	if (size == SIZE_MAX)
		rc = -EINVAL;           /* buffer too small for the next message */
	else if (copy_to_user(ubuf, stp_ctl_out, size))
		rc = -EFAULT;
	else
		rc = size;
unlock:
	mutex_unlock(&stp_ctl_read_mutex);
	return rc;
}

static ssize_t stp_ctl_write(struct file *file, const char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	union stp_ctl_in in;
	struct stp_msg_hdr hdr;
	long size;
	int rc;

	if (count < sizeof(hdr))
		return -EINVAL;
	if (copy_from_user(&hdr, ubuf, sizeof(hdr)))
		return -EFAULT;
	size = stp_msg_payload_size(hdr.type, 1);
	if (size < 0 || count != sizeof(hdr) + size || size > sizeof(in))
		return -EINVAL;
	memset(&in, 0, sizeof(in));
	if (size && copy_from_user(&in, ubuf + sizeof(hdr), size))
		return -EFAULT;
	rc = stp_session_message(hdr.type, &in);
	return rc < 0 ? rc : (ssize_t)count;
}

static __poll_t stp_ctl_poll(struct file *file, poll_table *wait)
{
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &stp_ctl_wait, wait);
	if (stp_ctl_pending())
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

/*
 * The session belongs to whoever first opened .cmd: staprun, setuid root,
 * opens it with the caller's real ids.  The files the caller's stapio uses
 * are handed to those ids, and .cmd's owner tells staprun -d who loaded the
 * module.
 */
static bool stp_ctl_owner_set;
static kuid_t stp_ctl_owner_uid;
static kgid_t stp_ctl_owner_gid;

static int stp_ctl_open(struct inode *inode, struct file *file)
{
	if (atomic_cmpxchg(&stp_ctl_opened, 0, 1) != 0)
		return -EBUSY;
	if (!stp_ctl_owner_set) {
		stp_ctl_owner_uid = current_uid();
		stp_ctl_owner_gid = current_gid();
		inode_lock(inode);
		inode->i_uid = stp_ctl_owner_uid;
		inode->i_gid = stp_ctl_owner_gid;
		inode_unlock(inode);
		smp_store_release(&stp_ctl_owner_set, true);
		stp_monitor_owner_set();
	}
	return stream_open(inode, file);
}

/**
 * stp_task_is_owners() - whether current is wholly the session owner's.
 *
 * Probe context.  Before .cmd was first opened there is no owner: false.
 *
 * Return: true when current's real and effective uids are the owner's.
 */
bool stp_task_is_owners(void)
{
	return READ_ONCE(stp_ctl_owner_set) && uid_eq(current_uid(), stp_ctl_owner_uid) &&
	       uid_eq(current_euid(), stp_ctl_owner_uid);
}
NOKPROBE_SYMBOL(stp_task_is_owners);

/**
 * stp_ctl_owner_chown() - give an inode to the session's owner.
 * @inode: a file the owner's stapio opens (a relay file).
 *
 * Before .cmd was first opened the owner is root and the inode is left alone.
 */
void stp_ctl_owner_chown(struct inode *inode)
{
	if (!stp_ctl_owner_set)
		return;
	inode_lock(inode);
	inode->i_uid = stp_ctl_owner_uid;
	inode->i_gid = stp_ctl_owner_gid;
	inode_unlock(inode);
}

static int stp_ctl_release(struct inode *inode, struct file *file)
{
	atomic_set(&stp_ctl_opened, 0);
	return 0;
}

static const struct file_operations stp_ctl_fops = {
	.owner = THIS_MODULE,
	.open = stp_ctl_open,
	.release = stp_ctl_release,
	.read = stp_ctl_read,
	.write = stp_ctl_write,
	.poll = stp_ctl_poll,
};

/**
 * stp_ctl_init() - allocate the message ring and create .cmd.
 * @dir: the module's debugfs directory.
 *
 * Return: 0 or -errno.
 */
int stp_ctl_init(struct dentry *dir)
{
	struct dentry *d;

	stp_ctl_ring = kcalloc(STP_CTL_SLOTS, sizeof(*stp_ctl_ring), GFP_KERNEL);
	if (!stp_ctl_ring)
		return -ENOMEM;
	init_irq_work(&stp_ctl_wake, stp_ctl_wake_readers);
	d = debugfs_create_file(STP_CTL_FILE, 0600, dir, NULL, &stp_ctl_fops);
	if (IS_ERR(d)) {
		kfree(stp_ctl_ring);
		stp_ctl_ring = NULL;
		return PTR_ERR(d);
	}
	return 0;
}

/**
 * stp_ctl_exit() - free the ring; .cmd goes with the module's directory.
 *
 * Module exit only: the file cannot be open (it holds a module reference).
 */
void stp_ctl_exit(void)
{
	irq_work_sync(&stp_ctl_wake);
	kfree(stp_ctl_ring);
	stp_ctl_ring = NULL;
}
