"""Messages to all members: previewed, queued (never sent in the request), opt-outs
honoured, and nothing lost when the mail server is down."""

import socket

import pytest
from django.core import mail
from mailer import engine
from mailer.models import Message

from members.models import Broadcast, Profile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def compose(client, **extra):
    data = {"subject": "Workshop news", "body": "Dear members,\nwe meet on Friday.", **extra}
    preview = client.post("/members/broadcast/", {**data, "preview": "1"})
    return data, preview


def test_preview_shows_the_message_and_how_many_get_it(network, organiser, make_user, queue):
    make_user()
    make_user(receive_broadcasts=False)
    _, preview = compose(client_for(organiser))
    html = preview.content.decode()
    assert "we meet on Friday." in html
    # the owner, the organiser and the member who wants broadcasts
    assert "3 members</strong> will get this message" in html
    assert Message.objects.count() == 0  # nothing queued by a preview


def test_sending_goes_through_the_queue_and_honours_opt_outs(
    network, organiser, owner, make_user, queue
):
    wants = make_user(email="wants@example.org")
    opted_out = make_user(email="optout@example.org", receive_broadcasts=False)
    pending = make_user(email="pending@example.org", state=Profile.State.PENDING)
    client = client_for(organiser)
    data, _ = compose(client)
    response = client.post("/members/broadcast/", {**data, "send": "1"})
    assert response.status_code == 302
    assert mail.outbox == []  # queued, not sent inside the request
    queued = {m.to_addresses[0] for m in Message.objects.all()}
    assert queued == {wants.email, organiser.email, owner.email}
    assert opted_out.email not in queued and pending.email not in queued
    assert Broadcast.objects.get().recipient_count == 3

    engine.send_all()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(queued)
    letter = next(m for m in mail.outbox if m.to == [wants.email])
    assert letter.subject == f"[{network.name}] Workshop news"
    assert "we meet on Friday." in letter.body
    assert "/members/unsubscribe/" in letter.body
    assert letter.extra_headers["List-Unsubscribe"].startswith("<http://testserver/members/")


def test_filter_by_expertise_and_area(network, owner, make_user, queue):
    carer = make_user(email="carer@example.org", expertise=["carer"], area="hackney")
    make_user(email="carer-elsewhere@example.org", expertise=["carer"], area="camden")
    make_user(email="academic@example.org", expertise=["academic"], area="hackney")
    client = client_for(owner)
    data, preview = compose(client, expertise="carer", area="hackney")
    assert "1 member</strong> will get this message" in preview.content.decode()
    client.post("/members/broadcast/", {**data, "send": "1"})
    assert [m.to_addresses[0] for m in Message.objects.all()] == [carer.email]


def test_unsubscribe_link_turns_broadcasts_off(network, owner, member, queue):
    from members.membership import send_broadcast

    send_broadcast(sender=owner, subject="Hello", body="Hi")
    engine.send_all()
    letter = next(m for m in mail.outbox if m.to == [member.email])
    path = letter.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    client_for(None).post(path)
    member.profile.refresh_from_db()
    assert member.profile.receive_broadcasts is False


def test_smtp_failure_defers_messages_and_retry_sends_them(network, owner, make_user, queue):
    from members.membership import send_broadcast

    for _ in range(3):
        make_user()
    send_broadcast(sender=owner, subject="Hello", body="Hi")
    assert Message.objects.count() == 4

    queue.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    queue.EMAIL_HOST = "127.0.0.1"
    queue.EMAIL_PORT = _free_port()  # nothing listens there
    queue.EMAIL_USE_TLS = queue.EMAIL_USE_SSL = False
    queue.EMAIL_TIMEOUT = 2
    engine.send_all()
    assert Message.objects.deferred().count() == 4  # kept, not lost
    assert mail.outbox == []

    queue.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Message.objects.retry_deferred()
    engine.send_all()
    assert Message.objects.count() == 0
    assert len(mail.outbox) == 4


def test_queueing_costs_the_same_queries_for_many_recipients(
    network, owner, make_user, queue, django_assert_max_num_queries
):
    from members.membership import send_broadcast

    make_user()
    with django_assert_max_num_queries(8) as few:
        send_broadcast(sender=owner, subject="One", body="Hi")
    for _ in range(40):
        make_user()
    with django_assert_max_num_queries(len(few.captured_queries)):
        send_broadcast(sender=owner, subject="Two", body="Hi")
    assert Message.objects.count() == 2 + 42
