"""Hybrid workshops: in person and online, the venue and the joining link each shown where
they apply, the link still only to people with a confirmed place."""

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import client_for
from workshops import services
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/hybrid-room"


@pytest.fixture
def hybrid(make_workshop, network):
    return make_workshop(
        title="Hybrid panel",
        attendance=Workshop.Attendance.HYBRID,
        venue_name="Oxford House",
        joining_link=LINK,
        capacity=1,
    )


def test_a_hybrid_workshop_shows_the_venue_to_all_and_the_link_only_to_confirmed_people(
    hybrid, make_user, client
):
    confirmed, waiting = make_user(), make_user()
    services.register(workshop=hybrid, member=confirmed)
    services.register(workshop=hybrid, member=waiting)

    pages = {
        "visitor": client.get(hybrid.get_absolute_url()),
        "waiting": client_for(waiting).get(hybrid.get_absolute_url()),
        "confirmed": client_for(confirmed).get(hybrid.get_absolute_url()),
    }
    for who, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, who
        assert "Hybrid: come in person or join online." in html, who
        assert "In person: Oxford House" in html, who
    assert LINK not in pages["visitor"].content.decode()
    assert LINK not in pages["waiting"].content.decode()
    assert "people with a confirmed place see the joining link here" in (
        pages["waiting"].content.decode()
    )
    assert f'<a href="{LINK}"' in pages["confirmed"].content.decode()


def test_the_calendar_and_reminder_of_a_hybrid_workshop_give_both(hybrid, make_user, client):
    ics = client.get(f"{hybrid.get_absolute_url()}calendar.ics").content.decode()
    assert "LOCATION:Oxford House" in ics and "(or online)" in ics
    assert LINK not in ics  # the public file has no joining link


def test_an_online_workshop_with_a_venue_is_refused_rather_than_hiding_the_venue(hybrid):
    hybrid.attendance = Workshop.Attendance.ONLINE
    with pytest.raises(ValidationError) as refused:
        hybrid.full_clean()
    assert "choose hybrid" in str(refused.value)


def test_the_online_filter_lists_hybrid_workshops_too(hybrid, make_workshop, client):
    make_workshop(title="Only in the room")
    html = client.get("/workshops/?online=yes").content.decode()
    assert "Hybrid panel" in html and "Only in the room" not in html
    html = client.get("/workshops/?online=no").content.decode()
    assert "Hybrid panel" in html and "Only in the room" in html
