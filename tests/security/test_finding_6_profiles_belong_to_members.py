"""Issue 12, finding 6: profiles belong to their members. Staff (the owner included) cannot
rewrite another person's profile in the admin; moderators hide it instead, which is
logged and the member is told; nobody moderates the owner."""

import pytest
from django.core import mail

from members.models import ModerationAction, Profile, Visibility
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PHISHING = "https://phish.example/login"
CHANGELIST = "/admin/members/profile/"


def change_url(user) -> str:
    return f"/admin/members/profile/{user.profile.pk}/change/"


@pytest.fixture
def writer(network, terms, make_user):
    """A member whose profile shows everyone a phishing link."""
    return make_user(
        display_name="Wren Writer",
        bio=f"Sign in again at {PHISHING} to keep your membership.",
        bio_visibility=Visibility.EVERYONE,
        website=PHISHING,
        website_visibility=Visibility.EVERYONE,
        organisation="Phish Ltd",
        organisation_visibility=Visibility.EVERYONE,
    )


def edit(user, **changes) -> dict:
    profile = user.profile
    data = {
        "pronouns": profile.pronouns,
        "expertise": "[]",
        "expertise_other": "",
        "organisation": profile.organisation,
        "area": "",
        "topics": "",
        "why_join": "",
        "bio": profile.bio,
        "website": profile.website,
        "organisation_visibility": profile.organisation_visibility,
        "area_visibility": profile.area_visibility,
        "bio_visibility": profile.bio_visibility,
        "website_visibility": profile.website_visibility,
        "expertise_visibility": profile.expertise_visibility,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("staff", ["organiser", "owner"])
def test_staff_cannot_rewrite_another_members_profile_in_the_admin(
    request, writer, organiser, owner, staff
):
    client = client_for(request.getfixturevalue(staff))

    page = client.get(change_url(writer))
    posted = client.post(change_url(writer), edit(writer, bio=f"Now it says {PHISHING}2"))

    assert page.status_code == 200
    assert 'name="bio"' not in page.content.decode()
    assert 'name="website"' not in page.content.decode()
    assert posted.status_code == 403
    writer.profile.refresh_from_db()
    assert writer.profile.bio == f"Sign in again at {PHISHING} to keep your membership."


def test_organisers_cannot_rewrite_the_owners_profile(network, organiser, owner):
    page = client_for(organiser).get(change_url(owner))
    posted = client_for(organiser).post(change_url(owner), edit(owner, bio=f"Visit {PHISHING}"))

    assert 'name="bio"' not in page.content.decode()
    assert posted.status_code == 403
    owner.profile.refresh_from_db()
    assert PHISHING not in owner.profile.bio


def test_the_owner_still_edits_their_own_profile_in_the_admin(network, owner):
    client = client_for(owner)

    assert 'name="bio"' in client.get(change_url(owner)).content.decode()
    client.post(change_url(owner), edit(owner, bio="I look after the network."))

    owner.profile.refresh_from_db()
    assert owner.profile.bio == "I look after the network."


def test_moderators_hide_profile_text_with_a_reason_which_is_logged_and_told(
    client, writer, organiser
):
    admin = client_for(organiser)
    asked = admin.post(
        CHANGELIST, {"action": "hide_text_selected", "_selected_action": [writer.profile.pk]}
    )
    assert asked.status_code == 200
    assert "Hide profile text" in asked.content.decode()

    admin.post(
        CHANGELIST,
        {
            "action": "hide_text_selected",
            "_selected_action": [writer.profile.pk],
            "apply": "1",
            "reason": "A phishing link.",
        },
    )

    action = ModerationAction.objects.get(kind="hide_text")
    assert (action.actor, action.subject, action.reason) == (organiser, writer, "A phishing link.")
    assert mail.outbox[-1].to == [writer.email]
    assert "Why: A phishing link." in mail.outbox[-1].body
    for viewer in (client, client_for(organiser)):
        page = viewer.get(f"/members/{writer.pk}/").content.decode()
        assert "This member's profile text is hidden by the moderators." in page
        assert "phish" not in page.lower()
    directory = client.get("/members/").content.decode()
    assert "Wren Writer" in directory and "Phish Ltd" not in directory
    # Nothing they wrote was changed: they still see it, with why it is hidden.
    own = client_for(writer).get(f"/members/{writer.pk}/").content.decode()
    assert "The moderators have hidden your About text" in own
    assert PHISHING in own


def test_hidden_text_is_shown_again_by_a_logged_action(client, writer, organiser):
    admin = client_for(organiser)
    form = {"_selected_action": [writer.profile.pk], "apply": "1", "reason": "A phishing link."}
    admin.post(CHANGELIST, {"action": "hide_text_selected", **form})

    admin.post(CHANGELIST, {"action": "show_text_selected", **form})

    assert PHISHING in client.get(f"/members/{writer.pk}/").content.decode()
    kinds = list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["hide_text", "show_text"]


def test_organisers_can_never_hide_the_owners_text_or_their_own(client, network, organiser, owner):
    Profile.objects.filter(user=owner).update(
        bio="I look after the network.", bio_visibility=Visibility.EVERYONE
    )
    selected = [owner.profile.pk, organiser.profile.pk]

    asked = client_for(organiser).post(
        CHANGELIST, {"action": "hide_text_selected", "_selected_action": selected}
    )
    client_for(organiser).post(
        CHANGELIST,
        {"action": "hide_text_selected", "_selected_action": selected, "apply": "1", "reason": "x"},
    )

    assert "None of the selected people can be acted on" in asked.content.decode()
    assert not ModerationAction.objects.exists()
    assert mail.outbox == []
    assert "I look after the network." in client.get(f"/members/{owner.pk}/").content.decode()
