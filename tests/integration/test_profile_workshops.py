"""A profile lists the workshops its member facilitates; the member's own
registrations appear only on their own page (they can reveal health matters)."""

import pytest

from tests.conftest import client_for
from workshops import services

pytestmark = pytest.mark.django_db


def test_profile_shows_facilitated_workshops_to_everyone(
    network, organiser, member, make_workshop, client
):
    workshop = make_workshop(title="Discharge conversations")
    workshop.facilitators.add(organiser)

    html = client.get(f"/members/{organiser.pk}/").content.decode()

    assert "Facilitating" in html and "Discharge conversations" in html


def test_own_registrations_are_shown_only_to_the_member(
    network, terms, member, make_user, make_workshop
):
    workshop = make_workshop(title="Living with diabetes: a live case study")
    services.register(workshop=workshop, member=member)
    other = make_user()

    own_page = client_for(member).get(f"/members/{member.pk}/").content.decode()
    seen_by_other = client_for(other).get(f"/members/{member.pk}/").content.decode()

    assert "Living with diabetes" in own_page
    assert "Only you see this list." in own_page
    assert "Living with diabetes" not in seen_by_other
