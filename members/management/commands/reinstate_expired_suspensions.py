"""Reinstate members whose suspension end date has passed. Schedule it (cron, every
few minutes or hourly); members are also reinstated on their first visit after it."""

from django.core.management.base import BaseCommand

from members.moderation import reinstate_expired_suspensions


class Command(BaseCommand):
    help = "Reinstate every member whose suspension has ended."

    def handle(self, *args, **options):
        count = reinstate_expired_suspensions()
        self.stdout.write(f"Reinstated {count} member{'s' if count != 1 else ''}.")
