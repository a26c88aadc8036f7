"""Build (or refresh) the demo network from the seed page. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from network.demo import DEMO_PASSWORD, seed_network


class Command(BaseCommand):
    help = "Create the demo Co-production practitioners network (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        from members.demo import seed_members

        users = seed_members(self.stdout)
        seed_network(self.stdout, users)
        for name, seed in _later_seeds():
            self.stdout.write(f"Seeding {name}...")
            seed(self.stdout, users)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins (password for all: {DEMO_PASSWORD})"))
        for role, user in users.items():
            self.stdout.write(f"  {role:<32} {user.email}")


def _later_seeds():
    """The parts each later feature adds (blog posts, workshops), in order."""
    seeds = []
    try:
        from network.blog.demo import seed_blog

        seeds.append(("blog", seed_blog))
    except ImportError:
        pass
    try:
        from workshops.demo import seed_workshops

        seeds.append(("workshops", seed_workshops))
    except ImportError:
        pass
    return seeds
