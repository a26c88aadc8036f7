"""Issue 12, finding 8: pages that show private things (a workshop's joining link,
members-only downloads) said only `Vary: Cookie`, so a shared cache could keep one
person's page for the next. Every answer that depends on who is asking now says
`Cache-Control: private`; pages that are the same for every visitor do not."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Profile
from network.blog.models import Attachment
from tests.conftest import client_for
from workshops import services
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

JOINING_LINK = "https://meet.example.org/co-production-7q3"


def _unfolded(response) -> str:
    """The text of a response, with iCalendar's folded lines joined again."""
    return response.content.decode().replace("\r\n ", "")


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def online_workshop(network, terms, member):
    start = timezone.now() + timedelta(days=10)
    workshop = Workshop.objects.create(
        title="Online co-production basics",
        summary="Learning together.",
        start=start,
        end=start + timedelta(hours=2),
        is_online=True,
        joining_link=JOINING_LINK,
        capacity=10,
    )
    services.register(workshop=workshop, member=member)
    return workshop


def test_a_workshop_page_showing_the_joining_link_is_private(online_workshop, member):
    response = client_for(member).get(online_workshop.get_absolute_url())

    assert JOINING_LINK in response.content.decode()
    assert "private" in _directives(response)
    assert "Cookie" in response["Vary"]


def test_the_workshops_calendar_file_with_the_joining_link_is_private(online_workshop, member):
    response = client_for(member).get(f"{online_workshop.get_absolute_url()}calendar.ics")

    assert JOINING_LINK in _unfolded(response)
    assert "private" in _directives(response)


def test_the_private_calendar_feed_is_private_though_it_needs_no_session(
    online_workshop, member, client
):
    profile = Profile.objects.get(user=member)
    profile.calendar_token = "secret-calendar-token-7q3"
    profile.save(update_fields=["calendar_token"])

    response = client.get("/workshops/my-calendar/secret-calendar-token-7q3.ics")

    assert JOINING_LINK in _unfolded(response)
    assert "private" in _directives(response)


def test_a_members_only_download_is_private(members_only, make_post, member):
    post = make_post()
    item = Attachment.objects.create(
        post=post, file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%%EOF\n")
    )

    response = client_for(member).get(f"/blog/{post.slug}/attachments/{item.pk}/")

    assert response.status_code == 200
    assert "private" in _directives(response)


@pytest.mark.parametrize("path", ["/", "/blog/", "/about/", "/workshops/"])
def test_a_members_pages_are_private(network, member, path):
    response = client_for(member).get(path)

    assert response.status_code == 200
    assert "private" in _directives(response)


def test_your_data_download_stays_unstored_and_becomes_private(network, member):
    response = client_for(member).get("/members/me/data/download/")

    assert _directives(response) == {"no-store", "private"}


@pytest.mark.parametrize("path", ["/", "/blog/", "/about/", "/workshops/", "/members/"])
def test_a_visitors_pages_are_not_marked_private(network, client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "private" not in _directives(response)


def test_a_visitors_post_page_is_not_marked_private(network, post, client):
    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assert "private" not in _directives(response)


def test_a_visitor_shown_a_message_of_their_own_gets_a_private_page(network, client):
    client.post(
        "/report/",
        {
            "category": "broken",
            "page_url": "/workshops/",
            "description": "The list shows yesterday's workshops.",
            "website_url": "",
        },
    )

    response = client.get("/report/thanks/")

    assert "private" in _directives(response)


def test_an_answer_declared_the_same_for_everyone_stays_public(network, member):
    response = client_for(member).get("/badges/badge.png")

    assert _directives(response) == {"public", "max-age=600"}
