"""The sign-in pages (django-allauth's) speak in the network's voice: sentence case, plain
words and a next step, from the catalogue in locale/en_GB."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en_GB" / "LC_MESSAGES" / "django.po"

# Two or more capitalised words in a row: "Sign In", "Reset My Password", "Remember Me".
TITLE_CASE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
# Proper names the network uses, which are rightly capitalised.
NAMES = {"Co-production", "Citizens Advice"}


def visible_text(response) -> tuple[str, str]:
    body = response.content.decode()
    title = unescape(re.search(r"<title>(.*?)</title>", body, re.S).group(1))
    main = re.search(r"<main.*?</main>", body, re.S).group(0)
    text = unescape(re.sub(r"<[^>]+>", " ", main))
    return " ".join(title.split()), " ".join(text.split())


def title_case_phrases(text: str) -> list[str]:
    return [p for p in TITLE_CASE.findall(text) if not any(n in p for n in NAMES)]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/password/reset/", "Choose a new password"),
        ("/accounts/password/reset/done/", "Choose a new password"),
        ("/accounts/confirm-email/", "Check your e-mail"),
        ("/accounts/password/reset/key/1-set-password/", "This link no longer works"),
        ("/accounts/inactive/", "This account is not active"),
    ],
)
def test_a_visitors_sign_in_pages_use_sentence_case_and_plain_words(network, path, heading):
    response = Client().get(path, follow=True)
    assert response.status_code == 200
    title, text = visible_text(response)
    assert title.startswith(heading + " ·")
    assert text.startswith(heading)
    assert title_case_phrases(title + " " + text) == []


def test_the_sign_in_page_offers_joining_and_a_new_password(network):
    title, text = visible_text(Client().get("/accounts/login/"))
    assert "Not a member yet? Join the network" in text
    assert "Forgotten your password?" in text
    assert "Keep me signed in on this device" in text
    assert "sign up" not in text.lower()


def test_a_wrong_password_says_what_to_do_next(network, member):
    response = Client().post("/accounts/login/", {"login": member.email, "password": "wrong"})
    title, text = visible_text(response)
    assert title.startswith("Error: Sign in")
    assert "The e-mail address or the password is not right" in text
    assert "choose a new password" in text


def test_a_members_account_pages_use_sentence_case(network, terms, member):
    client = Client()
    assert client.login(email=member.email, password=PASSWORD)
    for path, heading in [
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/email/", "E-mail address"),
        ("/accounts/logout/", "Sign out"),
    ]:
        title, text = visible_text(client.get(path))
        assert title.startswith(heading), (path, title)
        assert title_case_phrases(title + " " + text) == [], path


def test_asking_for_a_new_password_sends_the_link_and_says_so(network, member):
    response = Client().post("/accounts/password/reset/", {"email": member.email}, follow=True)
    title, text = visible_text(response)
    assert "We have sent an e-mail to that address" in text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]


def test_the_compiled_catalogue_holds_every_entry_of_the_source():
    """django.mo is committed so that setup needs no gettext: it must match django.po
    (after editing the .po, `make messages` rebuilds it)."""
    source = CATALOGUE.read_text()
    entries = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, re.M)
    assert len(entries) > 50
    with translation.override("en-gb"):
        for msgid, msgstr in entries:
            unquoted = msgid.replace('\\"', '"')
            assert translation.gettext(unquoted) == msgstr.replace('\\"', '"'), msgid
