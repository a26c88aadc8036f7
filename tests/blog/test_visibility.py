"""Who sees which posts: drafts and scheduled posts for organisers only, members-only
networks show visitors and non-members titles and excerpts."""

import pytest

from network.blog.services import flush_view_counts, pending_views
from tests.blog.conftest import BROWSER_UA
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "pending", "suspended", "member", "organiser", "owner"]


@pytest.fixture
def as_role(request, pending, suspended, member, organiser, owner):
    def client(role):
        user = {"visitor": None, "pending": pending, "suspended": suspended,
                "member": member, "organiser": organiser, "owner": owner}[role]  # fmt: skip
        c = client_for(user)
        c.defaults["HTTP_USER_AGENT"] = BROWSER_UA
        return c

    return client


@pytest.mark.parametrize("role", ROLES)
def test_drafts_and_scheduled_posts_are_seen_by_organisers_and_owner_only(
    as_role, role, post, draft, scheduled
):
    client = as_role(role)
    may_preview = role in {"organiser", "owner"}
    for hidden in (draft, scheduled):
        response = client.get(hidden.get_absolute_url())
        assert response.status_code == (200 if may_preview else 404)
        if may_preview:
            assert "Only organisers can see this preview." in response.content.decode()
    listing = client.get("/blog/").content.decode()
    assert post.title in listing
    assert draft.title not in listing and scheduled.title not in listing


def test_a_scheduled_post_appears_by_itself_when_its_time_comes(as_role, scheduled):
    from datetime import timedelta
    from unittest import mock

    client = as_role("visitor")
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    # The clock reaches the publish time; nothing else happens.
    later = scheduled.publish_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        assert scheduled.title in client.get("/blog/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_on_a_public_network_everyone_reads_published_posts_in_full(as_role, role, post):
    html = as_role(role).get(post.get_absolute_url()).content.decode()
    assert "all</strong> forms of expertise" in html
    assert "Views: 1" in html


@pytest.mark.parametrize("role", ROLES)
def test_on_a_members_only_network_non_members_see_titles_and_excerpts_only(
    as_role, role, members_only, post
):
    client = as_role(role)
    full = role in {"member", "organiser", "owner"}
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert post.title in html
    assert post.excerpt in html
    assert ("all</strong> forms of expertise" in html) is full
    assert ("Add a comment" in html) is full
    listing = client.get("/blog/").content.decode()
    assert post.title in listing
    assert ("The full posts and their discussions are for members." in listing) is not full
    if role == "visitor":
        assert "Join Co-production practitioners network" in html


def test_members_only_visitors_cannot_download_attachments_or_read_feeds(
    client, members_only, post
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from network.blog.models import Attachment

    item = Attachment.objects.create(post=post, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    response = client.get(item.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/blog/feed/rss/").status_code == 302
    assert client.get("/search/?q=post").status_code == 302


def test_members_only_views_are_not_counted_for_visitors(client, members_only, post):
    client.get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)
    assert pending_views(post.pk) == 0
    flush_view_counts()
    post.refresh_from_db()
    assert post.view_count == 0
