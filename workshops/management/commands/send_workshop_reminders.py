"""E-mail participants 2 days before their workshop. Idempotent: safe every hour.

Each registration is marked (reminder_sent_at) in the same transaction as its
e-mail is queued, so a person is never reminded twice, even if two runs overlap.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from members.notifications import notify
from network.mail import absolute_url
from workshops.models import REMINDER_BEFORE, Registration, Workshop


def send_reminders(now=None) -> int:
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


class Command(BaseCommand):
    help = "E-mail a reminder 2 days before each workshop (never twice; safe to run hourly)."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"Reminders handled for {count} registration(s).")
