"""Role matrix: every workshops URL and action for each role.

Refusals are a redirect to sign in (visitors) or 403 (signed in but not
allowed) — never a 500.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Profile
from tests.conftest import client_for
from workshops.models import Feedback, Registration, ThemeProposal, Workshop

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "pending", "member", "organiser", "owner", "suspended"]
OK = "ok"  # 200, or a redirect back into the site after a POST
LOGIN = "login"
DENIED = 403

PARTICIPANT = {
    "anonymous": LOGIN,
    "pending": DENIED,
    "member": OK,
    "organiser": OK,
    "owner": OK,
    "suspended": DENIED,
}
ORGANISER_ONLY = {**PARTICIPANT, "member": DENIED}
EVERYONE = dict.fromkeys(ROLES, OK)


@pytest.fixture
def people(member, pending, organiser, owner, suspended):
    return {
        "anonymous": None,
        "pending": pending,
        "member": member,
        "organiser": organiser,
        "owner": owner,
        "suspended": suspended,
    }


@pytest.fixture
def scene(make_workshop, people, network):
    """An upcoming workshop with everyone registered, and a completed one they attended."""
    upcoming = make_workshop(title="Upcoming", capacity=20)
    past_start = timezone.now() - timedelta(days=3)
    completed = make_workshop(
        title="Completed", start=past_start, status=Workshop.Status.COMPLETED, capacity=20
    )
    n = 0
    for user in people.values():
        if user is None:
            continue
        for workshop in (upcoming, completed):
            n += 1
            Registration.objects.create(
                workshop=workshop,
                member=user,
                status=Registration.Status.CONFIRMED,
                queue_number=n,
                attended=workshop is completed,
            )
    proposal = ThemeProposal.objects.create(
        workshop=upcoming, author=people["owner"], text="A discharge conversation"
    )
    return {"upcoming": upcoming, "completed": completed, "proposal": proposal}


def _actions(scene):
    up, done, proposal = scene["upcoming"], scene["completed"], scene["proposal"]
    return [
        ("GET", reverse("workshops:list"), EVERYONE),
        ("GET", reverse("workshops:past"), EVERYONE),
        ("GET", reverse("workshops:detail", args=[up.slug]), EVERYONE),
        ("GET", reverse("workshops:detail", args=[done.slug]), EVERYONE),
        ("GET", reverse("workshops:ics", args=[up.slug]), EVERYONE),
        ("GET", reverse("workshops:upcoming_ics"), EVERYONE),
        ("GET", reverse("workshops:register", args=[up.slug]), PARTICIPANT),
        ("POST", reverse("workshops:register", args=[up.slug]), PARTICIPANT),
        ("GET", reverse("workshops:cancel", args=[up.slug]), PARTICIPANT),
        ("GET", reverse("workshops:my_calendar"), PARTICIPANT),
        ("POST", reverse("workshops:my_calendar"), PARTICIPANT),
        ("GET", reverse("workshops:themes", args=[up.slug]), PARTICIPANT),
        ("POST", reverse("workshops:themes", args=[up.slug]), PARTICIPANT),
        (
            "POST",
            reverse("workshops:support_theme", args=[up.slug, proposal.pk]),
            PARTICIPANT,
        ),
        (
            "POST",
            reverse("workshops:choose_theme", args=[up.slug, proposal.pk]),
            ORGANISER_ONLY,
        ),
        ("GET", reverse("workshops:feedback", args=[done.slug]), PARTICIPANT),
        ("POST", reverse("workshops:feedback", args=[done.slug]), PARTICIPANT),
        ("GET", reverse("workshops:attendees", args=[up.slug]), ORGANISER_ONLY),
        ("GET", reverse("workshops:attendees_csv", args=[up.slug]), ORGANISER_ONLY),
        ("POST", reverse("workshops:cancel", args=[up.slug]), PARTICIPANT),
    ]


POST_DATA = {
    "text": "A care-plan review nobody explained",
    "usefulness": "4",
    "attribution": "anonymous",
}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_every_workshops_url_and_action(role, people, scene):
    client = client_for(people[role])
    for method, url, expected in _actions(scene):
        response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
        want = expected[role]
        where = f"{role} {method} {url}"
        if want == LOGIN:
            assert response.status_code == 302, where
            assert response["Location"].startswith(reverse("account_login")), where
        elif want == DENIED:
            assert response.status_code == 403, where
        else:
            assert response.status_code in (200, 302), where
            if response.status_code == 302:
                assert not response["Location"].startswith(reverse("account_login")), where


@pytest.mark.parametrize("role", ["anonymous", "pending", "suspended"])
def test_members_only_network_hides_workshop_pages_but_not_the_private_feed(
    role, people, scene, members_only
):
    client = client_for(people[role])
    response = client.get(reverse("workshops:detail", args=[scene["upcoming"].slug]))
    assert response.status_code == (302 if role == "anonymous" else 403)
    token = people["member"].profile.calendar_token
    feed = client.get(reverse("workshops:private_feed", args=[token]))
    assert feed.status_code == 200
    assert b"BEGIN:VCALENDAR" in feed.content


def test_member_who_is_not_registered_cannot_see_or_propose_themes(make_user, scene):
    outsider = client_for(make_user())
    url = reverse("workshops:themes", args=[scene["upcoming"].slug])
    assert outsider.get(url).status_code == 403
    assert outsider.post(url, {"text": "Something long enough"}).status_code == 403
    assert ThemeProposal.objects.count() == 1


def test_member_who_did_not_attend_cannot_give_feedback(make_user, scene):
    absent = make_user()
    Registration.objects.create(
        workshop=scene["completed"],
        member=absent,
        status=Registration.Status.CONFIRMED,
        queue_number=99,
        attended=False,
    )
    response = client_for(absent).post(
        reverse("workshops:feedback", args=[scene["completed"].slug]), POST_DATA
    )
    assert response.status_code == 403
    assert not Feedback.objects.filter(member=absent).exists()


def test_suspended_member_is_refused_registration_even_for_a_free_workshop(
    suspended, make_workshop, network
):
    workshop = make_workshop()
    response = client_for(suspended).post(reverse("workshops:register", args=[workshop.slug]))
    assert response.status_code == 403
    assert not Registration.objects.exists()
    assert suspended.profile.state == Profile.State.SUSPENDED
