"""With the SMTP server refusing connections, people can still comment, sign up,
register and broadcast: every e-mail waits in django-mailer's database queue, and
the worker (`manage.py run_huey`, network/tasks.py) delivers it once the server is back.

The SMTP server is a real one (aiosmtpd) on a local port, stopped and started."""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from mailer.models import RESULT_FAILURE, Message, MessageLog

from network.blog.models import Post
from network.tasks import retry_deferred_mail_job
from workshops import services
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db


class Sink:
    """An SMTP server that keeps what it receives."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def refuses_connections(port) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class SmtpServer:
    """A real SMTP server on a fixed local port that can be stopped and started again."""

    def __init__(self, port):
        self.port = port
        self.sink = Sink()
        self.controller = None

    def start(self):
        # aiosmtpd's controller cannot be restarted: a new one on the same port.
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """The queue as in production, delivering over SMTP to a local server."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 3
    yield server
    server.stop()


def test_comments_signups_registrations_and_broadcasts_work_through_an_smtp_outage(
    smtp,
    network,
    terms,
    owner,
    organiser,
    member,
    make_user,
    client,
    member_client,
    organiser_client,
):
    smtp.start()
    smtp.stop()  # the mail server goes down
    assert refuses_connections(smtp.port)

    post = Post.objects.create(
        title="Outage post",
        body="Text.",
        status=Post.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    post.authors.set([organiser])
    start = timezone.now() + timedelta(days=10)
    workshop = Workshop.objects.create(
        title="Outage workshop", summary="s", description="d", start=start,
        end=start + timedelta(hours=2), capacity=1, venue_name="Hall",
    )  # fmt: skip
    waiting = make_user(email="waiting@example.org")
    services.register(workshop=workshop, member=member)
    services.register(workshop=workshop, member=waiting)
    # The place's confirmation and the waiting-list position wait in the queue too.
    assert {a for m in Message.objects.all() for a in m.to_addresses} == {
        member.email,
        "waiting@example.org",
    }

    # A comment (the post's author is told), a sign-up (the verification link),
    # a cancellation that gives the waiting person the place, and a broadcast.
    commented = member_client.post(f"/blog/{post.slug}/comments/", {"comment": "Hello!"})
    signed_up = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
            "display_name": "Newcomer",
            "accept_terms": "on",
            "website_url": "",
        },
    )
    cancelled = member_client.post(f"/workshops/{workshop.slug}/cancel/")
    broadcast = organiser_client.post(
        "/members/broadcast/", {"subject": "News", "body": "We meet on Friday.", "send": "1"}
    )

    assert commented.status_code == 302 and "#c" in commented["Location"]
    assert signed_up.status_code == 302 and signed_up["Location"] == "/accounts/confirm-email/"
    assert cancelled.status_code == 302
    assert broadcast.status_code == 302
    assert Registration.objects.get(member=waiting).status == Registration.Status.CONFIRMED
    recipients = {address for m in Message.objects.all() for address in m.to_addresses}
    expected = {
        organiser.email,  # a comment on their post
        "newcomer@example.org",  # verify your address
        "waiting@example.org",  # a place is yours
        member.email,  # the broadcast, to every member who wants broadcasts
        owner.email,
    }
    assert expected <= recipients
    queued = Message.objects.count()

    # The worker meets the refused connection: everything is deferred, nothing lost.
    retry_deferred_mail_job.call_local()
    assert Message.objects.count() == queued
    assert Message.objects.deferred().count() == queued
    assert MessageLog.objects.filter(result=RESULT_FAILURE).count() == queued
    assert smtp.sink.received == []

    # The server comes back: the worker's next pass retries and delivers every one.
    smtp.start()
    retry_deferred_mail_job.call_local()

    assert Message.objects.count() == 0
    assert len(smtp.sink.received) == queued
    delivered = {address for rcpt_tos, _ in smtp.sink.received for address in rcpt_tos}
    assert delivered == recipients
    verification = next(body for to, body in smtp.sink.received if to == ["newcomer@example.org"])
    assert "/accounts/confirm-email/" in verification
