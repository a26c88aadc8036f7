"""`manage.py seed_demo` builds the demo network from the seed page, and can be
run again and again (make run does, every time)."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from members.models import Profile
from network.demo import DEMO_PASSWORD
from network.models import Network, TermsVersion


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        "users": get_user_model().objects.count(),
        "profiles": Profile.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "networks": Network.objects.count(),
        "terms": TermsVersion.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    seed()
    first = counts()

    seed()

    assert counts() == first
    assert first["networks"] == 1
    assert first["terms"] == 1
    # Each later feature adds its own demo people; every one has a profile and address.
    assert first["users"] == first["profiles"] == first["addresses"] >= 5


@pytest.mark.django_db
def test_seed_demo_builds_the_network_from_the_seed_page():
    seed()

    network = Network.objects.get()
    assert network.name == "Co-production practitioners network"
    assert network.tagline == "A network for co-production practitioners"
    assert network.creator_name == "Lucie Stephens"
    assert network.owner.is_superuser
    assert network.contact_email == "Edward@involve.org.uk"
    assert "<h2>Our aims</h2>" in network.about_html
    assert "co-productive learning workshops in London" in network.about_html
    assert "<h2>Who the network is for</h2>" in network.about_html
    assert network.safeguarding_lead_email.endswith("@demo.network")
    assert TermsVersion.objects.current().version == "1.0"


@pytest.mark.django_db
def test_seed_demo_creates_a_person_for_each_role_who_can_sign_in():
    output = seed()

    assert f"Demo sign-ins (password for all: {DEMO_PASSWORD})" in output
    states = {
        "owner": Profile.State.ACTIVE,
        "organiser": Profile.State.ACTIVE,
        "member": Profile.State.ACTIVE,
        "pending": Profile.State.PENDING,
        "suspended": Profile.State.SUSPENDED,
    }
    for role, state in states.items():
        email = next(
            line.split()[1] for line in output.splitlines() if line.strip().startswith(role + " ")
        )
        user = get_user_model().objects.get(email=email)
        assert user.profile.state == state
        assert Client().login(email=email, password=DEMO_PASSWORD)
    organiser = get_user_model().objects.get(email="edward@demo.network")
    assert organiser.is_staff
    assert organiser.groups.filter(name="Organisers").exists()


@pytest.mark.django_db
def test_seed_demo_keeps_the_owners_choices_of_visibility_and_join_policy():
    seed()
    Network.objects.update(
        visibility=Network.Visibility.MEMBERS_ONLY, join_policy=Network.JoinPolicy.OPEN
    )

    seed()

    network = Network.objects.get()
    assert network.visibility == Network.Visibility.MEMBERS_ONLY
    assert network.join_policy == Network.JoinPolicy.OPEN


@pytest.mark.django_db
def test_demo_site_serves_the_about_page_from_the_seed(client):
    seed()

    page = client.get("/about/").content.decode()

    assert "Co-production recognises all forms of expertise" in page
    assert "Created by Lucie Stephens." in page
