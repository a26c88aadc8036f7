"""A series: six fortnightly sessions of a standing panel, registered for once, each session
its own calendar entry, attendance marked per session."""

from datetime import timedelta

import pytest
import vobject
from django.urls import reverse

from tests.conftest import client_for
from workshops import services
from workshops.models import Registration, Session, SessionAttendance, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_workshop, network):
    workshop = make_workshop(title="Standing panel", format=Workshop.Format.SERIES)
    first = workshop.start
    for n in range(6):
        start = first + timedelta(weeks=2 * n)
        Session.objects.create(workshop=workshop, start=start, end=start + timedelta(hours=2))
    Workshop.objects.filter(pk=workshop.pk).update(end=first + timedelta(weeks=10, hours=2))
    workshop.refresh_from_db()
    return workshop


def test_one_registration_puts_every_session_in_the_private_calendar(panel, member, client):
    services.register(workshop=panel, member=member)
    assert Registration.objects.filter(member=member).count() == 1

    page = client_for(member).get(panel.get_absolute_url()).content.decode()
    assert "A series of 6 sessions: one registration covers them all." in page

    feed = client.get(
        reverse("workshops:private_feed", args=[member.profile.calendar_token])
    ).content.decode()
    events = vobject.readOne(feed).vevent_list
    assert [e.summary.value for e in events] == [
        f"Standing panel (session {n} of 6)" for n in range(1, 7)
    ]
    assert len({e.uid.value for e in events}) == 6
    starts = [e.dtstart.value for e in events]
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == [timedelta(weeks=2)] * 5


def test_attendance_is_kept_per_session(panel, member, organiser):
    registration = services.register(workshop=panel, member=member)
    sessions = list(panel.sessions.all())
    for session in sessions[:4]:
        SessionAttendance.objects.create(session=session, registration=registration)
    assert registration.session_attendance.count() == 4

    page = client_for(organiser).get(
        reverse("admin:workshops_registration_change", args=[registration.pk])
    )
    assert page.status_code == 200
    assert "Sessions attended (series)" in page.content.decode()
