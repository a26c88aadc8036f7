"""Reminders: 2 days before, with the joining link for online workshops, never twice."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from workshops import services
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def test_reminders_go_two_days_before_once_with_the_joining_link(make_workshop, make_user, network):
    soon = make_workshop(
        title="Online soon",
        start=timezone.now() + timedelta(days=1, hours=12),
        is_online=True,
        venue_name="",
        joining_link="https://meet.example.org/room",
        capacity=1,
    )
    later = make_workshop(title="Later", start=timezone.now() + timedelta(days=5))
    person, waiting = make_user(), make_user()
    services.register(workshop=soon, member=person)
    services.register(workshop=soon, member=waiting)
    services.register(workshop=later, member=person)
    mail.outbox.clear()

    call_command("send_workshop_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Online soon" in message.subject
    assert "https://meet.example.org/room" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert Registration.objects.get(workshop=soon, member=person).reminder_sent_at is not None

    call_command("send_workshop_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1  # never twice


def test_members_who_turned_off_workshop_emails_get_no_reminder_but_are_not_retried(
    make_workshop, make_user, network
):
    workshop = make_workshop(start=timezone.now() + timedelta(days=1))
    person = make_user(notify_workshops=False)
    services.register(workshop=workshop, member=person)
    mail.outbox.clear()
    call_command("send_workshop_reminders", stdout=StringIO())
    assert mail.outbox == []
    assert Registration.objects.get().reminder_sent_at is not None
