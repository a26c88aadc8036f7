"""Running one row of the access matrix: the request each role makes, what came
back, and the checks every response must pass (security headers, no private data
of another member)."""

import os
import re
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction

from network.models import Network
from tests.conftest import client_for
from tests.security.conftest import (
    ACCESS_NEEDS_MARKER,
    APPLICANT_MARKERS,
    EMAIL_MARKERS,
    ORGANISERS_ONLY_MARKER,
    SUSPENSION_MARKER,
)

ROLES = ("visitor", "pending", "member", "organiser", "owner", "suspended")
VISIBILITIES = ("public", "members_only")

# marker -> (roles that may see it, URL names where they may). "*" is anywhere.
ORGANISERS = frozenset({"organiser", "owner"})
PRIVATE_DATA = {
    **{marker: (ORGANISERS, {"members:pending"}) for marker in APPLICANT_MARKERS},
    # Members' e-mail addresses: in the attendee export (and the admin) only.
    EMAIL_MARKERS[0]: (ORGANISERS, {"workshops:attendees_csv"}),
    # Applicants' e-mail addresses are in the admin only.
    EMAIL_MARKERS[1]: (ORGANISERS, set()),
    ACCESS_NEEDS_MARKER: (ORGANISERS, {"workshops:attendees", "workshops:attendees_csv"}),
    SUSPENSION_MARKER: (ORGANISERS, {"members:moderate"}),
    # The member chose "organisers only": organisers see it wherever the bio shows.
    ORGANISERS_ONLY_MARKER: (ORGANISERS, {"*"}),
}

TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss", "application/atom")


class Outcome(str):
    """What one role got: "200", "404", "login" (redirect to sign in), "302"
    (redirect elsewhere)..."""


def outcome_of(response) -> str:
    if response.status_code in (301, 302, 303):
        path = urlsplit(response["Location"]).path
        if path in ("/accounts/login/", "/admin/login/"):
            return "login"
        if path.startswith("/accounts/2fa/"):
            return "2fa"  # a staff account sent to set up or enter its second factor
        return str(response.status_code)
    return str(response.status_code)


def header_problems(response) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    script_src = directives.get("script-src", directives.get("default-src"))
    if script_src is None:
        problems.append("no CSP script-src (nor default-src)")
    elif "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        problems.append(f"CSP allows inline script: {script_src}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')!r}")
    if not response.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    return problems


def body_text(response) -> str:
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(TEXT_TYPES) or getattr(response, "streaming", False):
        return ""
    return response.content.decode(response.charset or "utf-8", "replace")


def leaks(response, role: str, url_name: str) -> list[str]:
    text = body_text(response)
    found = []
    for marker, (roles, where) in PRIVATE_DATA.items():
        if marker.lower() not in text.lower():
            continue
        if role in roles and ("*" in where or url_name in where):
            continue
        found.append(marker)
    return found


def set_visibility(network: Network, visibility: str) -> None:
    network.visibility = (
        Network.Visibility.MEMBERS_ONLY
        if visibility == "members_only"
        else Network.Visibility.PUBLIC
    )
    network.save()
    cache.clear()


class _Rollback(Exception):
    pass


def request_as(
    user, method: str, url: str, data: dict | None, *, csrf: bool = False, second_factor=True
):
    """One request by `user`, whose effects (sessions, writes) are rolled back so
    every role meets the same world. Staff accounts have passed their second factor
    unless `second_factor=False`."""
    result = {}
    cache.clear()  # rate limits count per test, not across roles
    try:
        with transaction.atomic():
            client = client_for(user, second_factor=second_factor, enforce_csrf_checks=csrf)
            if method == "GET":
                result["response"] = client.get(url)
            else:
                result["response"] = client.post(url, data or {})
            raise _Rollback
    except _Rollback:
        pass
    return result["response"]


def parse_expected(text: str) -> dict[str, tuple[str, ...]]:
    """ "public outcomes | members-only outcomes", each six words in ROLES order;
    "same" for the second half repeats the first."""
    public, _, members_only = (part.strip() for part in text.partition("|"))
    if members_only in ("", "same"):
        members_only = public
    rows = {"public": tuple(public.split()), "members_only": tuple(members_only.split())}
    for visibility, row in rows.items():
        assert len(row) == len(ROLES), f"{visibility}: {text!r} needs {len(ROLES)} outcomes"
    return rows


RECORD = os.environ.get("SECURITY_MATRIX_RECORD") == "1"
WORD = re.compile(r"\S+")
