"""Delete access needs 30 days after a workshop ends. Idempotent: safe every hour."""

from django.core.management.base import BaseCommand

from workshops.models import Registration


def purge_access_needs(now=None) -> int:
    """Clear access needs past their retention; returns how many registrations changed."""
    return Registration.objects.due_for_access_needs_purge(now).update(
        access_needs=[], access_needs_other=""
    )


class Command(BaseCommand):
    help = "Delete workshop access needs 30 days after the workshop ends (safe to run hourly)."

    def handle(self, *args, **options):
        purged = purge_access_needs()
        self.stdout.write(f"Access needs deleted from {purged} registration(s).")
