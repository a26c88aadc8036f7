"""Attendee lists for organisers: the same table as CSV (UTF-8 with a byte-order mark) and
as a real spreadsheet (.xlsx, openpyxl). Every free-text cell is made formula-safe, since
spreadsheet apps run cells starting with = + - @ as formulas."""

import csv

from django.utils import timezone
from openpyxl import Workbook

from workshops.calendars import LONDON
from workshops.models import Registration, SessionPlace

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADER = [
    "Workshop",
    "Session",
    "Name",
    "E-mail",
    "Status",
    "Place",
    "Waiting list position",
    "Perspective",
    "Attended",
    "Access needs",
]


def attendee_registrations(workshop):
    return (
        Registration.objects.filter(workshop=workshop)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("member", "member__profile")
        .order_by("status", "queue_number")
    )


def session_places(workshop) -> list:
    """Places at single sessions (a series registered for per session), each with its
    `waiting_position` on that session's list."""
    places = list(
        SessionPlace.objects.active()
        .filter(session__workshop=workshop)
        .select_related("member", "member__profile", "session")
        .order_by("session__start", "status", "queue_number")
    )
    next_position = {}
    for place in sorted(places, key=lambda p: p.queue_number):
        if place.status == SessionPlace.Status.WAITING:
            next_position[place.session_id] = next_position.get(place.session_id, 0) + 1
            place.waiting_position = next_position[place.session_id]
        else:
            place.waiting_position = None
    return places


def with_waiting_positions(registrations) -> list:
    """The registrations, each with `waiting_position`: 1 for the first in line on its
    list (reserved or general), None for a confirmed place. No query per row."""
    rows = list(registrations)
    next_position = {}
    for row in sorted(rows, key=lambda r: r.queue_number):
        if row.status == Registration.Status.WAITING:
            next_position[row.pool] = next_position.get(row.pool, 0) + 1
            row.waiting_position = next_position[row.pool]
        else:
            row.waiting_position = None
    return rows


def perspective(profile) -> str:
    """The expertise the member lets organisers see (members/models.py visibility)."""
    if profile is None or "expertise" not in profile.visible_fields("organisers"):
        return "not shared"
    return "; ".join(profile.expertise_labels()) or "not given"


def formula_safe(value: str) -> str:
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def attendee_table(workshops):
    """The header, then one row per person registered or waiting (for the whole workshop,
    or for one session of a series registered for per session)."""
    yield HEADER
    for workshop in workshops:
        for row in with_waiting_positions(attendee_registrations(workshop)):
            yield _row(workshop, "All" if workshop.sessions.exists() else "", row, row.pool)
        for place in session_places(workshop):
            when = timezone.localtime(place.session.start, LONDON).strftime("%-d %B %Y %H:%M")
            yield _row(workshop, when, place, "")


def _row(workshop, session: str, row, pool: str) -> list:
    return [
        formula_safe(workshop.title),
        session,
        formula_safe(str(row.member)),
        formula_safe(row.member.email),
        row.get_status_display(),
        dict(Registration.Pool.choices).get(pool, ""),
        row.waiting_position or "",
        formula_safe(perspective(getattr(row.member, "profile", None))),
        "yes" if row.attended else "no",
        formula_safe("; ".join(row.access_need_labels())),
    ]


def write_attendees_csv(out, workshops):
    """UTF-8 with a byte-order mark, so spreadsheet apps read names such as Seán right."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerows(attendee_table(workshops))


def write_attendees_xlsx(out, workshops):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Attendees")
    for row in attendee_table(workshops):
        sheet.append(row)
    workbook.save(out)
