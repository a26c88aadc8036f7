"""The member directory and profile pages: visibility, search, filters and speed."""

import pytest

from members.models import Profile
from members.search import search_members
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_directory_shows_active_members_only(network, member, pending, suspended):
    html = client_for(member).get("/members/").content.decode()
    assert "Maya Member" in html
    assert "Pat Pending" not in html and "Sid Suspended" not in html


def test_directory_searches_names_and_organisations(network, member, make_user):
    make_user(display_name="Grace Hopper", organisation="Newham Carers")
    make_user(
        display_name="Hidden Org", organisation="Secret Org", organisation_visibility="organisers"
    )
    client = client_for(member)
    assert "Grace Hopper" in client.get("/members/?q=grace").content.decode()
    assert "Grace Hopper" in client.get("/members/?q=newham").content.decode()
    # An organisation hidden from members cannot be found by members.
    assert "Hidden Org" not in client.get("/members/?q=secret").content.decode()


def test_directory_filters_respect_visibility(network, member, organiser, make_user):
    make_user(display_name="Cara Carer", expertise=["carer"], area="hackney")
    make_user(
        display_name="Private Carer",
        expertise=["carer"],
        area="hackney",
        expertise_visibility="organisers",
        area_visibility="organisers",
    )
    as_member = client_for(member).get("/members/?expertise=carer").content.decode()
    assert "Cara Carer" in as_member and "Private Carer" not in as_member
    as_organiser = client_for(organiser).get("/members/?area=hackney").content.decode()
    assert "Cara Carer" in as_organiser and "Private Carer" in as_organiser


def test_profile_fields_follow_each_visibility_choice(network, member, organiser, make_user):
    person = make_user(
        display_name="Vi Visible",
        organisation="Everyone Org",
        organisation_visibility="everyone",
        area="camden",
        area_visibility="members",
        bio="Organisers-only bio https://example.org/story",
        bio_visibility="organisers",
    )
    url = f"/members/{person.pk}/"
    visitor = client_for(None).get(url).content.decode()
    assert (
        "Everyone Org" in visitor and "Camden" not in visitor and "Organisers-only" not in visitor
    )
    as_member = client_for(member).get(url).content.decode()
    assert "Camden" in as_member and "Organisers-only" not in as_member
    as_organiser = client_for(organiser).get(url).content.decode()
    assert 'href="https://example.org/story"' in as_organiser
    for page in (visitor, as_member, as_organiser):
        assert person.email not in page


def test_bio_is_escaped_and_links_made_safe(network, member, make_user):
    person = make_user(
        bio="<script>alert(1)</script> see https://example.org", bio_visibility="everyone"
    )
    html = client_for(member).get(f"/members/{person.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://example.org" rel="nofollow"' in html


def test_profile_shows_recent_comments(network, member, make_comment):
    make_comment(member, network, "Co-production is about power.")
    removed = make_comment(member, network, "Removed words")
    removed.is_removed = True
    removed.save()
    html = client_for(None).get(f"/members/{member.pk}/").content.decode()
    assert "Co-production is about power." in html
    assert "Removed words" not in html


def test_directory_runs_a_fixed_number_of_queries(
    page_cache_off, network, member, make_user, django_assert_max_num_queries
):
    client = client_for(member)
    client.get("/members/")
    with django_assert_max_num_queries(10) as one:
        client.get("/members/")
    for n in range(30):
        make_user(expertise=["carer", "academic"], organisation=f"Org {n}", area="hackney")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/members/")
    assert response.content.decode().count('class="card member-card"') == 24


def test_profile_runs_a_fixed_number_of_queries(
    page_cache_off, network, member, make_user, make_comment, django_assert_max_num_queries
):
    client = client_for(member)
    make_comment(member, network)
    client.get(f"/members/{member.pk}/")
    with django_assert_max_num_queries(12) as one:
        client.get(f"/members/{member.pk}/")
    for _ in range(30):
        make_comment(member, network)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(f"/members/{member.pk}/")


def test_search_members_returns_best_matches_visible_to_the_viewer(
    network, member, make_user, pending
):
    make_user(display_name="Annabel Smith")
    make_user(display_name="Joanna Ann")
    make_user(display_name="Zed", organisation="Ann's Org")
    names = [str(p) for p in search_members("ann", member)]
    assert names == ["Annabel Smith", "Joanna Ann", "Zed"]
    # An applicant sees only names (and what members show everyone), like a visitor.
    assert [str(p) for p in search_members("ann", pending)] == ["Annabel Smith", "Joanna Ann"]
    assert list(search_members("", member)) == []


def test_home_page_shows_newest_members(network, make_user, client):
    make_user(display_name="Newest Person", joined_at="2030-01-01T00:00:00Z")
    html = client.get("/").content.decode()
    assert "Newest members" in html and "Newest Person" in html


def test_home_page_hides_members_from_visitors_of_a_members_only_network(
    members_only, make_user, client
):
    make_user(display_name="Newest Person", joined_at="2030-01-01T00:00:00Z")
    assert "Newest Person" not in client.get("/").content.decode()


def test_editing_the_profile(network, member):
    response = client_for(member).post(
        "/members/me/edit/",
        {
            "display_name": "Maya M.",
            "pronouns": "they/them",
            "expertise": ["health_activist"],
            "expertise_visibility": "everyone",
            "organisation": "",
            "organisation_visibility": "members",
            "area": "outside-uk",
            "area_visibility": "members",
            "topics": "",
            "bio": "Hello",
            "bio_visibility": "members",
            "website": "not a url",
            "website_visibility": "members",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_website_error"' in html and 'value="Maya M."' in html
    profile = Profile.objects.get(user=member)
    assert profile.pronouns == ""  # nothing saved while there is an error


def test_directory_on_a_public_network_shows_visitors_only_what_members_show_everyone(
    network, make_user, client
):
    make_user(
        display_name="Grace Open",
        organisation="Carers Together",
        organisation_visibility="everyone",
    )
    make_user(display_name="Tom Private", organisation="Hidden Trust")

    html = client.get("/members/").content.decode()

    assert "Grace Open" in html and "Carers Together" in html
    assert "Tom Private" in html
    assert "Hidden Trust" not in html


def test_directory_on_a_members_only_network_asks_visitors_to_sign_in(
    members_only, member, pending, client
):
    response = client.get("/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client_for(pending).get("/members/").status_code == 403
    assert client_for(member).get("/members/").status_code == 200
