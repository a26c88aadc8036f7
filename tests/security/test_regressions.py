"""Product bugs the security work found, each pinned by the behaviour a person sees."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_broadcast_subject_with_line_breaks_is_sent_on_one_line(world, settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = client_for(world.people["organiser"])

    response = client.post(
        reverse("members:broadcast"),
        {"subject": "News\r\nBcc: victim@example.org", "body": "Hello.", "send": "1"},
    )

    assert response.status_code == 302
    from mailer.engine import send_all

    send_all()
    subjects = {message.subject for message in mail.outbox}
    assert subjects == {"[Co-production practitioners network] News Bcc: victim@example.org"}
    assert all(message.bcc == [] for message in mail.outbox)


def test_a_broadcast_subject_of_white_space_only_is_refused(world):
    client = client_for(world.people["organiser"])

    response = client.post(
        reverse("members:broadcast"), {"subject": " \r\n\t", "body": "Hello.", "send": "1"}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert mail.outbox == []


def test_an_invitation_subject_shows_the_inviters_name_as_written(world):
    inviter = world.people["member"]
    inviter.display_name = "Siobhán O'Neill & Co"
    inviter.save()

    client_for(inviter).post(reverse("members:invite"), {"email": "friend@example.org"})

    assert [m.subject for m in mail.outbox] == [
        "Siobhán O'Neill & Co invites you to join Co-production practitioners network"
    ]


@pytest.mark.parametrize(
    "address",
    [
        "/search/?q=before%00after",
        "/blog/?tag=%00",
        "/members/join/%00/",
        "/members/unsubscribe/x%00/",
        "/workshops/my-calendar/%00.ics",
        "/members/?q=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_bad_request_with_the_security_headers(world, address):
    # PostgreSQL refuses NUL in text: these lookups ended in a 500 there.
    response = client_for(world.people["member"]).get(address)

    assert response.status_code == 400
    assert "characters we cannot read" in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_post_with_thousands_of_nested_quotes_is_saved_and_shown(world):
    from network.blog.models import Post

    post = Post.objects.create(
        title="Nested", body="> " * 3000 + "the innermost words", status=Post.Status.PUBLISHED
    )

    assert "the innermost words" in post.body_html
    assert "<script" not in post.body_html
    page = client_for(None).get(post.get_absolute_url())
    assert page.status_code == 200
    assert "the innermost words" in page.content.decode()
