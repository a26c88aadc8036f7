import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from network.blog.models import Attachment, Post, PostLike, Tag
from network.blog.services import flush_view_counts
from tests.blog.conftest import BROWSER_UA
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'id="post-\d+-title"><a href="[^"]+">([^<]+)</a>', html)


def test_blog_list_shows_newest_first_with_featured_first_ten_a_page(client, network, make_post):
    now = timezone.now()
    for n in range(12):
        make_post(f"Post {n:02d}", publish_at=now - timedelta(days=20 - n))
    make_post("Old but featured", featured=True, publish_at=now - timedelta(days=100))
    page1 = client.get("/blog/").content.decode()
    assert titles(page1) == ["Old but featured"] + [f"Post {n:02d}" for n in range(11, 2, -1)]
    page2 = client.get("/blog/?page=2").content.decode()
    assert titles(page2) == ["Post 02", "Post 01", "Post 00"]
    assert "Page 2 of 2" in page2


def test_blog_list_shows_excerpt_authors_date_tags_views_comments_and_likes(
    network, make_post, member, organiser, write_comment
):
    tag = Tag.objects.create(name="Lived experience")
    post = make_post(
        "Carers know", excerpt="What carers know.", authors=[member, organiser], tags=[tag]
    )
    Post.objects.filter(pk=post.pk).update(view_count=174)
    write_comment(post, member)
    write_comment(post, organiser)
    PostLike.objects.create(post=post, user=member)
    html = client_for(member).get("/blog/").content.decode()
    assert "What carers know." in html
    assert "Maya Member</a> and <a" in html and "Olu Organiser" in html
    assert ">Lived experience</a>" in html
    assert "Views: 174 · 2 comments · 1 like (you like this)" in html
    assert post.publish_at.strftime("%Y") in html


def test_blog_list_filters_by_tag_and_by_author(client, network, make_post, member):
    tag = Tag.objects.create(name="Theatre")
    make_post("Tagged", tags=[tag])
    make_post("By Maya", authors=[member])
    make_post("Other")
    assert titles(client.get("/blog/?tag=theatre").content.decode()) == ["Tagged"]
    assert titles(client.get(f"/blog/?author={member.slug}").content.decode()) == ["By Maya"]
    assert client.get("/blog/?tag=nope").status_code == 404
    assert client.get("/blog/?author=abc").status_code == 404


def test_rss_and_atom_feeds_for_all_posts_and_per_tag(client, network, make_post, draft):
    tag = Tag.objects.create(name="Health")
    make_post("Health post", tags=[tag], excerpt="About health.")
    make_post("Another post")
    rss = client.get("/blog/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "<title>Health post</title>" in body and "Another post" in body
    assert draft.title not in body
    assert "http://testserver/blog/health-post/" in body
    atom = client.get("/blog/tag/health/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Health post" in atom.content.decode()
    assert "Another post" not in atom.content.decode()
    assert client.get("/blog/tag/health/feed/rss/").status_code == 200


def test_sitemap_lists_static_pages_and_published_posts(client, network, post, draft):
    body = client.get("/sitemap.xml").content.decode()
    assert f"{post.get_absolute_url()}</loc>" in body
    assert "/blog/</loc>" in body and "/about/</loc>" in body
    assert draft.slug not in body


def test_sitemap_leaves_posts_out_on_a_members_only_network(client, members_only, post):
    body = client.get("/sitemap.xml").content.decode()
    assert post.get_absolute_url() not in body and "/blog/</loc>" not in body


def test_post_page_shows_everything_a_reader_needs(client, network, make_post, member):
    older = make_post("Older", publish_at=timezone.now() - timedelta(days=3))
    post = make_post("Middle", authors=[member], publish_at=timezone.now() - timedelta(days=2))
    newer = make_post("Newer", publish_at=timezone.now() - timedelta(days=1))
    Attachment.objects.create(
        post=post, title="Our report", file=SimpleUploadedFile("r.pdf", b"%PDF-1.4 report")
    )
    html = client.get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA).content.decode()
    assert f'href="/members/{member.pk}/"' in html
    assert "avatar" in html
    assert "Views: 1" in html
    assert '<meta property="og:title" content="Middle">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'href="{older.get_absolute_url()}" rel="prev"' in html
    assert f'href="{newer.get_absolute_url()}" rel="next"' in html
    assert "Our report</a>" in html and "PDF" in html
    assert "mailto:?subject=Middle" in html
    # Sharing is plain links: no third-party script or image on the page.
    assert "<script" not in html
    assert "gravatar" not in html


def test_views_count_once_per_session_and_never_for_bots(client, network, post):
    url = post.get_absolute_url()
    client.get(url, HTTP_USER_AGENT=BROWSER_UA)
    client.get(url, HTTP_USER_AGENT=BROWSER_UA)
    flush_view_counts()
    post.refresh_from_db()
    assert post.view_count == 1
    client_for(None).get(url, HTTP_USER_AGENT=BROWSER_UA)
    for bot in ["Googlebot/2.1", "facebookexternalhit/1.1", "curl/8.0", ""]:
        client_for(None).get(url, HTTP_USER_AGENT=bot)
    flush_view_counts()
    post.refresh_from_db()
    assert post.view_count == 2


def test_a_member_likes_a_post_once_and_can_take_it_back(network, post, member):
    client = client_for(member)
    response = client.post(f"{post.get_absolute_url()}like/")
    assert response.status_code == 302 and response["Location"].endswith("#likes")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "1 like (including you)" in html and "Unlike" in html
    client.post(f"{post.get_absolute_url()}like/")
    assert not PostLike.objects.filter(post=post).exists()


@pytest.mark.parametrize("role", ["visitor", "pending", "suspended"])
def test_only_members_can_like(network, post, role, pending, suspended):
    user = {"visitor": None, "pending": pending, "suspended": suspended}[role]
    response = client_for(user).post(f"{post.get_absolute_url()}like/")
    assert response.status_code == (302 if user is None else 403)
    assert not PostLike.objects.exists()


def test_attachments_download_with_safe_headers(client, network, post):
    item = Attachment.objects.create(
        post=post,
        title='Report "final"\r\nX-Evil: 1',
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4"),
    )
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith('.pdf"')
    assert "\n" not in disposition and "X-Evil:" not in response.headers.get("X-Evil", "")
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_attachments_of_drafts_are_not_served_to_readers(client, network, draft):
    item = Attachment.objects.create(post=draft, file=SimpleUploadedFile("d.pdf", b"%PDF-1.4"))
    assert client.get(item.get_absolute_url()).status_code == 404


def _query_count(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url, HTTP_USER_AGENT=BROWSER_UA).status_code == 200
    return len(captured.captured_queries)


def test_blog_list_runs_the_same_queries_for_1_and_10_posts(
    page_cache_off, network, make_post, member, django_assert_max_num_queries
):
    client = client_for(member)
    tag = Tag.objects.create(name="T")
    make_post("First", tags=[tag], authors=[member])
    client.get("/blog/")  # warm the network cache and the session
    one = _query_count(django_assert_max_num_queries, client, "/blog/", 10)
    for n in range(9):
        make_post(f"More {n}", tags=[tag], authors=[member], featured=n % 2 == 0)
    ten = _query_count(django_assert_max_num_queries, client, "/blog/", 10)
    assert one == ten
