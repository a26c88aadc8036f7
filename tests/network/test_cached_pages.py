"""Cached page fragments: a second view costs (almost) no queries, a change shows at
once, and what belongs to one person never reaches another."""

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from members.models import Profile
from network.blog.models import PostLike
from network.caching import fragments, generations
from tests.blog.conftest import BROWSER_UA
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_second_visit_to_the_blog_list_reads_nothing_and_a_new_post_shows_at_once(
    network, make_post, client
):
    make_post("First thoughts")
    _get(client, reverse("blog_list"))
    html, queries = _get(client, reverse("blog_list"))
    assert "First thoughts" in html and queries == 0
    make_post("Second thoughts")
    html, _ = _get(client, reverse("blog_list"))
    assert "Second thoughts" in html


def test_a_new_comment_and_a_deleted_one_show_at_once_on_the_post_page(
    network, post, member, make_user, write_comment
):
    reader = client_for(make_user())
    write_comment(post, member, "The first word")
    assert "The first word" in _get(reader, post.get_absolute_url())[0]
    comment = write_comment(post, member, "A second word")
    assert "A second word" in _get(reader, post.get_absolute_url())[0]
    client_for(member).post(reverse("blog_comment_delete", args=[comment.pk]))
    assert "A second word" not in _get(reader, post.get_absolute_url())[0]


def test_delete_links_and_likes_are_each_viewers_own_in_a_shared_cached_page(
    network, post, member, make_user, write_comment, make_post
):
    other = make_user()
    write_comment(post, member, "Mine, not theirs")
    PostLike.objects.create(post=post, user=member)
    delete_link = 'Delete<span class="visually-hidden"> your comment'
    mine = _get(client_for(member), post.get_absolute_url())[0]
    theirs = _get(client_for(other), post.get_absolute_url())[0]
    assert delete_link in mine and delete_link not in theirs
    assert "Report<span" in theirs and "Report<span" not in mine
    assert "(you like this)" in _get(client_for(member), reverse("blog_list"))[0]
    assert "(you like this)" not in _get(client_for(other), reverse("blog_list"))[0]


def test_a_members_new_name_shows_at_once_in_the_directory(network, member, make_user):
    viewer = client_for(make_user())
    assert str(member) in _get(viewer, reverse("members:directory"))[0]
    member.display_name = "Renamed Person"
    member.save()
    assert "Renamed Person" in _get(viewer, reverse("members:directory"))[0]


def _admin_edit_post(client, post, **changes):
    """Save the post through the admin's change form, as an organiser would."""
    from django.utils import timezone

    publish_at = timezone.localtime(post.publish_at)
    data = {
        "title": post.title,
        "slug": post.slug,
        "authors": [author.pk for author in post.authors.all()],
        "body": post.body,
        "excerpt": post.excerpt,
        "cover_alt": "",
        "status": post.status,
        "publish_at_0": publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": publish_at.strftime("%H:%M:%S"),
        "comments_open": "on",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        **changes,
    }
    response = client.post(f"/admin/blog/post/{post.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_post_edited_in_the_admin_an_author_renamed_and_a_new_attachment_show_at_once(
    network, post, member, organiser, owner
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from network.blog.models import Attachment

    url = post.get_absolute_url()
    readers = [_visitor(), client_for(member)]

    def pages():
        return [_get(reader, url)[0] for reader in readers]

    for html in pages() + pages():  # the second round is served from the cache
        assert "Co-production recognises" in html and str(owner) in html

    _admin_edit_post(
        client_for(organiser),
        post,
        title="A retitled post",
        body="Freshly **rewritten** words.",
        excerpt="",
    )
    for html in pages():
        assert '<h1 id="post-title">A retitled post</h1>' in html
        assert "<title>A retitled post" in html
        assert "Freshly <strong>rewritten</strong> words." in html
        assert "Co-production recognises" not in html

    owner.display_name = "Renamed Author"
    owner.save()
    for html in pages():
        assert "Renamed Author" in html

    Attachment.objects.create(
        post=post, title="Meeting notes", file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4")
    )
    for html in pages():
        assert "Meeting notes" in html


def _visitor():
    from django.test import Client

    return Client()


def test_views_stay_exact_and_likes_personal_on_a_cached_post_page(
    network, post, member, make_user
):
    other = make_user()
    PostLike.objects.create(post=post, user=member)
    url = post.get_absolute_url()
    first = _get(client_for(member), url)[0]
    assert "Views: 1" in first
    assert "1 like (including you)" in first and 'aria-pressed="true">Unlike' in first
    theirs, queries = _get(client_for(other), url)
    assert "Views: 2" in theirs
    assert "1 like</span>" in theirs and 'aria-pressed="false">Like' in theirs
    assert 'name="csrfmiddlewaretoken"' in theirs and "<!--" not in theirs.split("<article")[1]
    # A visitor, from the cached page: their view counts too.
    assert "Views: 3" in _get(_visitor(), url)[0]
    # The like form posts with this viewer's own CSRF token from the cached page.
    liker = client_for(other)
    liker.handler.enforce_csrf_checks = True
    html = _get(liker, url)[0]
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = liker.post(reverse("blog_like", args=[post.slug]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "2 likes (including you)" in _get(liker, url)[0]


def test_a_change_another_app_process_made_shows_at_once_though_this_one_keeps_a_copy(
    network, post, member, make_user, write_comment
):
    # Each process keeps the fragments it served; the generations in the shared cache
    # decide whether that copy is still the page.
    reader = client_for(make_user())
    comment = write_comment(post, member, "Said once")
    url = post.get_absolute_url()
    assert "Said once" in _get(reader, url)[0]
    # Another process edits the comment: its signals bump the generation in the shared
    # cache, which this process only learns by reading it.
    XtdComment.objects.filter(pk=comment.pk).update(comment="Said again, better")
    cache.set(generations.PREFIX + "comments", "bumped-by-another-process", timeout=None)
    html = _get(reader, url)[0]
    assert "Said again, better" in html and "Said once" not in html


def test_a_fragment_kept_in_this_process_is_rendered_afresh_when_its_timeout_ends():
    # A comment tree's "5 minutes ago" must not outlive its minute in any copy.
    renders = []

    def render():
        renders.append(1)
        return f"rendered {len(renders)} time(s)"

    now = time.time()
    assert fragments.cached_fragment("t", render, timeout=60).html == "rendered 1 time(s)"
    with mock.patch("time.time", return_value=now + 30):
        assert fragments.cached_fragment("t", render, timeout=60).html == "rendered 1 time(s)"
    with mock.patch("time.time", return_value=now + 61):
        assert fragments.cached_fragment("t", render, timeout=60).html == "rendered 2 time(s)"


def test_a_profile_page_costs_no_query_when_cached_and_shows_changes_and_suspensions_at_once(
    network, member, owner
):
    profile = Profile.objects.get(user=member)
    profile.bio, profile.bio_visibility = "Carer for ten years.", "everyone"
    profile.save()
    url = reverse("members:profile", args=[member.pk])
    _get(_visitor(), url)
    html, queries = _get(_visitor(), url)
    assert "Carer for ten years." in html and queries == 0

    profile.bio = "Carer, and now a peer trainer."
    profile.save()
    assert "now a peer trainer" in _get(_visitor(), url)[0]

    response = client_for(owner).post(
        reverse("members:moderate", args=[member.pk]), {"action": "suspend", "reason": "Spam"}
    )
    assert response.status_code == 302
    assert _visitor().get(url).status_code == 404
