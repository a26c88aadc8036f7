"""A member's contribution record: what it shows (hours as the certificates count them,
roles, themes, quotes, outcomes), its download, and who may see it."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from library.models import Outcome
from members.gdpr import export
from members.models import Profile, RecordVisibility
from tests.conftest import client_for
from workshops.models import (
    Feedback,
    Registration,
    Session,
    SessionAttendance,
    ThemeProposal,
    Workshop,
)

pytestmark = pytest.mark.django_db


def past_workshop(title, *, days_ago=30, hours=3, status=Workshop.Status.COMPLETED, **fields):
    start = timezone.now() - timedelta(days=days_ago)
    return Workshop.objects.create(
        title=title,
        summary="Learning together.",
        start=start,
        end=start + timedelta(hours=hours),
        venue_name="Oxford House",
        capacity=20,
        status=status,
        **fields,
    )


def attend(workshop, person, *, attended=True):
    return Registration.objects.create(
        workshop=workshop,
        member=person,
        status=Registration.Status.CONFIRMED,
        queue_number=Registration.objects.filter(workshop=workshop).count() + 1,
        attended=attended,
    )


def record_url(person):
    return reverse("members:contributions", args=[person.pk])


def csv_url(person):
    return reverse("members:contributions_csv", args=[person.pk])


def share(person, visibility):
    Profile.objects.filter(user=person).update(contributions_visibility=visibility)


@pytest.fixture
def history(network, member):
    """Three hours at one workshop, one and a half at one session of a series (of two),
    nothing for a workshop missed or one cancelled."""
    single = past_workshop("Discharge conversations", days_ago=60, hours=3)
    attend(single, member)
    series = past_workshop("Standing panel", days_ago=40, hours=6, format=Workshop.Format.SERIES)
    first = Session.objects.create(
        workshop=series, start=series.start, end=series.start + timedelta(hours=1, minutes=30)
    )
    Session.objects.create(
        workshop=series,
        start=series.start + timedelta(days=14),
        end=series.start + timedelta(days=14, hours=1, minutes=30),
    )
    SessionAttendance.objects.create(session=first, registration=attend(series, member))
    attend(past_workshop("Missed it", days_ago=20), member, attended=False)
    attend(past_workshop("Called off", days_ago=10, status=Workshop.Status.CANCELLED), member)
    return {"single": single, "series": series}


def test_the_record_shows_each_attended_workshop_with_its_hours(history, member):
    response = client_for(member).get(record_url(member))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Discharge conversations" in text
    assert "Standing panel" in text
    assert "Missed it" not in text
    assert "Called off" not in text
    # 3 hours, and 1.5 of the series' 12: the sessions attended, as the certificate counts.
    assert "2 workshops, 4.50 hours in all" in text
    assert "<td>3.00</td>" in text
    assert "<td>1.50</td>" in text


def test_the_record_downloads_as_csv_with_the_same_hours(history, member):
    response = client_for(member).get(csv_url(member))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Contribution record", str(member)]
    assert ["Workshops attended"] in rows
    assert ["Workshop", "Date", "Sessions attended", "Hours"] in rows
    hours = {row[0]: row[3] for row in rows if len(row) == 4 and row[0] != "Workshop"}
    assert hours["Discharge conversations"] == "3.00"
    assert hours["Standing panel"] == "1.50"


def test_the_record_lists_roles_themes_quotes_and_what_they_led_to(network, member):
    facilitated = past_workshop("Co-facilitated session")
    facilitated.facilitators.add(member)
    theme = ThemeProposal.objects.create(
        workshop=facilitated, author=member, text="A ward round that listened", chosen=True
    )
    Feedback.objects.create(
        workshop=facilitated,
        member=member,
        usefulness=5,
        quote="It changed how our team plans.",
        quote_consent=True,
        quote_approved_at=timezone.now(),
        attribution=Feedback.Attribution.NAME,
    )
    outcome = Outcome.objects.create(
        title="New discharge leaflet", you_said="x", we_did="Rewrote it"
    )
    outcome.themes.add(theme)
    text = client_for(member).get(record_url(member)).content.decode()
    assert "Facilitator" in text
    assert "Co-facilitated session" in text
    assert "A ward round that listened" in text
    assert "It changed how our team plans." in text
    assert "New discharge leaflet" in text


def test_a_quote_published_anonymously_shows_only_to_its_author(network, member, make_user):
    share(member, RecordVisibility.MEMBERS)
    workshop = past_workshop("Anonymous voices")
    Feedback.objects.create(
        workshop=workshop,
        member=member,
        usefulness=4,
        quote="Nobody should know I said this.",
        quote_consent=True,
        quote_approved_at=timezone.now(),
        attribution=Feedback.Attribution.ANONYMOUS,
    )
    assert "Nobody should know" in client_for(member).get(record_url(member)).content.decode()
    other = client_for(make_user())
    assert "Nobody should know" not in other.get(record_url(member)).content.decode()
    assert "Nobody should know" not in other.get(csv_url(member)).content.decode()


def test_a_record_is_private_until_its_member_shares_it(history, member, make_user, client):
    assert Profile.objects.get(user=member).contributions_visibility == RecordVisibility.SELF
    stranger = client_for(make_user())
    for url in (record_url(member), csv_url(member)):
        assert stranger.get(url).status_code == 403
        assert client.get(url).status_code == 403
        assert "Discharge conversations" not in stranger.get(url).content.decode()
    refusal = stranger.get(record_url(member)).content.decode()
    assert f"{member} does not share their contribution record with you." in refusal


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [
        (RecordVisibility.EVERYONE, {"visitor": 200, "member": 200, "organiser": 200}),
        (RecordVisibility.MEMBERS, {"visitor": 403, "member": 200, "organiser": 200}),
        (RecordVisibility.ORGANISERS, {"visitor": 403, "member": 403, "organiser": 200}),
        (RecordVisibility.SELF, {"visitor": 403, "member": 403, "organiser": 403}),
    ],
)
def test_who_sees_a_record_is_the_members_choice(
    history, member, make_user, organiser, client, visibility, expected
):
    share(member, visibility)
    viewers = {
        "visitor": client,
        "member": client_for(make_user()),
        "organiser": client_for(organiser),
    }
    got = {role: viewers[role].get(record_url(member)).status_code for role in expected}
    assert got == expected
    got_csv = {role: viewers[role].get(csv_url(member)).status_code for role in expected}
    assert got_csv == expected
    assert client_for(member).get(record_url(member)).status_code == 200


def test_nobody_learns_of_a_person_they_may_not_see(network, make_user, client):
    applicant = make_user(state=Profile.State.PENDING)
    share(applicant, RecordVisibility.EVERYONE)
    assert client.get(record_url(applicant)).status_code == 404
    assert client_for(make_user()).get(csv_url(applicant)).status_code == 404
    assert client.get(reverse("members:contributions", args=[999999])).status_code == 404


def test_the_member_chooses_who_sees_the_record_on_their_profile_form(network, member):
    form = client_for(member).get(reverse("members:edit_profile")).content.decode()
    assert 'name="contributions_visibility"' in form
    data = {
        "display_name": str(member),
        "expertise_visibility": "members",
        "organisation_visibility": "members",
        "area_visibility": "members",
        "bio_visibility": "members",
        "website_visibility": "members",
        "contributions_visibility": "everyone",
    }
    response = client_for(member).post(reverse("members:edit_profile"), data)
    assert response.status_code == 302
    assert Profile.objects.get(user=member).contributions_visibility == "everyone"


def _queries(person) -> int:
    viewer = client_for(person)
    viewer.get(record_url(person))  # the session and the network record, warmed
    with CaptureQueriesContext(connection) as queries:
        assert viewer.get(record_url(person)).status_code == 200
    return len(queries)


def test_the_record_reads_the_same_number_of_queries_for_one_workshop_or_many(network, make_user):
    one, many = make_user(), make_user()
    attend(past_workshop("Only one"), one)
    for n in range(6):
        workshop = past_workshop(f"One of many {n}", days_ago=10 + n)
        attend(workshop, many)
        workshop.facilitators.add(many)
        ThemeProposal.objects.create(workshop=workshop, author=many, text=f"Theme {n}")
    assert _queries(one) == _queries(many)


def test_the_data_download_says_who_sees_the_record(network, member):
    share(member, RecordVisibility.ORGANISERS)
    member.refresh_from_db()
    assert export(member)["profile"]["visibility"]["contribution_record"] == "organisers"
