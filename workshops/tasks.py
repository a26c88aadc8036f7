"""The workshops' scheduled jobs, run by the worker (`manage.py run_huey`, network/tasks.py).

Every job is safe to run twice and safe with two workers: `lock_task` keeps a second run
from starting while one is under way, and each job marks what it has done in the same
transaction as it does it (a reminder's `reminder_sent_at`), so a later run skips it.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from members.notifications import notify
from network.mail import absolute_url
from workshops.models import REMINDER_BEFORE, Registration, Workshop

# Workshops marked completed long after they ended are not followed by a request.
FEEDBACK_REQUEST_WITHIN = timedelta(days=14)


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


def request_feedback(now=None) -> int:
    """Ask each person marked as attended at a completed workshop for feedback, once, if they
    have not given it; returns how many were asked."""
    now = now or timezone.now()
    due = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            attended=True,
            feedback_requested_at__isnull=True,
            workshop__status=Workshop.Status.COMPLETED,
            workshop__end__lte=now,
            workshop__end__gt=now - FEEDBACK_REQUEST_WITHIN,
        )
        .exclude(workshop__feedback__member=F("member"))
        .values_list("pk", flat=True)
    )
    asked = 0
    for pk in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("workshop", "member")
                .filter(pk=pk, feedback_requested_at__isnull=True)
                .first()
            )
            if registration is None:
                continue  # another run got there first
            registration.feedback_requested_at = now
            registration.save(update_fields=["feedback_requested_at"])
            workshop = registration.workshop
            notify(
                registration.member,
                "workshops",
                template="workshops/email/feedback_request",
                context={
                    "workshop": workshop,
                    "member": registration.member,
                    "workshop_url": absolute_url(workshop.get_absolute_url()),
                    "feedback_url": absolute_url(f"{workshop.get_absolute_url()}feedback/"),
                    "certificate_url": absolute_url(
                        f"{workshop.get_absolute_url()}certificate.pdf"
                    ),
                },
            )
            asked += 1
    return asked


def purge_access_needs(now=None) -> int:
    """Clear access needs 30 days after the workshop; returns how many registrations changed."""
    return Registration.objects.due_for_access_needs_purge(now).update(
        access_needs=[], access_needs_other=""
    )


@db_periodic_task(crontab(minute="*/10"))
@lock_task("workshops-reminders")
def send_reminders_job():
    return send_reminders()


@db_periodic_task(crontab(minute="20"))
@lock_task("workshops-feedback-requests")
def request_feedback_job():
    return request_feedback()


@db_periodic_task(crontab(minute="45"))
@lock_task("workshops-purge-access-needs")
def purge_access_needs_job():
    return purge_access_needs()
