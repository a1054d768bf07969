// SPDX-License-Identifier: GPL-2.0
/*
 * session.c - the session state machine driven by control messages.
 *
 * staprun's RELOCATION and TZINFO are checked and stored.  stapio's
 * TRANSPORT_INFO opens the relay channel and is answered with its geometry;
 * sent again later (stapio died and staprun started another to end the
 * session and drain), it puts the readers on record boundaries and answers
 * with the same geometry.
 * START runs the begin probes in script order, arms every probe family
 * (families.c) and answers START(rc).  EXIT stops the session: probes are
 * disarmed and every running handler is waited for, the end probes run (the error probes
 * instead when the session ended in error), the exit warnings go out, and
 * only then EXIT(status) is queued, after all end-probe output is in relay.
 * Messages are handled in the write() handler of .cmd, in process context,
 * serialized by stp_session_mutex; EXIT's work runs in a work item instead,
 * so stapio keeps draining relay meanwhile and the end probes find room for
 * their output (the worker waits, bounded, for the buffers to drain).
 *
 * The script's exit() and too many errors ask stapio to end the session with
 * one REQUEST_EXIT; during START it is held back until START is answered, so
 * stapio always sees START first.  Module removal while a session is live
 * (stapio died) runs the same stop sequence and logs it.
 */
/* the runtime compiles as one unit: an earlier file's headers defined it */
#undef pr_fmt
#define pr_fmt(fmt) "systemtap: " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "stp_internal.h"
#include "stap_tapset.h"

#define STP_MAX_RELOCATIONS 256
/* How long the exit worker lets stapio drain relay before the end probes. */
#define STP_EXIT_DRAIN_MS 2000

atomic_t stp_session_state = ATOMIC_INIT(STP_SESSION_LOADED);
atomic_t stp_exit_requested = ATOMIC_INIT(0);
atomic_t stp_error_state = ATOMIC_INIT(0);
/* What a kprobe entry hit checks instead of the four flags
 * above: 1 only while the session is RUNNING and no exit was requested
 * (errors past MAXERRORS and abort() request an exit too).  x86 stores are
 * seen in order, so the smp_mb() on each side of the pair in stp_start()
 * and stp_session_request_exit() leaves it 0 once an exit is requested. */
int stp_probes_live;
static atomic_t stp_request_exit_sent = ATOMIC_INIT(0);
static DEFINE_MUTEX(stp_session_mutex);
static void stp_exit_worker(struct work_struct *work);
static DECLARE_WORK(stp_exit_work, stp_exit_worker);

/* What staprun told us; kept for symbol resolution and time formatting. */
static struct stp_msg_relocation stp_relocations[STP_MAX_RELOCATIONS];
static unsigned int stp_relocation_count;
static struct stp_msg_tzinfo stp_tzinfo;
static s32 stp_target_pid;

static bool stp_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static int stp_store_relocation(const struct stp_msg_relocation *r)
{
	if (!stp_terminated(r->module, sizeof(r->module)) ||
	    !stp_terminated(r->symbol, sizeof(r->symbol)))
		return -EINVAL;
	if (stp_relocation_count >= STP_MAX_RELOCATIONS)
		return -ENOSPC;
	stp_relocations[stp_relocation_count++] = *r;
	return 0;
}

static int stp_store_tzinfo(const struct stp_msg_tzinfo *tz)
{
	if (!stp_terminated(tz->name, sizeof(tz->name)))
		return -EINVAL;
	stp_tzinfo = *tz;
	return 0;
}

/**
 * stp_session_target_pid() - the pid of -x or of the -c command, 0 if none.
 */
notrace s64 stp_session_target_pid(void)
{
	return READ_ONCE(stp_target_pid);
}
STP_NOKPROBE(stp_session_target_pid);

/**
 * stp_session_tz_gmtoff() - staprun's local time zone, in seconds east of UTC.
 */
notrace s64 stp_session_tz_gmtoff(void)
{
	return stp_tzinfo.gmtoff;
}
STP_NOKPROBE(stp_session_tz_gmtoff);

/**
 * stp_session_tz_name() - staprun's local time zone name ("CET") into @dst.
 * @dst: result buffer (MAXSTRINGLEN); empty when staprun sent none.
 */
notrace void stp_session_tz_name(char *dst)
{
	strscpy(dst, stp_tzinfo.name, MAXSTRINGLEN);
}
STP_NOKPROBE(stp_session_tz_name);

static int stp_transport_info(const struct stp_msg_transport_info *req)
{
	struct stp_msg_transport_info reply = {};
	int rc;

	if (atomic_read(&stp_session_state) != STP_SESSION_LOADED) {
		/* A stapio taking over from one that died: same channel. */
		if (!stp_relay_is_open())
			return -EBUSY;
		stp_relay_resync();
	}
	rc = stp_relay_open(req->buf_size, &reply);
	if (rc)
		return rc;
	return stp_ctl_send(STP_MSG_TRANSPORT_INFO, &reply, sizeof(reply), true);
}

static void stp_send_request_exit_once(void)
{
	if (atomic_cmpxchg(&stp_request_exit_sent, 0, 1) == 0)
		stp_ctl_send(STP_MSG_REQUEST_EXIT, NULL, 0, true);
}

/**
 * stp_session_request_exit() - ask stapio to end the session.
 *
 * Any context.  From now on only end (or error) probes start.  The
 * REQUEST_EXIT message is sent once, and not before START is answered.
 */
