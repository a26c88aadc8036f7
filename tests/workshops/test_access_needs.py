"""Access needs: seen by the workshop's organisers only, deleted 30 days after it ends."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from workshops import services
from workshops.models import Registration, Workshop
from workshops.tasks import purge_access_needs_job

pytestmark = pytest.mark.django_db

NEED_TEXT = "I use a wheelchair and need a ramp"


@pytest.fixture
def registered(workshop, make_user):
    person = make_user(display_name="Nadia Needs")
    services.register(
        workshop=workshop,
        member=person,
        access_needs=["step_free", "other"],
        access_needs_other=NEED_TEXT,
    )
    return person


@pytest.mark.parametrize("role", ["organiser", "owner"])
def test_organisers_see_access_needs_on_the_attendee_list_and_csv(
    role, request, workshop, registered
):
    client = client_for(request.getfixturevalue(role))
    html = client.get(reverse("workshops:attendees", args=[workshop.slug])).content.decode()
    assert "Step-free access" in html and NEED_TEXT in html
    response = client.get(reverse("workshops:attendees_csv", args=[workshop.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] == "Access needs"
    assert rows[1][rows[0].index("Name")] == "Nadia Needs"
    assert rows[1][-1] == f"Step-free access; Other: {NEED_TEXT}"


def test_admin_csv_action_exports_attendees_with_access_needs(workshop, registered, organiser):
    response = client_for(organiser).post(
        reverse("admin:workshops_workshop_changelist"),
        {"action": "export_attendees_csv", "_selected_action": [workshop.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert NEED_TEXT in response.content.decode()


@pytest.mark.parametrize("role", [None, "member", "pending", "suspended"])
def test_nobody_else_sees_access_needs_anywhere(role, request, workshop, registered):
    client = client_for(request.getfixturevalue(role) if role else None)
    for url in [
        workshop.get_absolute_url(),
        reverse("workshops:list"),
        reverse("workshops:attendees", args=[workshop.slug]),
        reverse("workshops:attendees_csv", args=[workshop.slug]),
        reverse("workshops:ics", args=[workshop.slug]),
    ]:
        response = client.get(url)
        assert response.status_code in (200, 302, 403)
        assert NEED_TEXT not in response.content.decode()


def test_member_sees_their_own_access_needs_to_change_them(workshop, registered):
    html = (
        client_for(registered)
        .get(reverse("workshops:register", args=[workshop.slug]))
        .content.decode()
    )
    assert NEED_TEXT in html


def test_csv_cells_cannot_run_as_spreadsheet_formulas(workshop, make_user, organiser):
    person = make_user(display_name="=HYPERLINK(evil)")
    services.register(workshop=workshop, member=person, access_needs_other="@SUM(1)")
    body = (
        client_for(organiser)
        .get(reverse("workshops:attendees_csv", args=[workshop.slug]))
        .content.decode()
    )
    assert "'=HYPERLINK(evil)" in body
    assert ",=" not in body


def test_purge_removes_access_needs_30_days_after_the_end_and_nothing_else(
    make_workshop, make_user, network
):
    now = timezone.now()
    old = make_workshop(title="Old", start=now - timedelta(days=32))  # ended 31+ days ago
    recent = make_workshop(title="Recent", start=now - timedelta(days=20))
    upcoming = make_workshop(title="Upcoming")
    for workshop in (old, recent):
        Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.COMPLETED)
    people = [make_user() for _ in range(3)]
    for n, workshop in enumerate((old, recent, upcoming)):
        Registration.objects.create(
            workshop=workshop,
            member=people[n],
            status=Registration.Status.CONFIRMED,
            queue_number=1,
            attended=True,
            access_needs=["quiet_space"],
            access_needs_other="Breaks every hour",
        )
    before = {
        r.pk: (r.status, r.attended, r.pool, r.queue_number) for r in Registration.objects.all()
    }

    assert purge_access_needs_job.call_local() == 1

    purged = Registration.objects.get(workshop=old)
    assert (purged.access_needs, purged.access_needs_other) == ([], "")
    for workshop in (recent, upcoming):
        kept = Registration.objects.get(workshop=workshop)
        assert (kept.access_needs, kept.access_needs_other) == (
            ["quiet_space"],
            "Breaks every hour",
        )
    # Nothing else about the registrations changed.
    after = {
        r.pk: (r.status, r.attended, r.pool, r.queue_number) for r in Registration.objects.all()
    }
    assert after == before

    # Running it again (hourly) changes nothing.
    assert purge_access_needs_job.call_local() == 0
