"""The attendee CSV opens cleanly in a spreadsheet: a byte-order mark so accents survive,
real waiting-list positions, the perspective each person shares with organisers."""

import csv
import io

import pytest
from django.urls import reverse

from members.models import Expertise
from tests.conftest import client_for
from workshops import services

pytestmark = pytest.mark.django_db


def test_the_csv_has_a_bom_accents_real_positions_and_perspectives(
    make_workshop, make_user, organiser, network
):
    workshop = make_workshop(title="Café conversations", capacity=2)
    for _ in range(2):
        services.register(workshop=workshop, member=make_user())  # the two places
    leaver = make_user()
    services.register(workshop=workshop, member=leaver)
    services.cancel(registration=services.register(workshop=workshop, member=leaver))
    sean = make_user(display_name="Seán Ó Briain", expertise=[Expertise.CARER])
    zoe = make_user(display_name="Zoë Brontë", expertise=[Expertise.HEALTH_PROFESSIONAL])
    services.register(workshop=workshop, member=sean)
    services.register(workshop=workshop, member=zoe)

    response = client_for(organiser).get(reverse("workshops:attendees_csv", args=[workshop.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # what spreadsheet apps look for
    # Read as a spreadsheet app reads it: UTF-8 with its byte-order mark.
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row["Name"]: row for row in rows}
    assert set(by_name) >= {"Seán Ó Briain", "Zoë Brontë"}
    assert rows[0]["Workshop"] == "Café conversations"
    # The queue numbers are 4 and 5 (the leaver took 3): the list shows positions 1 and 2.
    assert by_name["Seán Ó Briain"]["Waiting list position"] == "1"
    assert by_name["Zoë Brontë"]["Waiting list position"] == "2"
    assert by_name["Seán Ó Briain"]["Perspective"] == "; ".join(sean.profile.expertise_labels())
    assert by_name["Zoë Brontë"]["Perspective"] == "; ".join(zoe.profile.expertise_labels())
    confirmed = [row for row in rows if row["Status"] == "Confirmed"]
    assert [row["Waiting list position"] for row in confirmed] == ["", ""]

    page = client_for(organiser).get(reverse("workshops:attendees", args=[workshop.slug]))
    assert "On the waiting list (number 1)" in page.content.decode()


def test_the_spreadsheet_opens_in_a_spreadsheet_library_with_accents_and_positions(
    make_workshop, make_user, organiser, network
):
    from openpyxl import load_workbook

    workshop = make_workshop(title="Café conversations", capacity=1)
    services.register(workshop=workshop, member=make_user(display_name="=HYPERLINK(1)"))
    sean = make_user(display_name="Seán Ó Briain")
    zoe = make_user(display_name="Zoë Brontë")
    services.register(workshop=workshop, member=sean)
    services.register(workshop=workshop, member=zoe)

    response = client_for(organiser).get(reverse("workshops:attendees_xlsx", args=[workshop.slug]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    by_name = {row[header.index("Name")]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name["Seán Ó Briain"]["Waiting list position"] == 1
    assert by_name["Zoë Brontë"]["Waiting list position"] == 2
    assert by_name["Seán Ó Briain"]["Workshop"] == "Café conversations"
    # A name that looks like a formula is kept as text, never run.
    assert "'=HYPERLINK(1)" in by_name
