"""Paid involvement's scheduled job, run by the worker (`manage.py run_huey`): claims and
their receipts are deleted once the six years HMRC asks records to be kept are over
(involvement/gdpr.py). Safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from involvement import gdpr


@db_periodic_task(crontab(minute="50", hour="3"))
@lock_task("involvement-purge-expired-claims")
def purge_expired_claims_job():
    return gdpr.purge_expired()
