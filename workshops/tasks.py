"""The workshops' scheduled jobs, run by the worker (`manage.py run_huey`, network/tasks.py).

Every job is safe to run twice and safe with two workers: `lock_task` keeps a second run
from starting while one is under way, and each job marks what it has done in the same
transaction as it does it (a reminder's `reminder_sent_at`), so a later run skips it.
"""

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from members.notifications import notify
from network.mail import absolute_url
from workshops.models import REMINDER_BEFORE, Registration, Workshop


def send_reminders(now=None) -> int:
    """E-mail confirmed participants 2 days before their workshop, each once; returns how
    many registrations were handled."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        workshop__status=Workshop.Status.SCHEDULED,
        workshop__start__gt=now,
        workshop__start__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("workshop", "member", "member__profile")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if registration is None:
                continue  # another run got there first
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            workshop = registration.workshop
            notify(
                registration.member,
                "workshops",
                template="workshops/email/reminder",
                context={
                    "workshop": workshop,
                    "member": registration.member,
                    "workshop_url": absolute_url(workshop.get_absolute_url()),
                },
            )
            sent += 1
    return sent


def purge_access_needs(now=None) -> int:
    """Clear access needs 30 days after the workshop; returns how many registrations changed."""
    return Registration.objects.due_for_access_needs_purge(now).update(
        access_needs=[], access_needs_other=""
    )


@db_periodic_task(crontab(minute="*/10"))
@lock_task("workshops-reminders")
def send_reminders_job():
    return send_reminders()


@db_periodic_task(crontab(minute="45"))
@lock_task("workshops-purge-access-needs")
def purge_access_needs_job():
    return purge_access_needs()
