"""The comment permalink redirect (django-comments' `comments-url-redirect`, used by
the admin's "view on site" for comments) goes only to posts the viewer may read.

Mounted as Django's generic contenttypes `shortcut`, it redirected anyone to the
`get_absolute_url()` of any object of any model: an invitation's secret sign-up
link, or a draft's title-derived address."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from members.models import Invitation
from network.blog.models import Post
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _redirect_url(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("comments-url-redirect", args=[content_type.pk, str(obj.pk)])


def test_a_visitor_cannot_learn_an_invitation_link_through_the_comment_redirect(world):
    invitation = Invitation.objects.get()

    response = client_for(None).get(_redirect_url(invitation))

    assert response.status_code == 404
    assert invitation.token not in response.get("Location", "")
    assert invitation.token not in response.content.decode()


@pytest.mark.parametrize("role", ["visitor", "pending", "member", "suspended"])
def test_the_comment_redirect_does_not_reveal_a_draft_address(world, role):
    response = client_for(world.people[role]).get(_redirect_url(world.draft))

    assert response.status_code == 404
    assert world.draft.slug not in response.get("Location", "")


@pytest.mark.parametrize("role", ["organiser", "owner"])
def test_organisers_follow_the_comment_redirect_to_a_draft(world, role):
    response = client_for(world.people[role]).get(_redirect_url(world.draft))

    assert response.status_code == 302
    assert response["Location"] == world.draft.get_absolute_url()


def test_the_comment_redirect_leads_readers_to_a_published_post(world):
    response = client_for(None).get(_redirect_url(world.post))

    assert response.status_code == 302
    assert response["Location"] == f"/blog/{world.post.slug}/"


def test_the_comment_redirect_answers_404_to_nonsense(world):
    post_type = ContentType.objects.get_for_model(Post).pk
    client = client_for(None)
    assert client.get(f"/comments/cr/{post_type}/not-a-number/").status_code == 404
    assert client.get(f"/comments/cr/{post_type}/99999999999999999999999/").status_code == 404
    assert client.get("/comments/cr/99999/1/").status_code == 404
