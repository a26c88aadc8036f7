"""Registering is confirmed by e-mail: a place with the details and a calendar file, a
waiting-list place with the position and what happens next."""

import pytest
import vobject
from django.core import mail

from tests.conftest import client_for
from workshops import services

pytestmark = pytest.mark.django_db


def test_registering_on_the_page_sends_a_confirmation_with_the_details_and_an_ics(
    make_workshop, member, network
):
    workshop = make_workshop(
        title="Online change lab",
        is_online=True,
        venue_name="",
        joining_link="https://meet.example.org/lab",
    )
    mail.outbox.clear()
    client_for(member).post(f"{workshop.get_absolute_url()}register/", {})

    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == "You're registered: Online change lab"
    assert 'Your place at "Online change lab" is confirmed.' in message.body
    assert "Joining link: https://meet.example.org/lab" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype.split(";")[0]) == ("workshop.ics", "text/calendar")
    event = vobject.readOne(content if isinstance(content, str) else content.decode()).vevent
    assert event.summary.value == "Online change lab"
    assert event.uid.value == f"workshop-{workshop.pk}@testserver"
    assert "https://meet.example.org/lab" in event.description.value


def test_joining_the_waiting_list_says_the_position_and_what_happens_next(
    make_workshop, make_user, network
):
    workshop = make_workshop(title="Full house", capacity=1)
    first, second, third = make_user(), make_user(), make_user()
    for person in (first, second, third):
        services.register(workshop=workshop, member=person)

    by_person = {message.to[0]: message for message in mail.outbox}
    assert by_person[first.email].subject == "You're registered: Full house"
    assert by_person[second.email].subject == "Waiting list: Full house"
    assert "you are number 1" in by_person[second.email].body
    assert "you are number 2" in by_person[third.email].body
    assert "we e-mail you straight away if it is yours" in by_person[third.email].body
    assert by_person[third.email].attachments == []  # no calendar entry for a place not held


def test_updating_access_needs_sends_no_second_confirmation(make_workshop, member, network):
    workshop = make_workshop()
    services.register(workshop=workshop, member=member)
    services.register(workshop=workshop, member=member, access_needs=["quiet_space"])
    assert len(mail.outbox) == 1
