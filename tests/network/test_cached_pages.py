"""Cached page fragments: a second view costs (almost) no queries, a change shows at
once, and what belongs to one person never reaches another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import PostLike
from tests.conftest import client_for
from tests.network.conftest import BROWSER_UA

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
