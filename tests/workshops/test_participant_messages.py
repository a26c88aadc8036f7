"""Organisers write to one workshop's participants: they choose who, see how many will get
it before sending, and every message is recorded."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import client_for
from workshops import services
from workshops.models import ParticipantMessage, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_workshop, make_user, network):
    workshop = make_workshop(title="Listening well", capacity=2)
    confirmed = [make_user(), make_user()]
    waiting = [make_user()]
    for person in confirmed + waiting:
        services.register(workshop=workshop, member=person)
    Registration.objects.filter(member=confirmed[0]).update(attended=True)
    mail.outbox.clear()
    return workshop, confirmed, waiting


@pytest.mark.parametrize(
    ("audience", "expected"),
    [("confirmed", [0, 1]), ("waiting", [2]), ("attended", [0]), ("all", [0, 1, 2])],
)
def test_the_message_reaches_exactly_the_chosen_people(people, organiser, audience, expected):
    workshop, confirmed, waiting = people
    everyone = confirmed + waiting
    client = client_for(organiser)
    url = reverse("workshops:message", args=[workshop.slug])
    data = {"audience": audience, "subject": "Bring a case", "body": "Please bring one story."}

    preview = client.post(url, {**data, "preview": "1"}).content.decode()
    count = len(expected)
    assert f"{count} {'person' if count == 1 else 'people'}</strong>" in preview
    assert mail.outbox == []  # nothing goes before the organiser confirms

    response = client.post(url, {**data, "send": "1"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(everyone[i].email for i in expected)
    message = mail.outbox[0]
    assert message.subject == "Bring a case (Listening well)"
    assert "Please bring one story." in message.body
    assert message.reply_to == [organiser.email]
    record = ParticipantMessage.objects.get()
    assert (record.sender, record.audience, record.recipient_count) == (
        organiser,
        audience,
        count,
    )
    history = client.get(url).content.decode()
    assert "Bring a case" in history and f"to {count} (" in history


def test_a_missing_subject_is_explained_and_nothing_is_sent(people, organiser):
    workshop, *_ = people
    response = client_for(organiser).post(
        reverse("workshops:message", args=[workshop.slug]),
        {"audience": "all", "subject": " ", "body": "Hello", "send": "1"},
    )
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Hello" in page  # what they wrote is kept
    assert mail.outbox == []
    assert ParticipantMessage.objects.count() == 0


def test_members_cannot_write_to_participants(people, member):
    workshop, *_ = people
    response = client_for(member).get(reverse("workshops:message", args=[workshop.slug]))
    assert response.status_code == 403
