import pytest

from network.blog.models import Post
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_home_shows_featured_and_latest_posts_and_recent_comments(
    client, network, make_post, member, write_comment, draft
):
    featured = make_post("Featured story", featured=True)
    latest = make_post("Latest news")
    write_comment(latest, member, "What a helpful summary")
    write_comment(draft, member, "Comment on a draft")
    html = client.get("/").content.decode()
    assert html.index(featured.title) < html.index(latest.title)
    assert "Recent comments" in html and "What a helpful summary" in html
    assert "Comment on a draft" not in html
    assert "A network for co-production practitioners" in html
    assert "Join Co-production practitioners network" in html


def test_home_hides_comments_from_visitors_of_a_members_only_network(
    client, members_only, make_post, member, write_comment
):
    post = make_post("Members' post")
    write_comment(post, member, "Only for members")
    assert "Only for members" not in client.get("/").content.decode()
    assert "Only for members" in client_for(member).get("/").content.decode()


def test_home_runs_a_fixed_number_of_queries(
    page_cache_off, network, make_post, member, write_comment, django_assert_max_num_queries
):
    client = client_for(member)
    post = make_post("One", featured=True)
    write_comment(post, member)
    client.get("/")

    def count():
        with django_assert_max_num_queries(15) as captured:
            assert client.get("/").status_code == 200
        return len(captured.captured_queries)

    few = count()
    for n in range(8):
        extra = make_post(f"More {n}", featured=n % 3 == 0)
        write_comment(extra, member)
    assert count() == few
    assert Post.objects.count() == 9
