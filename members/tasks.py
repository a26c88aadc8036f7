"""The members' scheduled jobs, run by the worker (`manage.py run_huey`, network/tasks.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from members.moderation import reinstate_expired_suspensions


@db_periodic_task(crontab(minute="*/5"))
@lock_task("members-reinstate-expired-suspensions")
def reinstate_expired_suspensions_job():
    """Lift suspensions whose end date has passed (also done at the member's next visit)."""
    return reinstate_expired_suspensions()
