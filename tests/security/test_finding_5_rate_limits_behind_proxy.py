"""Issue 12, finding 5: behind the documented reverse proxy, limits per address count each
visitor's address, not the proxy's, so one person cannot lock everyone out; the header is
believed only when the operator says how many proxies to trust; a person who is held
back is told how long to wait.

The test client's REMOTE_ADDR (127.0.0.1) stands for the proxy: the visitor's address is
the one the proxy appends to X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` does.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django_comments_xtd.models import XtdComment

from tests.conftest import PASSWORD, client_for
from tests.network.conftest import PRODUCTION_ENV, load_settings

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.23"


def through_proxy(address: str, spoofed: str = "") -> dict:
    """What the app receives through one proxy from `address` (which may itself have
    sent a forged X-Forwarded-For: the proxy appends to it)."""
    return {"HTTP_X_FORWARDED_FOR": f"{spoofed}, {address}" if spoofed else address}


def sign_in(client, email, password, **headers):
    return client.post("/accounts/login/", {"login": email, "password": password}, **headers)


def fail_to_sign_in(client, times, **headers):
    responses = []
    for n in range(times):
        responses.append(sign_in(client, f"guess{n}@example.org", "wrong-password", **headers))
    return responses


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_twenty_failures_from_one_address_do_not_stop_others_signing_in(
    behind_one_proxy, network, terms, member
):
    fail_to_sign_in(Client(), 20, **through_proxy(ATTACKER))

    response = sign_in(Client(), member.email, PASSWORD, **through_proxy(VICTIM))

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_attackers_own_address_is_held_back_and_told_how_long(
    behind_one_proxy, network, terms, member
):
    responses = fail_to_sign_in(Client(), 11, **through_proxy(ATTACKER))

    assert "Too many failed attempts" not in responses[9].content.decode()
    refused = responses[10].content.decode()
    assert "Too many failed attempts to sign in. Please wait a minute and try again" in refused
    # Even the right password is refused from that address until the minute is up.
    again = sign_in(Client(), member.email, PASSWORD, **through_proxy(ATTACKER))
    assert again.status_code == 200
    assert "Please wait a minute" in again.content.decode()


def test_one_account_is_held_back_for_five_minutes_from_any_address(
    behind_one_proxy, network, terms, member
):
    for n in range(5):
        sign_in(Client(), member.email, "wrong", **through_proxy(f"192.0.2.{n + 1}"))

    refused = sign_in(Client(), member.email, "wrong", **through_proxy("192.0.2.99"))

    assert (
        "Please wait 5 minutes and try again, or reset your password." in refused.content.decode()
    )


def test_without_trusted_proxies_a_forged_header_is_ignored(network, terms, member, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default
    fail_to_sign_in(Client(), 10, HTTP_X_FORWARDED_FOR=ATTACKER)

    # A new forged address each time changes nothing: the connection's address counts.
    response = sign_in(Client(), member.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")

    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()


def test_behind_the_proxy_a_forged_header_does_not_reset_the_count(
    behind_one_proxy, network, terms
):
    fail_to_sign_in(Client(), 10, **through_proxy(ATTACKER))

    # The attacker sends their own X-Forwarded-For; the proxy appends the real address.
    forged = fail_to_sign_in(Client(), 1, **through_proxy(ATTACKER, spoofed="192.0.2.77"))

    assert "Too many failed attempts" in forged[0].content.decode()


def test_two_proxies_trusted_read_the_address_the_outer_one_saw(settings, network, terms, member):
    settings.TRUSTED_PROXY_COUNT = 2
    load_balancer = "10.0.0.5"
    fail_to_sign_in(Client(), 10, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}, {load_balancer}")

    others = sign_in(
        Client(), member.email, PASSWORD, HTTP_X_FORWARDED_FOR=f"{VICTIM}, {load_balancer}"
    )
    attacker = fail_to_sign_in(
        Client(), 1, HTTP_X_FORWARDED_FOR=f"192.0.2.9, {ATTACKER}, {load_balancer}"
    )

    assert others.status_code == 302
    assert "Too many failed attempts" in attacker[0].content.decode()


def test_the_sign_in_page_limit_answers_in_our_layout_with_the_wait(
    behind_one_proxy, network, terms
):
    client = Client()
    for n in range(30):
        sign_in(client, f"someone{n}@example.org", "", **through_proxy(ATTACKER))

    refused = sign_in(client, "someone@example.org", "x", **through_proxy(ATTACKER))
    other = sign_in(Client(), "someone@example.org", "x", **through_proxy(VICTIM))

    page = refused.content.decode()
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "<h1>Too many attempts</h1>" in page
    assert "Please wait a minute and try again." in page
    assert '<html lang="en-GB">' in page  # our layout, not allauth's bare page
    assert other.status_code == 200


def test_reports_are_limited_per_visitor_not_for_everyone_behind_the_proxy(
    behind_one_proxy, network
):
    report = {
        "category": "broken",
        "page_url": "/workshops/",
        "description": "The workshop list shows yesterday's workshops as upcoming.",
        "reporter_name": "Ada",
        "reporter_email": "ada@example.org",
        "website_url": "",
    }
    client = Client()
    for _ in range(5):
        assert client.post("/report/", report, **through_proxy(ATTACKER)).status_code == 302

    refused = client.post("/report/", report, **through_proxy(ATTACKER))
    other = Client().post("/report/", report, **through_proxy(VICTIM))

    assert refused.status_code == 429
    assert "Please wait 10 minutes and try again" in refused.content.decode()
    assert 540 < int(refused["Retry-After"]) <= 600
    assert other.status_code == 302


def test_comments_record_the_visitors_address(behind_one_proxy, network, terms, member, post):
    client_for(member).post(
        f"/blog/{post.slug}/comments/", {"comment": "Thank you."}, **through_proxy(VICTIM)
    )

    assert XtdComment.objects.get().ip_address == VICTIM


def test_the_number_of_proxies_is_read_from_the_environment():
    assert load_settings(**PRODUCTION_ENV)["TRUSTED_PROXY_COUNT"] == 0
    behind_nginx = load_settings(**PRODUCTION_ENV, TRUSTED_PROXY_COUNT="1")
    assert behind_nginx["TRUSTED_PROXY_COUNT"] == 1
    assert behind_nginx["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT must be a whole number"):
        load_settings(**PRODUCTION_ENV, TRUSTED_PROXY_COUNT="nginx")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT must be 0 or more"):
        load_settings(**PRODUCTION_ENV, TRUSTED_PROXY_COUNT="-1")
