"""A series people register for per session: each session has its own places and waiting
list, its own confirmation and calendar entry, attendance and certificate hours per
session, and changes reach everyone holding a session."""

import io
from datetime import timedelta

import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import client_for
from workshops import services
from workshops.models import Registration, Session, SessionAttendance, SessionPlace, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_workshop, network):
    workshop = make_workshop(
        title="Standing panel",
        format=Workshop.Format.SERIES,
        series_registration=Workshop.SeriesRegistration.PER_SESSION,
        capacity=1,
    )
    first = workshop.start
    for n in range(3):
        start = first + timedelta(weeks=2 * n)
        Session.objects.create(workshop=workshop, start=start, end=start + timedelta(hours=2))
    Workshop.objects.filter(pk=workshop.pk).update(end=first + timedelta(weeks=4, hours=2))
    workshop.refresh_from_db()
    return workshop


def _ics_events(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    content = attachment[1]
    return vobject.readOne(content if isinstance(content, str) else content.decode()).vevent_list


def test_a_member_registers_for_one_session_and_gets_its_calendar_entry_only(panel, member, client):
    second = list(panel.sessions.all())[1]
    response = client_for(member).post(
        reverse("workshops:register_session", args=[panel.slug, second.pk]),
        {"access_needs_other": ""},
    )
    assert response.status_code == 302
    place = SessionPlace.objects.get(member=member)
    assert place.session == second and place.status == "confirmed"
    assert not Registration.objects.filter(member=member).exists()

    (confirmation,) = mail.outbox
    assert "You're registered: Standing panel (session on" in confirmation.subject
    assert "one session of the series" in confirmation.body
    (event,) = _ics_events(confirmation)
    assert event.summary.value == "Standing panel (session 2 of 3)"
    assert event.dtstart.value == second.start.replace(microsecond=0)

    feed = client.get(reverse("workshops:private_feed", args=[member.profile.calendar_token]))
    events = vobject.readOne(feed.content.decode()).vevent_list
    assert [e.summary.value for e in events] == ["Standing panel (session 2 of 3)"]


def test_a_full_session_has_its_own_waiting_list_and_a_freed_place_moves_it_up(panel, make_user):
    first, second, _ = panel.sessions.all()
    amina, jo = make_user(display_name="Amina"), make_user(display_name="Jo")
    services.register_for_session(session=first, member=amina)
    waiting = services.register_for_session(session=first, member=jo)
    assert waiting.status == "waiting"
    assert services.session_waiting_position(waiting) == 1
    # Another session of the same series still has its place.
    assert services.register_for_session(session=second, member=jo).status == "confirmed"
    mail.outbox.clear()

    services.leave_session(place=SessionPlace.objects.get(member=amina, session=first))
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    (promoted,) = mail.outbox
    assert promoted.to == [jo.email]
    assert "a place has come up" in promoted.body
    (event,) = _ics_events(promoted)
    assert event.dtstart.value == first.start.replace(microsecond=0)


def test_the_page_shows_each_session_with_its_places_and_the_members_own_place(
    panel, member, make_user, django_assert_max_num_queries
):
    first, second, third = panel.sessions.all()
    services.register_for_session(session=first, member=member)
    services.register_for_session(session=second, member=make_user())
    services.register_for_session(session=second, member=member)  # waiting: number 1
    client = client_for(member)
    client.get(panel.get_absolute_url())  # warm the shared cache
    with django_assert_max_num_queries(12):
        page = client.get(panel.get_absolute_url()).content.decode()
    assert "register for each session you can come to" in page
    assert "You have a place at this session." in page
    assert "You're number 1 on this session's waiting list." in page
    assert reverse("workshops:register_session", args=[panel.slug, third.pk]) in page
    assert page.count("Cancel my place") == 1
    assert "Leave the waiting list" in page
    assert "Join the network" not in page


def test_registering_for_the_whole_series_is_refused_with_the_way_forward(panel, member):
    with pytest.raises(services.RegistrationError, match="choose your sessions"):
        services.register(workshop=panel, member=member)


def test_a_time_change_reaches_session_holders_with_only_their_sessions(panel, make_user):
    first, second, _ = panel.sessions.all()
    holder = make_user()
    services.register_for_session(session=second, member=holder)
    mail.outbox.clear()
    before = Workshop.objects.get(pk=panel.pk)
    panel.venue_name = "Toynbee Hall"
    panel.save()
    assert services.people_to_tell(panel) == 1
    assert services.notify_change(workshop=panel, before=before) == 1
    (notice,) = mail.outbox
    assert notice.to == [holder.email]
    assert "Oxford House → Toynbee Hall" in notice.body
    (event,) = _ics_events(notice)
    assert event.dtstart.value == second.start.replace(microsecond=0)
    assert int(event.sequence.value) == 1


def test_the_certificate_counts_the_hours_of_the_sessions_attended_only(panel, member):
    first, second, third = panel.sessions.all()
    for session in (first, third):
        services.register_for_session(session=session, member=member)
    SessionPlace.objects.filter(session=first, member=member).update(attended=True)
    Workshop.objects.filter(pk=panel.pk).update(start=timezone.now() - timedelta(days=1))

    response = client_for(member).get(reverse("workshops:certificate", args=[panel.slug]))
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "attending 1 session of the series: 2 hours in all" in text
    assert first.start.strftime("%-d %B %Y").lstrip("0") in text
    assert third.start.strftime("%-d %B %Y") not in text


def test_a_whole_series_certificate_counts_the_sessions_marked(make_workshop, member, network):
    workshop = make_workshop(title="Whole panel", format=Workshop.Format.SERIES)
    sessions = [
        Session.objects.create(
            workshop=workshop,
            start=workshop.start + timedelta(weeks=n),
            end=workshop.start + timedelta(weeks=n, hours=1, minutes=30),
        )
        for n in range(4)
    ]
    registration = services.register(workshop=workshop, member=member)
    for session in sessions[:2]:
        SessionAttendance.objects.create(session=session, registration=registration)
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    Workshop.objects.filter(pk=workshop.pk).update(start=timezone.now() - timedelta(days=1))

    response = client_for(member).get(reverse("workshops:certificate", args=[workshop.slug]))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "attending 2 sessions of the series: 3 hours in all" in text


def test_an_organiser_marks_attendance_per_session_in_the_admin(panel, member, organiser):
    first = panel.sessions.first()
    place = services.register_for_session(session=first, member=member)
    changelist = reverse("admin:workshops_sessionplace_changelist")
    response = client_for(organiser).post(
        changelist, {"action": "mark_attended", "_selected_action": [place.pk]}
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.attended


def test_an_organiser_removes_someone_from_one_session_after_confirming(
    panel, member, organiser, mailoutbox
):
    first = panel.sessions.first()
    place = services.register_for_session(session=first, member=member)
    mailoutbox.clear()
    client = client_for(organiser)
    changelist = reverse("admin:workshops_sessionplace_changelist")
    chosen = {"action": "remove_places", "_selected_action": [place.pk]}
    asked = client.post(changelist, chosen)
    assert "Remove 1 person from the session?" in asked.content.decode()
    place.refresh_from_db()
    assert place.status == SessionPlace.Status.CONFIRMED

    assert client.post(changelist, {**chosen, "apply": "1"}).status_code == 302
    place.refresh_from_db()
    assert place.status == SessionPlace.Status.CANCELLED
    assert [m.to for m in mailoutbox] == [[member.email]]
