"""Calendar files (RFC 5545) for workshops, with the icalendar library.

Times are written in Europe/London with a VTIMEZONE, so calendar apps show the
right local time on both sides of a clock change.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from network.mail import absolute_url

LONDON = ZoneInfo("Europe/London")


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Co-production practitioners network//Workshops//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    return calendar


def _event(workshop, *, include_joining_link: bool = False) -> Event:
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1]
    event.add("uid", f"workshop-{workshop.pk}@{host}")
    event.add("summary", workshop.title)
    event.add("dtstart", workshop.start.astimezone(LONDON))
    event.add("dtend", workshop.end.astimezone(LONDON))
    event.add("dtstamp", timezone.now())
    event.add("last-modified", workshop.updated_at)
    url = absolute_url(workshop.get_absolute_url())
    event.add("url", url)
    description = [workshop.summary, "", url]
    if workshop.is_online:
        event.add("location", "Online")
        if include_joining_link and workshop.joining_link:
            description += ["", f"Joining link: {workshop.joining_link}"]
    else:
        location = ", ".join(
            part for part in [workshop.venue_name, " ".join(workshop.venue_address.split())] if part
        )
        event.add("location", location)
    event.add("description", "\n".join(description))
    cancelled = workshop.status == workshop.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def build_calendar(
    name: str, workshops, *, joining_link_for=frozenset(), description: str = ""
) -> bytes:
    """One VCALENDAR holding `workshops`; joining links only for ids in joining_link_for.
    `description` says what the calendar holds (calendar apps show it)."""
    calendar = _calendar(name)
    if description:
        calendar.add("x-wr-caldesc", description)
    workshops = list(workshops)
    for workshop in workshops:
        calendar.add_component(
            _event(workshop, include_joining_link=workshop.pk in joining_link_for)
        )
    if workshops:
        first = min(w.start for w in workshops).date() - timedelta(days=366)
        last = max(w.end for w in workshops).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    else:
        today = date.today()
        calendar.add_missing_timezones(first_date=today, last_date=today + timedelta(days=400))
    return calendar.to_ical()
