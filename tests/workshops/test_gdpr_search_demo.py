"""Personal data export/erase, search, and the demo seed."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import client_for
from workshops import gdpr, services
from workshops.demo import SEED_QUOTES
from workshops.models import Feedback, Registration, SessionPlace, ThemeProposal, Workshop
from workshops.search import search_workshops

pytestmark = pytest.mark.django_db


def test_export_holds_registrations_access_needs_themes_and_feedback(
    make_workshop, make_user, network
):
    workshop = make_workshop(title="Exported")
    person = make_user()
    services.register(workshop=workshop, member=person, access_needs=["dietary"])
    ThemeProposal.objects.create(workshop=workshop, author=person, text="My theme")
    data = gdpr.export(person)
    json.dumps(data)  # serialisable
    assert data["registrations"][0]["workshop"] == "Exported"
    assert data["registrations"][0]["access_needs"] == ["Dietary needs"]
    assert data["theme_proposals"] == [
        {"workshop": "Exported", "text": "My theme", "chosen": False}
    ]


def test_erase_cancels_future_places_promotes_the_waiting_list_and_anonymises_feedback(
    make_workshop, make_user, network
):
    future = make_workshop(capacity=1)
    past = make_workshop(start=timezone.now() - timedelta(days=3), status=Workshop.Status.COMPLETED)
    leaving, waiting = make_user(display_name="Leaving Person"), make_user()
    services.register(workshop=future, member=leaving, access_needs=["quiet_space"])
    services.register(workshop=future, member=waiting)
    Registration.objects.create(
        workshop=past,
        member=leaving,
        status=Registration.Status.CONFIRMED,
        queue_number=1,
        attended=True,
        access_needs=["dietary"],
    )
    Feedback.objects.create(
        workshop=past,
        member=leaving,
        usefulness=4,
        quote="Good day",
        quote_consent=True,
        attribution=Feedback.Attribution.NAME,
        attribution_text="Leaving Person",
        quote_approved_at=timezone.now(),
    )

    gdpr.erase(leaving)

    assert Registration.objects.get(workshop=future, member=leaving).status == "cancelled"
    assert Registration.objects.get(member=waiting).status == "confirmed"
    assert not Registration.objects.filter(member=leaving).exclude(access_needs=[]).exists()
    item = Feedback.objects.get()
    assert item.member is None
    assert item.attribution_text == "A workshop participant"
    assert "Leaving Person" not in json.dumps(gdpr.export(leaving))


def test_search_finds_workshops_by_title_summary_and_description_best_first(
    make_workshop, network, member
):
    make_workshop(title="Care plans", summary="About discharge")
    make_workshop(title="Discharge conversations")
    make_workshop(title="Other", description="Nothing related")
    make_workshop(title="Discharge, cancelled", status=Workshop.Status.CANCELLED)
    results = [w.title for w in search_workshops("discharge", member)]
    assert results == ["Discharge conversations", "Care plans"]
    assert list(search_workshops("", member)) == []


def test_search_shows_nothing_to_visitors_of_a_members_only_network(
    make_workshop, members_only, client
):
    from django.contrib.auth.models import AnonymousUser

    make_workshop(title="Hidden discharge")
    assert list(search_workshops("discharge", AnonymousUser())) == []


def test_seed_demo_adds_the_pilots_quotes_and_five_upcoming_and_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    # Beside the pilots, paid involvement's demo has two recent review panels of its own
    # (involvement/demo.py, tested in tests/involvement).
    past = Workshop.objects.past().exclude(slug__startswith="demo-review-panel-")
    assert past.count() == 3
    assert set(past.values_list("borough", flat=True)) <= {
        "tower-hamlets",
        "newham",
        "hackney",
    }
    assert {w.format for w in past} == {"short", "long"}
    quotes = list(Feedback.objects.published_quotes().values_list("quote", flat=True))
    assert sorted(quotes) == sorted(SEED_QUOTES)
    upcoming = list(Workshop.objects.upcoming().with_counts())
    assert len(upcoming) == 5
    assert any(w.is_online and w.joining_link for w in upcoming)
    assert any(w.is_hybrid and w.venue_name and w.joining_link for w in upcoming)
    (panel,) = [w for w in upcoming if w.registers_per_session]
    sessions = list(panel.sessions.all())
    assert len(sessions) == 6
    days = [timezone.localtime(s.start).date() for s in sessions]
    assert [b - a for a, b in zip(days, days[1:], strict=False)] == [timedelta(weeks=2)] * 5
    # Run twice, still one place each: Amina holds the first two sessions.
    assert SessionPlace.objects.filter(member__email="amina@demo.network").count() == 2
    assert any(w.reserved_places and not w.waiting_count for w in upcoming)
    nearly_full = [w for w in upcoming if w.waiting_count]
    assert len(nearly_full) == 1 and nearly_full[0].places_left <= 2
    html = client_for(None).get("/").content.decode()
    assert "We want more health professionals to be like that!" in html


def test_a_workshop_is_found_by_its_new_title_as_soon_as_it_is_renamed(
    make_workshop, network, member
):
    workshop = make_workshop(title="Discharge conversations")
    workshop.title = "Leaving hospital well"
    workshop.save()
    assert [w.title for w in search_workshops("hospital", member)] == ["Leaving hospital well"]
    assert list(search_workshops("discharge", member)) == []
