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


def _events(workshop, *, include_joining_link: bool = False, waiting=False, only_sessions=None):
    """One event, or one per session of a series (prefetch `sessions` for many workshops).

    `only_sessions`: the session ids a person registered for, when people register per
    session; `waiting` is then the set of those ids they wait for (else a bool)."""
    sessions = list(workshop.sessions.all())
    if not sessions:
        return [_event(workshop, include_joining_link=include_joining_link, waiting=waiting)]
    numbered = list(enumerate(sessions, start=1))
    if only_sessions is not None:
        numbered = [(n, session) for n, session in numbered if session.pk in only_sessions]
    return [
        _event(
            workshop,
            include_joining_link=include_joining_link
            and not (isinstance(waiting, set) and session.pk in waiting),
            waiting=session.pk in waiting if isinstance(waiting, set) else waiting,
            session=session,
            label=f" (session {number} of {len(sessions)})",
        )
        for number, session in numbered
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
    session_places=None,
) -> bytes:
    """One VCALENDAR holding `workshops`; joining links only for ids in joining_link_for;
    the ids in `waiting` (waiting-list places) are TENTATIVE, titled "Waiting list: ...".
    `session_places` maps a per-session series' id to ({session ids}, {waiting ids}): only
    those sessions are written. `description` says what the calendar holds."""
    session_places = session_places or {}
    calendar = _calendar(name)
    if description:
        calendar.add("x-wr-caldesc", description)
    workshops = list(workshops)
    for workshop in workshops:
        held, waiting_for = session_places.get(workshop.pk, (None, None))
        for event in _events(
            workshop,
            include_joining_link=workshop.pk in joining_link_for,
            waiting=waiting_for if held is not None else workshop.pk in waiting,
            only_sessions=held,
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


def invitation(workshop, *, include_joining_link: bool, waiting=False, only_sessions=None) -> bytes:
    """The one-event calendar file an e-mail carries: METHOD:REQUEST adds or updates the
    entry (same UID, the workshop's current SEQUENCE), METHOD:CANCEL removes it.
    `only_sessions` and a set `waiting`: as for _events (per-session series)."""
    calendar = _calendar(workshop.title)
    cancelled = workshop.status == workshop.Status.CANCELLED
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    for event in _events(
        workshop,
        include_joining_link=include_joining_link,
        waiting=waiting,
        only_sessions=only_sessions,
    ):
        calendar.add_component(event)
    first = workshop.start.date() - timedelta(days=1)
    calendar.add_missing_timezones(first_date=first, last_date=workshop.end.date())
    return calendar.to_ical()
