"""Store the post views counted in the shared cache since the last run. Schedule it
every minute (cron, or the scheduled worker): stored counts are exact after each run."""

from django.core.management.base import BaseCommand

from network.blog.services import flush_view_counts


class Command(BaseCommand):
    help = "Move pending post view counts from the cache into the database."

    def handle(self, *args, **options):
        moved = flush_view_counts()
        self.stdout.write(f"Stored {moved} view{'s' if moved != 1 else ''}.")
