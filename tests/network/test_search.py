from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_search_finds_posts_by_title_and_body_and_highlights_escaped(client, network, make_post):
    make_post("Theatre based dialogue", body="Role-play <b>theatre</b> & dialogue in health.")
    make_post("Unrelated", body="Nothing to see.")
    html = client.get("/search/?q=theatre").content.decode()
    assert "Theatre based dialogue</a>" in html
    assert "Unrelated" not in html
    assert "<mark>" in html
    assert "<b>" not in html.split('id="results-title"')[1]
    assert "1 result for “theatre”" in html


def test_search_highlighting_never_lets_the_query_become_markup(client, network, make_post):
    make_post("Scripts", body="A post mentioning script tags.")
    html = client.get("/search/?q=<script>alert(1)</script> script").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_leaves_out_drafts_and_scheduled_posts(organiser, draft, scheduled, network):
    html = client_for(organiser).get("/search/?q=post").content.decode()
    assert draft.title not in html and scheduled.title not in html


def test_search_finds_members_as_the_viewer_may_see_them(client, network, member, pending):
    html = client.get("/search/?q=Maya").content.decode()
    assert "Maya Member</a>" in html
    assert "Pat Pending" not in client.get("/search/?q=Pat").content.decode()


def test_search_results_are_paginated(client, network, make_post):
    for n in range(23):
        make_post(f"Co-production note {n}")
    page1 = client.get("/search/?q=note").content.decode()
    assert "23 results" in page1 and "Page 1 of 2" in page1
    assert page1.count('class="search-result"') == 20
    page2 = client.get("/search/?q=note&page=2").content.decode()
    assert page2.count('class="search-result"') == 3


def test_empty_search_shows_just_the_box(client, network):
    html = client.get("/search/").content.decode()
    assert 'type="search"' in html and "result" not in html.split("</form>")[1]


def test_a_post_is_found_by_its_new_words_as_soon_as_it_is_edited(client, network, make_post):
    post = make_post("Planning a workshop", body="We met in Hackney.")
    assert "Planning a workshop</a>" not in client.get("/search/?q=Lambeth").content.decode()
    post.body = "We met in Lambeth instead."
    post.save()
    html = client.get("/search/?q=Lambeth").content.decode()
    assert "Planning a workshop</a>" in html and "<mark>Lambeth</mark>" in html
    assert "Planning a workshop</a>" not in client.get("/search/?q=Hackney").content.decode()


def test_search_ranks_a_title_match_above_a_body_match(client, network, make_post):
    make_post("Theatre in co-production", body="How we worked.", publish_at=_days_ago(3))
    make_post("Notes from the day", body="Theatre was mentioned once.", publish_at=_days_ago(1))
    html = client.get("/search/?q=theatre").content.decode()
    assert html.index("Theatre in co-production</a>") < html.index("Notes from the day</a>")


def test_search_ranks_only_the_newest_matches_so_its_cost_stays_bounded(
    client, network, make_post, monkeypatch
):
    from network.blog import search as post_search

    monkeypatch.setattr(post_search, "CANDIDATES", 2)
    for n in range(3):
        make_post(f"Caring together {n}", body="Care in the community.")
    html = client.get("/search/?q=care").content.decode()
    assert "2 results for “care”" in html
    assert "Caring together 2</a>" in html and "Caring together 1</a>" in html
    assert "Caring together 0</a>" not in html


def test_search_results_are_kept_until_posts_change(
    client, network, make_post, django_assert_max_num_queries
):
    make_post("Theatre for change", body="Forum theatre.")
    assert "1 result for “theatre”" in client.get("/search/?q=theatre").content.decode()
    with django_assert_max_num_queries(1):  # the network record at most: no search query
        html = client.get("/search/?q=theatre").content.decode()
    assert "1 result for “theatre”" in html
    make_post("More theatre", body="Playback theatre.")
    html = client.get("/search/?q=theatre").content.decode()
    assert "2 results for “theatre”" in html and "More theatre</a>" in html
