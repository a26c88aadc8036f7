"""Badges: an image members embed on their own sites, with the network's name
and member count, cheap to serve because the count is cached."""

import io

from django.core.cache import cache
from PIL import Image

from members.models import Profile


def active_member_count() -> int:
    return Profile.objects.active().count()


def test_png_badge_is_a_valid_image_carrying_the_member_count(
    client, network, member, pending, suspended
):
    response = client.get("/badges/badge.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (300, 100))
    # The owner and the member; pending and suspended people are not counted.
    assert image.text["Members"] == str(active_member_count()) == "2"
    assert image.text["Title"] == "Co-production practitioners network"


def test_svg_badge_shows_the_escaped_name_and_member_count(client, network, member):
    network.name = 'Carers & "Co-producers" <London>'
    network.save()

    response = client.get("/badges/badge.svg")

    svg = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert "Carers &amp; &quot;Co-producers&quot; &lt;London&gt;" in svg
    assert "<London>" not in svg
    assert ">2 members</text>" in svg


def test_badge_says_one_member_in_the_singular(client, network):
    assert ">1 member</text>" in client.get("/badges/badge.svg").content.decode()


def test_member_count_is_cached_so_embedded_badges_cost_no_queries(
    client, network, make_user, django_assert_num_queries
):
    first = Image.open(io.BytesIO(client.get("/badges/badge.png").content))
    make_user()

    with django_assert_num_queries(0):
        cached = Image.open(io.BytesIO(client.get("/badges/badge.png").content))

    assert first.text["Members"] == cached.text["Members"] == "1"
    cache.clear()  # the cache entry expires after a few minutes
    assert Image.open(io.BytesIO(client.get("/badges/badge.png").content)).text["Members"] == "2"


def test_badge_images_may_be_cached_by_browsers_and_proxies(client, network):
    response = client.get("/badges/badge.png")

    assert response["Cache-Control"] == "public, max-age=600"


def test_badge_images_stay_public_on_a_members_only_network(client, members_only):
    """Members embed them on their own websites, seen by people who are not members."""
    assert client.get("/badges/badge.png").status_code == 200
    assert client.get("/badges/badge.svg").status_code == 200


def test_badges_page_gives_a_preview_and_the_snippet_to_copy(client, network):
    page = client.get("/badges/").content.decode()

    snippet = (
        '<a href="http://testserver/"><img src="http://testserver/badges/badge.png" '
        'width="300" height="100" alt="Co-production practitioners network: join the network"></a>'
    )
    assert f'<p class="badge-preview">{snippet}</p>' in page
    escaped = snippet.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    assert f'<textarea id="badge-code" class="code" rows="4" readonly>{escaped}</textarea>' in page
    assert '<label for="badge-code">' in page
    assert 'href="/badges/badge.svg"' in page


def test_badge_snippet_escapes_the_network_name(client, network):
    network.name = 'Carers "&" <friends>'
    network.save()

    page = client.get("/badges/").content.decode()

    assert 'alt="Carers &quot;&amp;&quot; &lt;friends&gt;: join the network"' in page
    assert "<friends>" not in page


def test_badge_is_only_served_for_reading(client, network):
    assert client.post("/badges/badge.png").status_code == 405
