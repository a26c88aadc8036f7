"""`manage.py mail_worker`: the mail-queue worker that also retries deferred mail.

django-mailer's `runmailer` sends the queue but leaves messages the SMTP server
refused (or could not be reached for) as "deferred" until someone runs
`retry_deferred`. This worker does both, so an SMTP outage heals by itself once
the server is back: every `--retry-every` seconds deferred messages go back in
the queue, and the queue is sent whenever it has something in it.
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from mailer import engine
from mailer.models import Message

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send the mail queue continuously, retrying deferred messages periodically."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-every",
            type=int,
            default=300,
            help="seconds between retries of deferred messages (default 300)",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="retry deferred messages, send the queue once, and stop (for cron or tests)",
        )

    def handle(self, *args, **options):
        if options["once"]:
            self.cycle(retry=True)
            return
        sleep = settings.MAILER_EMPTY_QUEUE_SLEEP
        next_retry = 0.0
        while True:
            now = time.monotonic()
            retry = now >= next_retry
            if retry:
                next_retry = now + options["retry_every"]
            self.cycle(retry=retry)
            time.sleep(sleep)

    def cycle(self, *, retry: bool) -> None:
        if retry:
            retried = Message.objects.retry_deferred()
            if retried:
                logger.info("Retrying deferred messages", extra={"count": retried})
        if Message.objects.non_deferred().exists():
            engine.send_all()
