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


def _events(workshop, *, include_joining_link: bool = False, waiting: bool = False):
    """One event, or one per session of a series (prefetch `sessions` for many workshops)."""
    sessions = list(workshop.sessions.all())
    if not sessions:
        return [_event(workshop, include_joining_link=include_joining_link, waiting=waiting)]
    return [
        _event(
            workshop,
            include_joining_link=include_joining_link,
            waiting=waiting,
            session=session,
            label=f" (session {number} of {len(sessions)})",
        )
        for number, session in enumerate(sessions, start=1)
    ]


def _event(
    workshop,
    *,
    include_joining_link: bool = False,
    waiting: bool = False,
    session=None,
    label: str = "",
) -> Event:
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1]
    uid = f"workshop-{workshop.pk}-session-{session.pk}" if session else f"workshop-{workshop.pk}"
    event.add("uid", f"{uid}@{host}")
    event.add("sequence", workshop.sequence)
    cancelled = workshop.status == workshop.Status.CANCELLED
    if cancelled:
        event.add("summary", f"Cancelled: {workshop.title}{label}")
    elif waiting:
        event.add("summary", f"Waiting list: {workshop.title}{label}")
    else:
        event.add("summary", f"{workshop.title}{label}")
    when = session or workshop
    event.add("dtstart", when.start.astimezone(LONDON))
    event.add("dtend", when.end.astimezone(LONDON))
    event.add("dtstamp", timezone.now())
    event.add("last-modified", workshop.updated_at)
    url = absolute_url(workshop.get_absolute_url())
    event.add("url", url)
    description = [workshop.summary, "", url]
    if workshop.is_online and include_joining_link and workshop.joining_link:
        description += ["", f"Joining link: {workshop.joining_link}"]
    if workshop.is_in_person:
        location = ", ".join(
            part for part in [workshop.venue_name, " ".join(workshop.venue_address.split())] if part
        )
        event.add("location", f"{location} (or online)" if workshop.is_hybrid else location)
    else:
        event.add("location", "Online")
    event.add("description", "\n".join(description))
    # A place on the waiting list is not a place: TENTATIVE until it is confirmed.
    event.add("status", "CANCELLED" if cancelled else "TENTATIVE" if waiting else "CONFIRMED")
    return event


def build_calendar(
    name: str,
    workshops,
    *,
    joining_link_for=frozenset(),
    waiting=frozenset(),
    description: str = "",
) -> bytes:
    """One VCALENDAR holding `workshops`; joining links only for ids in joining_link_for;
    the ids in `waiting` (waiting-list places) are TENTATIVE, titled "Waiting list: ...".
    `description` says what the calendar holds (calendar apps show it)."""
    calendar = _calendar(name)
    if description:
        calendar.add("x-wr-caldesc", description)
    workshops = list(workshops)
    for workshop in workshops:
        for event in _events(
            workshop,
            include_joining_link=workshop.pk in joining_link_for,
            waiting=workshop.pk in waiting,
        ):
            calendar.add_component(event)
    if workshops:
        first = min(w.start for w in workshops).date() - timedelta(days=366)
        last = max(w.end for w in workshops).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    else:
        today = date.today()
        calendar.add_missing_timezones(first_date=today, last_date=today + timedelta(days=400))
    return calendar.to_ical()


def invitation(workshop, *, include_joining_link: bool, waiting: bool = False) -> bytes:
    """The one-event calendar file an e-mail carries: METHOD:REQUEST adds or updates the
    entry (same UID, the workshop's current SEQUENCE), METHOD:CANCEL removes it."""
    calendar = _calendar(workshop.title)
    cancelled = workshop.status == workshop.Status.CANCELLED
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    for event in _events(workshop, include_joining_link=include_joining_link, waiting=waiting):
        calendar.add_component(event)
    first = workshop.start.date() - timedelta(days=1)
    calendar.add_missing_timezones(first_date=first, last_date=workshop.end.date())
    return calendar.to_ical()
