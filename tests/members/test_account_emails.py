"""The sign-in system's e-mails speak in the network's own voice: sentence-case subjects,
plain sentences, the network as sender, and links to the address the site is served at
(here a non-default port, as `make run PORT=8123` serves)."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.members.helpers import signup_data

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1:8123"
STOCK_PHRASES = [
    "Hello from",
    "Thank you for using",
    "You're receiving this email",
    "has given your email address",
    "example.com",
    "127.0.0.1:8000",
    "testserver",
]


def _client():
    return Client(HTTP_HOST=HOST)


def _check_voice(message):
    assert message.from_email.startswith("Co-production practitioners network <")
    # Sentence case: after the first letter, no capital but in names.
    words = message.subject.split()[1:]
    assert not [w for w in words if w[0].isupper()], message.subject
    for phrase in STOCK_PHRASES:
        assert phrase not in message.body, (phrase, message.body)
    links = re.findall(r"https?://\S+", message.body)
    assert all(link.split("://", 1)[1].startswith(f"{HOST}/") for link in links), links
    return links


def test_joining_sends_a_confirmation_in_the_networks_voice(network, terms):
    _client().post("/accounts/signup/", signup_data("nia@example.org"))
    (message,) = mail.outbox
    assert message.subject == "Please confirm your e-mail address"
    links = _check_voice(message)
    assert links and links[0].split("://", 1)[1].startswith(f"{HOST}/accounts/confirm-email/")
    assert f"Thank you for joining {network.name}." in message.body
    # The link works: it confirms the address.
    assert _client().post(links[0].split(HOST, 1)[1]).status_code == 302


def test_joining_again_with_a_known_address_offers_a_new_password(network, terms, member):
    _client().post("/accounts/signup/", signup_data(member.email))
    (message,) = mail.outbox
    assert message.subject == "You already have an account"
    links = _check_voice(message)
    assert links[0].split("://", 1)[1].startswith(f"{HOST}/accounts/password/reset/")


def test_choosing_a_new_password_by_email(network, member):
    _client().post("/accounts/password/reset/", {"email": member.email})
    (message,) = mail.outbox
    assert message.subject == "Choose a new password"
    links = _check_voice(message)
    assert links[0].split("://", 1)[1].startswith(f"{HOST}/accounts/password/reset/key/")
    assert _client().get(links[0].split(HOST, 1)[1]).status_code in (200, 302)


def test_a_new_password_for_an_unknown_address_invites_to_join(network):
    _client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    (message,) = mail.outbox
    assert message.subject == "You do not have an account with us yet"
    links = _check_voice(message)
    assert links[0].split("://", 1)[1].startswith(f"{HOST}/accounts/signup/")
