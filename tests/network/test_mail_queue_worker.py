"""The mail queue and the worker: a queued e-mail is handed to the worker once the
transaction commits, so it goes out within seconds; deferred mail is retried."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction
from mailer.models import PRIORITY_DEFERRED, Message

from network.tasks import retry_deferred_mail_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    settings.EMAIL_BACKEND = "network.mail.QueueBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def test_a_queued_email_is_sent_by_the_worker_once_the_transaction_commits(
    queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_mail("Welcome", "Hello", "network@localhost", ["sean@example.org"])
        # Nothing leaves before the change that caused it is saved for good.
        assert Message.objects.count() == 1
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["sean@example.org"]]
    assert Message.objects.count() == 0


def test_deferred_mail_goes_back_in_the_queue_and_is_sent(queue):
    send_mail("Welcome", "Hello", "network@localhost", ["sean@example.org"])
    Message.objects.update(priority=PRIORITY_DEFERRED)  # deferred, as after a refused connection
    assert Message.objects.deferred().count() == 1

    retry_deferred_mail_job.call_local()

    assert [m.to for m in mail.outbox] == [["sean@example.org"]]
    assert Message.objects.count() == 0
