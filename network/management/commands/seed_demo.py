"""Build (or refresh) the demo network from the seed page. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from network import hooks
from network.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create the demo Co-production practitioners network (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app seeds its part (settings.DEMO_SEEDERS); the members' part returns
        # the demo people the later parts use.
        users = {}
        for name, seed in hooks.demo_seeders():
            self.stdout.write(f"Seeding {name}...")
            users.update(seed(self.stdout, users) or {})
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins (password for all: {DEMO_PASSWORD})"))
        for role, user in users.items():
            self.stdout.write(f"  {role:<32} {user.email}")
            note = hooks.demo_sign_in_note(user)
            if note:
                self.stdout.write(f"  {'':<32} {note}")
