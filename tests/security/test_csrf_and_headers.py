"""CSRF on every POST, cookies and transport security in production.

Security headers on every page are checked on each response of the access matrix
(tests/security/test_access_matrix.py); here the production-only ones."""

import pytest
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse

from tests.conftest import PASSWORD
from tests.network.conftest import PRODUCTION_ENV, load_settings
from tests.security import matrix
from tests.security.test_access_matrix import MATRIX, _data, _url

REFUSED = {"login", "403", "404", "405"}
# The one view that takes a POST without a CSRF token: mail clients send the
# one-click unsubscribe (RFC 8058) from outside the site; the signed token in
# the address authorises it.
CSRF_EXEMPT = {"members/unsubscribe/<str:token>/"}


def _views(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_the_one_click_unsubscribe_is_the_only_view_exempt_from_csrf():
    exempt = {route for route, view in _views() if getattr(view, "csrf_exempt", False)}

    assert exempt == CSRF_EXEMPT


def _post_cases():
    """Each POST action of the matrix, with the first role (on a public network)
    that it does not refuse: a CSRF failure must stop even them. (Confirming an
    e-mail address succeeds with a redirect to sign in: the visitor does that.)"""
    for key, actions in MATRIX.items():
        for action, spec in actions.items():
            if action == "GET":
                continue
            expected, data = spec
            outcomes = matrix.parse_expected(expected)["public"]
            allowed = [role for role, out in zip(matrix.ROLES, outcomes, strict=True)
                       if out not in REFUSED]  # fmt: skip
            yield key, action, (allowed or ["visitor"])[0], data


POST_CASES = list(_post_cases())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key,action,role,data", POST_CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in POST_CASES]
)
def test_a_post_without_csrf_token_is_refused(world, key, action, role, data):
    url = _url(world, key)
    payload = _data(data)(world)

    response = matrix.request_as(world.people[role], "POST", url, payload, csrf=True)

    if key == "members:unsubscribe":
        assert response.status_code == 200
    else:
        assert response.status_code == 403, (url, role, response.status_code)
        assert b"CSRF verification failed" in response.content


def test_every_post_action_of_the_matrix_is_checked_for_csrf():
    actions = [(key, a) for key, spec in MATRIX.items() for a in spec if a != "GET"]

    assert [(key, action) for key, action, _, _ in POST_CASES] == actions


@pytest.mark.django_db
def test_a_post_with_the_csrf_token_is_accepted(world):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("report"))
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("report"),
        {
            "category": "broken",
            "description": "The calendar link is broken.",
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 302


def test_production_cookies_are_httponly_secure_and_samesite():
    settings = load_settings(**PRODUCTION_ENV)

    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_HTTPONLY"] is True


def test_production_redirects_to_https_and_sends_hsts():
    settings = load_settings(**PRODUCTION_ENV)

    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def _production_transport():
    settings = load_settings(**PRODUCTION_ENV)
    names = [
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    ]  # fmt: skip
    return {name: settings[name] for name in names}


@pytest.mark.django_db
def test_signing_in_over_https_in_production_sets_a_locked_down_session_cookie(world):
    with override_settings(**_production_transport()):
        client = Client()
        response = client.post(
            reverse("account_login"),
            {"login": world.hidden.email, "password": PASSWORD},
            secure=True,
        )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] in ("Lax", "Strict")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(world):
    with override_settings(**_production_transport()):
        response = Client().get("/about/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/about/"
