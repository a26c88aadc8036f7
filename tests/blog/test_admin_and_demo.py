import io

import pytest
from django.core.management import call_command
from django_comments_xtd.models import XtdComment

from network.blog.demo import SEED_SLUG
from network.blog.models import Post
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_organisers_write_posts_in_the_admin_and_become_the_author(organiser, network):
    client = client_for(organiser)
    response = client.post(
        "/admin/blog/post/add/",
        {
            "title": "Notes from Hackney",
            "slug": "notes-from-hackney",
            "body": "Hello **all**",
            "excerpt": "",
            "cover_alt": "",
            "status": "draft",
            "publish_at_0": "2030-01-01",
            "publish_at_1": "10:00:00",
            "comments_open": "on",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get()
    assert list(post.authors.all()) == [organiser]
    assert post.body_html == "<p>Hello <strong>all</strong></p>"


def test_admin_list_shows_counts_and_a_preview_link_for_drafts(
    organiser, draft, post, member, write_comment, django_assert_max_num_queries
):
    write_comment(post, member)
    client = client_for(organiser)
    client.get("/admin/blog/post/")
    with django_assert_max_num_queries(15):
        html = client.get("/admin/blog/post/").content.decode()
    assert f'<a href="{draft.get_absolute_url()}">Preview</a>' in html
    assert f'<a href="{post.get_absolute_url()}">View</a>' in html
    assert '<td class="field-comments">1</td>' in html


def test_seed_demo_builds_the_seed_post_and_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    post = Post.objects.get(slug=SEED_SLUG)
    assert Post.objects.count() == 3
    assert post.view_count == 174
    assert [str(a) for a in post.authors.all()] == ["Lucie Stephens"]
    assert post.body_html.count("<li>") == 5
    quotes = post.body_html.split("<blockquote>")[1].split("</blockquote>")[0]
    assert quotes.count("<p>“") == 3
    assert "We want more health professionals to be like that!" in quotes
    assert 'href="http://www.involve.org.uk/from-fairy-tale-to-reality/"' in post.body_html
    assert post.attachments.get().kind == "pdf"
    comments = XtdComment.objects.filter(object_pk=str(post.pk))
    assert comments.count() == 12
    assert comments.filter(level__gt=0).count() >= 6
    html = client_for(None).get(post.get_absolute_url(), HTTP_USER_AGENT="curl").content.decode()
    assert "Views: 174" in html
    assert "Add a comment" in html
    assert "You need to be a member of Co-production practitioners network to add comments!" in html
    assert "Join Co-production practitioners network" in html