notrace void stp_session_request_exit(void)
{
	atomic_set(&stp_exit_requested, 1);
	smp_mb__after_atomic();
	WRITE_ONCE(stp_probes_live, 0);
	if (atomic_read(&stp_session_state) == STP_SESSION_RUNNING)
		stp_send_request_exit_once();
}
STP_NOKPROBE(stp_session_request_exit);

static int stp_start(const struct stp_msg_start *req)
{
	struct stp_msg_start reply = { .target_pid = req->target_pid, .rc = 0 };
	int state = atomic_read(&stp_session_state);

	if (state != STP_SESSION_LOADED) {
		reply.rc = -EALREADY;
	} else if (!stp_relay_is_open()) {
		reply.rc = -EPROTO;    /* START before TRANSPORT_INFO */
	} else if ((reply.rc = stp_stats_start_check())) {
		/* a histogram's parameters were refused at init */
	} else {
		stp_target_pid = req->target_pid;
		atomic_set(&stp_session_state, STP_SESSION_STARTING);
		stp_run_probes_of_kind(STP_PROBE_BEGIN);
		if (!atomic_read(&stp_exit_requested) && !atomic_read(&stp_error_state))
			reply.rc = stp_families_arm();
		if (reply.rc)
			atomic_set(&stp_session_state, STP_SESSION_DONE);
		else
			atomic_set(&stp_session_state, STP_SESSION_RUNNING);
	}
	if (!reply.rc && !atomic_read(&stp_exit_requested))
		WRITE_ONCE(stp_probes_live, 1);
	stp_ctl_send(STP_MSG_START, &reply, sizeof(reply), true);
	smp_mb();
	if (reply.rc == 0 && atomic_read(&stp_exit_requested)) {
		WRITE_ONCE(stp_probes_live, 0);
		stp_send_request_exit_once();
	}
	return 0;
}

/*
 * Ends a started session: disarm, wait for running handlers, let a live
 * reader drain relay, run the end (or error) probes, send the exit warnings.
 * Returns the exit status.
 */
static int stp_stop(bool reader_alive)
{
	int state = atomic_read(&stp_session_state);
	int errors, skipped, drops;

	if (state == STP_SESSION_STARTING || state == STP_SESSION_RUNNING) {
		WRITE_ONCE(stp_probes_live, 0);
		atomic_set(&stp_session_state, STP_SESSION_STOPPING);
		stp_families_disarm();
		stp_probes_quiesce();
		if (reader_alive)
			stp_relay_wait_room(STP_EXIT_DRAIN_MS);
		if (atomic_read(&stp_error_state))
			stp_run_probes_of_kind(STP_PROBE_ERROR);
		else
			stp_run_probes_of_kind(STP_PROBE_END);
		stp_timing_report();
		errors = atomic_read(&stp_error_count);
		skipped = atomic_read(&stp_skipped_count);
		if (errors || skipped || atomic_read(&stp_skipped_reentrant))
			stp_ctl_send_text("WARNING: Number of errors: %d, skipped probes: %d\n",
					  errors, skipped);
		drops = atomic_read(&stp_transport_drops);
		if (drops)
			stp_ctl_send_text("WARNING: There were %d transport failures.\n", drops);
	}
	atomic_set(&stp_session_state, STP_SESSION_DONE);
	return atomic_read(&stp_error_count) || atomic_read(&stp_error_state) ? 1 : 0;
}

static void stp_exit_worker(struct work_struct *work)
{
	struct stp_msg_exit reply;

	mutex_lock(&stp_session_mutex);
	reply.status = stp_stop(true);
	stp_ctl_send(STP_MSG_EXIT, &reply, sizeof(reply), true);
	mutex_unlock(&stp_session_mutex);
}

/**
 * stp_session_message() - act on one validated message from staprun/stapio.
 * @type: its type, valid towards the module.
 * @payload: its payload, of the size the protocol table gives.
 *
 * Process context (write() of .cmd).
 *
 * Return: 0, or -errno for write() to return.
 */
int stp_session_message(u32 type, const void *payload)
{
	int rc;

	mutex_lock(&stp_session_mutex);
	switch (type) {
	case STP_MSG_RELOCATION:
		rc = stp_store_relocation(payload);
		break;
	case STP_MSG_TZINFO:
		rc = stp_store_tzinfo(payload);
		break;
	case STP_MSG_TRANSPORT_INFO:
		rc = stp_transport_info(payload);
		break;
	case STP_MSG_START:
		rc = stp_start(payload);
		break;
	case STP_MSG_EXIT:
		schedule_work(&stp_exit_work);  /* a repeat while queued is one */
		rc = 0;
		break;
	default:
		rc = -EINVAL;
		break;
	}
	mutex_unlock(&stp_session_mutex);
	return rc;
}

/**
 * stp_session_teardown() - module exit: stop a session stapio left running.
 *
 * The end probes run and EXIT(1) is queued, as if stapio had asked, and the
 * kernel log says so.  After a normal session, or none, this does nothing.
 */
void stp_session_teardown(void)
{
	struct stp_msg_exit reply = { .status = 1 };
	int state;

	flush_work(&stp_exit_work);
	mutex_lock(&stp_session_mutex);
	state = atomic_read(&stp_session_state);
	if (state == STP_SESSION_STARTING || state == STP_SESSION_RUNNING) {
		stp_stop(false);
		stp_ctl_send(STP_MSG_EXIT, &reply, sizeof(reply), true);
		pr_warn("%s: removed while the session was running; sent EXIT(1)\n",
			THIS_MODULE->name);
	}
	atomic_set(&stp_session_state, STP_SESSION_DONE);
	mutex_unlock(&stp_session_mutex);
}
