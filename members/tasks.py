"""The members' scheduled jobs, run by the worker (`manage.py run_huey`, network/tasks.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from members.digests import send_due_digests
from members.moderation import reinstate_expired_suspensions


@db_periodic_task(crontab(minute="*/5"))
@lock_task("members-reinstate-expired-suspensions")
def reinstate_expired_suspensions_job():
    """Lift suspensions whose end date has passed (also done at the member's next visit)."""
    return reinstate_expired_suspensions()


@db_periodic_task(crontab(minute="2"))
@lock_task("members-send-digests")
def send_digests_job():
    """Every hour: the daily and weekly digests of the members who chose this hour."""
    return send_due_digests()
