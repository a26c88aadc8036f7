"""Every members page and action, for each role: a refusal is a 403 or a redirect to
sign in, never a 500."""

import pytest

from members.models import ModerationAction, Profile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "pending", "member", "organiser", "owner", "suspended"]
LOGIN = "login"  # a redirect to the sign-in page
OK = 200

# url -> expected outcome per role, in ROLES order.
PAGES = {
    "/members/": [OK, OK, OK, OK, OK, 403],
    "/members/me/edit/": [LOGIN, 403, OK, OK, OK, 403],
    "/members/me/picture/": [LOGIN, 403, OK, OK, OK, 403],
    "/members/me/notifications/": [LOGIN, OK, OK, OK, OK, OK],
    "/members/me/membership/": [LOGIN, OK, OK, OK, OK, OK],
    "/members/me/data/": [LOGIN, OK, OK, OK, OK, OK],
    "/members/me/data/download/": [LOGIN, OK, OK, OK, OK, OK],
    "/members/me/delete/": [LOGIN, OK, OK, OK, 403, OK],
    "/members/me/leave/": [LOGIN, OK, OK, OK, 403, OK],
    "/members/invite/": [LOGIN, 403, OK, OK, OK, 403],
    "/members/pending/": [LOGIN, 403, 403, OK, OK, 403],
    "/members/broadcast/": [LOGIN, 403, 403, OK, OK, 403],
    "/members/{subject}/moderate/": [LOGIN, 403, 403, OK, OK, 403],
    "/members/{subject}/": [OK, OK, OK, OK, OK, OK],
}


@pytest.fixture
def everyone(network, terms, pending, member, organiser, owner, suspended, make_user):
    people = {
        "anonymous": None,
        "pending": pending,
        "member": member,
        "organiser": organiser,
        "owner": owner,
        "suspended": suspended,
    }
    people["subject"] = make_user(display_name="Sam Subject")
    return people


def _assert_outcome(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    else:
        assert response.status_code == expected, (url, response.status_code)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_page_outcome_for_role(everyone, role, url):
    expected = PAGES[url][ROLES.index(role)]
    address = url.format(subject=everyone["subject"].pk)
    response = client_for(everyone[role]).get(address)
    _assert_outcome(response, expected, address)


@pytest.mark.parametrize("role", ROLES)
def test_my_page_redirects_to_own_profile_or_membership_status(everyone, role):
    response = client_for(everyone[role]).get("/members/me/")
    if role == "anonymous":
        _assert_outcome(response, LOGIN, "/members/me/")
    elif role in ("pending", "suspended"):
        assert response["Location"] == "/members/me/membership/"
    else:
        assert response["Location"] == f"/members/{everyone[role].pk}/"


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", LOGIN),
        ("pending", 403),
        ("member", 403),
        ("suspended", 403),
        ("organiser", 302),
        ("owner", 302),
    ],
)
def test_approving_an_applicant(everyone, applicant, role, expected):
    response = client_for(everyone[role]).post(f"/members/pending/{applicant.pk}/approve/")
    _assert_outcome(response, expected, "approve")
    applicant.profile.refresh_from_db()
    approved = applicant.profile.state == Profile.State.ACTIVE
    assert approved == (expected == 302)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", LOGIN),
        ("pending", 403),
        ("member", 403),
        ("suspended", 403),
        ("organiser", 302),
        ("owner", 302),
    ],
)
def test_declining_an_applicant(everyone, applicant, role, expected):
    response = client_for(everyone[role]).post(
        f"/members/pending/{applicant.pk}/decline/", {"message": "Not this time."}
    )
    _assert_outcome(response, expected, "decline")
    applicant.profile.refresh_from_db()
    assert (applicant.profile.state == Profile.State.DECLINED) == (expected == 302)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", LOGIN),
        ("pending", 403),
        ("member", 403),
        ("suspended", 403),
        ("organiser", 302),
        ("owner", 302),
    ],
)
def test_suspending_a_member(everyone, role, expected):
    subject = everyone["subject"]
    response = client_for(everyone[role]).post(
        f"/members/{subject.pk}/moderate/", {"action": "suspend", "reason": "Spam links."}
    )
    _assert_outcome(response, expected, "suspend")
    subject.profile.refresh_from_db()
    assert (subject.profile.state == Profile.State.SUSPENDED) == (expected == 302)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", LOGIN),
        ("pending", 403),
        ("member", 403),
        ("suspended", 403),
        ("organiser", 403),
        ("owner", 302),
    ],
)
def test_promoting_to_organiser_is_for_the_owner_only(everyone, role, expected):
    subject = everyone["subject"]
    response = client_for(everyone[role]).post(
        f"/members/{subject.pk}/moderate/", {"action": "promote"}
    )
    _assert_outcome(response, expected, "promote")
    promoted = subject.groups.filter(name="Organisers").exists()
    assert promoted == (expected == 302)
    assert ModerationAction.objects.filter(kind="promote").exists() == (expected == 302)


def test_nobody_can_moderate_the_owner(everyone):
    response = client_for(everyone["organiser"]).post(
        f"/members/{everyone['owner'].pk}/moderate/", {"action": "suspend", "reason": "x"}
    )
    assert response.status_code == 403


def test_pending_profile_is_hidden_from_other_members(everyone):
    response = client_for(everyone["member"]).get(f"/members/{everyone['pending'].pk}/")
    assert response.status_code == 404


def test_members_only_network_hides_profiles_from_visitors_and_applicants(everyone, members_only):
    url = f"/members/{everyone['subject'].pk}/"
    _assert_outcome(client_for(None).get(url), LOGIN, url)
    assert client_for(everyone["pending"]).get(url).status_code == 403
    assert client_for(everyone["member"]).get(url).status_code == 200
    # An applicant can still see where their application stands.
    assert client_for(everyone["pending"]).get("/members/me/membership/").status_code == 200
