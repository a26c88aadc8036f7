"""An organiser's powers follow their standing, at once: suspended, gone or erased, they
keep the Organisers group and staff status (so reinstating gives everything back), yet
the site, its previews and the admin treat them as the member they now are.

(Every page and admin page for these people is in test_access_matrix.py; here are the
journeys: an open admin session when the suspension lands, previewing and publishing a
draft, and who hears about applicants.)"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import gdpr, membership, moderation
from members.models import Profile
from members.roles import ORGANISER_PERMISSIONS, is_organiser, standing
from network.blog.models import Post
from network.models import Network
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _publish(client, post):
    """The admin's change form for `post`, saved as published."""
    return client.post(
        reverse("admin:blog_post_change", args=[post.pk]),
        {
            "title": post.title,
            "slug": post.slug,
            "body": post.body,
            "excerpt": "",
            "cover_alt": "",
            "status": "published",
            "publish_at_0": timezone.localtime(post.publish_at).strftime("%Y-%m-%d"),
            "publish_at_1": timezone.localtime(post.publish_at).strftime("%H:%M:%S"),
            "comments_open": "on",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )


def _suspend(owner, user):
    moderation.suspend(actor=owner, profile=user.profile, reason="Shared access needs.")


def test_an_organiser_previews_and_publishes_a_draft(organiser, draft):
    client = client_for(organiser)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert _publish(client, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED


def test_a_suspended_organiser_can_neither_preview_nor_publish_until_reinstated(
    owner, organiser, draft
):
    client = client_for(organiser)
    _suspend(owner, organiser)

    assert client.get(draft.get_absolute_url()).status_code == 404
    refused = _publish(client, draft)
    assert refused.status_code == 403
    assert "while they are active members" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT

    moderation.reinstate(actor=owner, profile=organiser.profile)

    assert client.get(draft.get_absolute_url()).status_code == 200
    assert _publish(client, draft).status_code == 302


@pytest.mark.parametrize("cache", ["per-process", "shared"])
def test_a_suspension_closes_an_open_admin_session_on_its_next_request(
    request, owner, organiser, cache
):
    if cache == "shared":
        request.getfixturevalue("shared_cache")  # signed-in users are cached in Redis
    client = client_for(organiser)
    assert client.get("/admin/blog/post/").status_code == 200
    assert client.get("/admin/members/profile/").status_code == 200

    _suspend(owner, organiser)

    for path in ("/admin/", "/admin/blog/post/", "/admin/members/profile/"):
        assert client.get(path).status_code == 403, path
    assert client.get("/members/pending/").status_code == 403


def test_leaving_the_network_closes_the_admin_and_previews(organiser, draft):
    client = client_for(organiser)
    membership.leave(user=organiser)

    assert client.get("/admin/").status_code == 403
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_erasure_ends_the_session_and_the_staff_status(organiser, draft):
    client = client_for(organiser)
    gdpr.erase(organiser)

    response = client.get("/admin/blog/post/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get(draft.get_absolute_url()).status_code == 404
    organiser.refresh_from_db()
    assert (organiser.is_staff, organiser.is_active, organiser.groups.count()) == (False, False, 0)


def test_an_organiser_out_of_good_standing_holds_no_permission_and_is_no_organiser(
    owner, organiser, make_user
):
    def fresh():
        return type(organiser).objects.get(pk=organiser.pk)

    assert is_organiser(fresh()) and standing(fresh()).organiser
    assert all(fresh().has_perm(perm) for perm in ORGANISER_PERMISSIONS)

    for state in (Profile.State.SUSPENDED, Profile.State.LEFT, Profile.State.PENDING):
        Profile.objects.filter(user=organiser).update(state=state)
        user = fresh()
        assert not is_organiser(user), state
        assert standing(user).organiser is False, state
        assert [p for p in ORGANISER_PERMISSIONS if user.has_perm(p)] == [], state
        assert user.get_all_permissions() == set(), state

    Profile.objects.filter(user=organiser).update(state=Profile.State.ACTIVE)
    assert is_organiser(fresh()) and all(fresh().has_perm(p) for p in ORGANISER_PERMISSIONS)


def test_a_suspended_organiser_hears_nothing_about_new_applicants(
    network, owner, organiser, make_user
):
    other = make_user(display_name="Ola Other-Organiser")
    other.groups.add(*organiser.groups.all())
    _suspend(owner, organiser)
    network.join_policy = Network.JoinPolicy.APPROVAL
    network.save()
    applicant = make_user(state=Profile.State.PENDING, display_name="Ada Applicant")
    Profile.objects.filter(user=applicant).update(applied_at=None)
    mail.outbox.clear()

    membership.apply_join_policy(user=applicant)

    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted([owner.email, other.email])
    assert list(membership.approvers()) == sorted([owner, other], key=lambda user: user.pk)


def test_a_suspension_that_runs_out_gives_the_admin_back(owner, organiser):
    client = client_for(organiser)
    moderation.suspend(
        actor=owner,
        profile=organiser.profile,
        reason="A week off.",
        until=timezone.now() - timedelta(minutes=1),
    )
    # The member's first visit after the end date reinstates them (members.backends).
    assert client.get("/admin/").status_code == 200
