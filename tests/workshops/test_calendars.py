"""Calendar files parse with icalendar and carry times, time zone, status and URL."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.conftest import client_for
from workshops import services
from workshops import views as workshop_views
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

START = datetime(2030, 7, 1, 9, 0, tzinfo=UTC)  # 10:00 in London (BST)


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return calendar, [c for c in calendar.walk("VEVENT")]


def test_workshop_ics_has_london_times_url_and_status(make_workshop, client, network):
    workshop = make_workshop(
        title="Theatre for change", start=START, end=START + timedelta(hours=3)
    )
    calendar, events = _events(client.get(reverse("workshops:ics", args=[workshop.slug])))
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Theatre for change"
    dtstart = event.decoded("dtstart")
    assert dtstart == START
    assert dtstart.tzinfo.key == "Europe/London"
    assert (dtstart.hour, dtstart.minute) == (10, 0)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtend") == START + timedelta(hours=3)
    assert str(event["url"]) == f"http://testserver{workshop.get_absolute_url()}"
    assert str(event["status"]) == "CONFIRMED"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert "Oxford House" in str(event["location"])


def test_cancelled_workshop_appears_as_cancelled(make_workshop, client, network):
    workshop = make_workshop(start=START, end=START + timedelta(hours=1))
    services.cancel_workshop(workshop=workshop)
    _, events = _events(client.get(reverse("workshops:ics", args=[workshop.slug])))
    assert str(events[0]["status"]) == "CANCELLED"


def test_upcoming_feed_lists_every_upcoming_workshop(make_workshop, client, network):
    make_workshop(title="One")
    make_workshop(title="Two", is_online=True, venue_name="")
    make_workshop(title="Done", start=START.replace(year=2020), status=Workshop.Status.COMPLETED)
    _, events = _events(client.get(reverse("workshops:upcoming_ics")))
    assert sorted(str(e["summary"]) for e in events) == ["One", "Two"]


def test_upcoming_feed_shows_a_new_workshop_and_a_cancellation_at_once(
    make_workshop, client, network
):
    first = make_workshop(title="One")
    _events(client.get(reverse("workshops:upcoming_ics")))  # now kept in the cache
    make_workshop(title="Two")
    first.status = Workshop.Status.CANCELLED
    first.save()
    _, events = _events(client.get(reverse("workshops:upcoming_ics")))
    assert [str(e["summary"]) for e in events] == ["Two"]


def test_private_feed_lists_my_registrations_with_joining_link(
    make_workshop, member, client, network
):
    online = make_workshop(
        title="Mine online",
        is_online=True,
        venue_name="",
        joining_link="https://meet.example.org/x",
    )
    make_workshop(title="Not mine")
    services.register(workshop=online, member=member)
    token = member.profile.calendar_token
    _, events = _events(client.get(reverse("workshops:private_feed", args=[token])))
    assert [str(e["summary"]) for e in events] == ["Mine online"]
    assert "https://meet.example.org/x" in str(events[0]["description"])


def test_private_feed_marks_a_waiting_list_place_tentative_without_the_joining_link(
    make_workshop, make_user, member, client, network
):
    full = make_workshop(
        title="Full online",
        capacity=1,
        is_online=True,
        venue_name="",
        joining_link="https://meet.example.org/full",
    )
    services.register(workshop=full, member=make_user())
    services.register(workshop=full, member=member)  # waiting
    token = member.profile.calendar_token
    _, [event] = _events(client.get(reverse("workshops:private_feed", args=[token])))
    assert str(event["summary"]) == "Waiting list: Full online"
    assert str(event["status"]) == "TENTATIVE"
    assert "meet.example.org" not in str(event["description"])


def test_private_feed_refuses_a_wrong_token(member, client, network):
    response = client.get(reverse("workshops:private_feed", args=["not-the-token"]))
    assert response.status_code == 404


def test_regenerating_the_calendar_address_retires_the_old_one(member, client, network):
    old = member.profile.calendar_token
    client_for(member).post(reverse("workshops:my_calendar"))
    member.profile.refresh_from_db()
    assert member.profile.calendar_token != old
    assert client.get(reverse("workshops:private_feed", args=[old])).status_code == 404
    new = client.get(reverse("workshops:private_feed", args=[member.profile.calendar_token]))
    assert new.status_code == 200


def test_suspended_members_feed_stops_working(suspended, client, network):
    token = suspended.profile.calendar_token
    assert client.get(reverse("workshops:private_feed", args=[token])).status_code == 404


def test_upcoming_feed_holds_the_next_six_months_and_says_so(
    make_workshop, client, network, monkeypatch
):
    now = timezone.now()
    make_workshop(title="Next week", start=now + timedelta(days=7))
    make_workshop(title="In five months", start=now + timedelta(days=150))
    make_workshop(title="In seven months", start=now + timedelta(days=213))
    calendar, events = _events(client.get(reverse("workshops:upcoming_ics")))
    assert [str(e["summary"]) for e in events] == ["Next week", "In five months"]
    note = str(calendar["x-wr-caldesc"])
    assert note.startswith("Workshops in the next six months (at most 300, soonest first).")
    assert note.endswith(f"http://testserver{reverse('workshops:list')}")


def test_upcoming_feed_holds_at_most_its_limit_soonest_first(
    make_workshop, client, network, monkeypatch
):
    monkeypatch.setattr(workshop_views, "UPCOMING_ICS_MAX", 2)
    now = timezone.now()
    for days in (30, 10, 20):
        make_workshop(title=f"In {days} days", start=now + timedelta(days=days))
    _, events = _events(client.get(reverse("workshops:upcoming_ics")))
    assert [str(e["summary"]) for e in events] == ["In 10 days", "In 20 days"]
