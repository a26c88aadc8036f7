"""The network's scheduled jobs, run by the one worker process (`manage.py run_huey`).

The mail queue: every e-mail waits in django-mailer's database queue. Queuing a message
enqueues `deliver_mail` once the transaction commits (network.mail.QueueBackend), so the
worker sends it within about a second; a periodic pass every minute catches anything
missed (a worker that was down), and deferred messages (the SMTP server refused or was
unreachable) go back in the queue every 5 minutes, so an outage heals by itself.
django-mailer locks each message while it sends it, so two workers never send one twice.
"""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task
from mailer import engine
from mailer.models import Message, MessageLog

logger = logging.getLogger(__name__)

MAIL_LOG_DAYS = 30


def send_queued_mail() -> None:
    """Send what is in the queue (not the deferred messages)."""
    if Message.objects.non_deferred().exists():
        engine.send_all()


def retry_deferred_mail() -> int:
    """Put deferred messages back in the queue and send them; returns how many."""
    retried = Message.objects.retry_deferred()
    if retried:
        logger.info("Retrying deferred messages", extra={"count": retried})
    send_queued_mail()
    return retried


@db_task()
def deliver_mail():
    send_queued_mail()


@db_periodic_task(crontab(minute="*"))
def deliver_mail_every_minute():
    send_queued_mail()


@db_periodic_task(crontab(minute="*/5"))
@lock_task("network-retry-deferred-mail")
def retry_deferred_mail_job():
    return retry_deferred_mail()


@db_periodic_task(crontab(minute="0", hour="4"))
@lock_task("network-purge-mail-log")
def purge_mail_log_job():
    """Keep the delivery log for 30 days (django-mailer's purge_mail_log)."""
    return MessageLog.objects.purge_old_entries(MAIL_LOG_DAYS)


@db_periodic_task(crontab(minute="30", hour="4"))
@lock_task("network-prune-notifications")
def prune_notifications_job():
    """Notifications are kept 90 days once read and a year at most (network/notifications.py)."""
    from network.notifications import prune

    return prune()
