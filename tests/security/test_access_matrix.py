"""The access matrix: every URL pattern the site exposes (ours, allauth's, the comment
redirect), for each role, on a public and on a members-only network, for GET and
for each POST action.

Each row is "<outcomes on a public network> | <outcomes on a members-only network>",
six outcomes in the order visitor, pending applicant, active member, organiser,
network owner, suspended member ("same" repeats the public row). An outcome is a
status code, "login" for a redirect to sign in, or "302" for any other redirect.
Every response also carries the security headers and never shows another member's
private data outside the organisers' tools (tests/security/matrix.py).

A URL pattern added to the URLconf without a row here fails
test_every_url_pattern_has_a_row_in_the_matrix.
"""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.notifications import unsubscribe_token
from network.blog.models import Post
from tests.conftest import PASSWORD
from tests.security import matrix
from tests.security.conftest import (
    ACCESS_NEEDS_MARKER,
    APPLICANT_MARKERS,
    EMAIL_MARKERS,
    ORGANISERS_ONLY_MARKER,
    SUSPENSION_MARKER,
    confirmation_key,
)

pytestmark = pytest.mark.django_db


def _comment(world):
    return {"comment_id": world.hidden_comment.pk}


# URL name (with an optional "#variant") -> how to fill its parameters.
KWARGS = {
    "account_confirm_email": lambda w: {"key": confirmation_key(w)},
    "account_reset_password_from_key": lambda w: {
        "uidb36": user_pk_to_url_str(w.hidden),
        "key": default_token_generator.make_token(w.hidden),
    },
    "members:accept_invitation": lambda w: {"token": w.invitation.token},
    "members:approve": lambda w: {"user_id": w.applicant.pk},
    "members:decline": lambda w: {"user_id": w.applicant.pk},
    "members:profile": lambda w: {"user_id": w.hidden.pk},
    "members:profile#applicant": lambda w: {"user_id": w.applicant.pk},
    "members:profile#suspended": lambda w: {"user_id": w.banned.pk},
    "members:moderate": lambda w: {"user_id": w.hidden.pk},
    "members:moderate#suspended": lambda w: {"user_id": w.banned.pk},
    "members:unsubscribe": lambda w: {"token": unsubscribe_token(w.hidden, "broadcasts")},
    "workshops:private_feed": lambda w: {"token": w.hidden.profile.calendar_token},
    "workshops:detail": lambda w: {"slug": w.upcoming.slug},
    "workshops:register": lambda w: {"slug": w.upcoming.slug},
    "workshops:cancel": lambda w: {"slug": w.upcoming.slug},
    "workshops:ics": lambda w: {"slug": w.upcoming.slug},
    "workshops:themes": lambda w: {"slug": w.upcoming.slug},
    "workshops:support_theme": lambda w: {"slug": w.upcoming.slug, "proposal_id": w.theme.pk},
    "workshops:choose_theme": lambda w: {"slug": w.upcoming.slug, "proposal_id": w.theme.pk},
    "workshops:feedback": lambda w: {"slug": w.past.slug},
    "workshops:withdraw_quote": lambda w: {"slug": w.past.slug},
    "workshops:attendees": lambda w: {"slug": w.upcoming.slug},
    "workshops:attendees_csv": lambda w: {"slug": w.upcoming.slug},
    "blog_tag_feed_rss": lambda w: {"slug": w.tag.slug},
    "blog_tag_feed_atom": lambda w: {"slug": w.tag.slug},
    "blog_comment_reply": _comment,
    "blog_comment_report": _comment,
    "blog_comment_delete": _comment,
    "blog_comment_delete#own": lambda w: {"comment_id": w.member_comment.pk},
    "blog_post": lambda w: {"slug": w.post.slug},
    "blog_post#draft": lambda w: {"slug": w.draft.slug},
    "blog_like": lambda w: {"slug": w.post.slug},
    "blog_comment": lambda w: {"slug": w.post.slug},
    "blog_attachment": lambda w: {"slug": w.post.slug, "attachment_id": w.attachment.pk},
    "upload": lambda w: {"name": w.attachment.file.name},
    "comments-url-redirect": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(Post).pk,
        "object_id": str(w.post.pk),
    },
    "comments-url-redirect#draft": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(Post).pk,
        "object_id": str(w.draft.pk),
    },
}

NEW_PASSWORD = "a-new-and-unusual-passphrase-43"
SIGNUP = {
    "email": "newcomer@example.org",
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
    "display_name": "Nia Newcomer",
    "accept_terms": "on",
}
REPORT = {
    "category": "broken",
    "page_url": "/workshops/",
    "description": "The workshop list shows yesterday's workshops.",
    "website_url": "",
}


def _data(value):
    return (lambda w: value) if isinstance(value, dict) else value


# URL name -> {"GET" or "POST <action>": expected, or (expected, POST data)}.
MATRIX = {
    # --- The public face of the network
    "home": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "about": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "terms": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "privacy": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "accessibility": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "badges": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "badge_png": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "badge_svg": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "report": {
        "GET": "200 200 200 200 200 200 | 200 200 200 200 200 200",
        "POST": ("302 302 302 302 302 302 | 302 302 302 302 302 302", REPORT),
    },
    "report_thanks": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "robots_txt": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "healthz": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "sitemap": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "search": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    # --- Signing in and one's account (allauth)
    "account_login": {
        "GET": "200 302 302 302 302 302 | 200 302 302 302 302 302",
        "POST": (
            "302 302 302 302 302 302 | 302 302 302 302 302 302",
            lambda w: {"login": w.hidden.email, "password": PASSWORD},
        ),
    },
    "account_logout": {
        "GET": "302 200 200 200 200 200 | 302 200 200 200 200 200",
        "POST": ("302 302 302 302 302 302 | 302 302 302 302 302 302", {}),
    },
    "account_inactive": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "account_signup": {
        "GET": "200 302 302 302 302 302 | 200 302 302 302 302 302",
        "POST": ("302 302 302 302 302 302 | 302 302 302 302 302 302", SIGNUP),
    },
    "account_reauthenticate": {
        "GET": "login 200 200 200 200 200 | login 200 200 200 200 200",
        "POST": ("login 302 302 302 302 302 | login 302 302 302 302 302", {"password": PASSWORD}),
    },
    "account_email": {
        "GET": "login 200 200 200 200 200 | login 200 200 200 200 200",
        "POST add": (
            "login 302 302 302 302 302 | login 302 302 302 302 302",
            {"action_add": "", "email": "second@example.org"},
        ),
    },
    "account_email_verification_sent": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "account_change_password": {
        "GET": "login 200 200 200 200 200 | login 200 200 200 200 200",
        "POST": (
            "login 302 302 302 302 302 | login 302 302 302 302 302",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
    },
    "account_set_password": {
        "GET": "login 302 302 302 302 302 | login 302 302 302 302 302",
        "POST": (
            "login 302 302 302 302 302 | login 302 302 302 302 302",
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
    },
    "account_reset_password": {
        "GET": "200 200 200 200 200 200 | 200 200 200 200 200 200",
        "POST": (
            "302 302 302 302 302 302 | 302 302 302 302 302 302",
            lambda w: {"email": w.hidden.email},
        ),
    },
    "account_reset_password_done": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "account_reset_password_from_key": {
        "GET": "302 302 302 302 302 302 | 302 302 302 302 302 302",
        "POST": (
            "302 302 302 302 302 302 | 302 302 302 302 302 302",
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
    },
    "account_reset_password_from_key_done": {
        "GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"
    },
    "account_confirm_email": {
        "GET": "200 200 200 200 200 200 | 200 200 200 200 200 200",
        "POST": ("login login login login login login | login login login login login login", {}),
    },
    "account_confirm_login_code": {
        "GET": "login 302 302 302 302 302 | login 302 302 302 302 302",
        "POST": ("login 302 302 302 302 302 | login 302 302 302 302 302", {"code": "ABCDEF"}),
    },
    # --- Members
    "members:directory": {"GET": "200 200 200 200 200 403 | login 403 200 200 200 403"},
    "members:me": {"GET": "login 302 302 302 302 302 | login 302 302 302 302 302"},
    "members:edit_profile": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": (
            "login 403 302 302 302 403 | login 403 302 302 302 403",
            {
                "display_name": "A new name",
                "expertise_visibility": "members",
                "organisation_visibility": "members",
                "area_visibility": "members",
                "bio_visibility": "members",
                "website_visibility": "members",
            },
        ),
    },
    "members:edit_avatar": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST remove": ("login 403 302 302 302 403 | login 403 302 302 302 403", {"remove": "1"}),
    },
    "members:notifications": {
        "GET": "login 200 200 200 200 200 | login 200 200 200 200 200",
        "POST": ("login 302 302 302 302 302 | login 302 302 302 302 302", {"notify_replies": "on"}),
    },
    "members:status": {"GET": "login 200 200 200 200 200 | login 200 200 200 200 200"},
    "members:accept_terms": {
        "GET": "login 302 302 302 302 302 | login 302 302 302 302 302",
        "POST": ("login 302 302 302 302 302 | login 302 302 302 302 302", {"accept": "on"}),
    },
    "members:your_data": {"GET": "login 200 200 200 200 200 | login 200 200 200 200 200"},
    "members:download_data": {"GET": "login 200 200 200 200 200 | login 200 200 200 200 200"},
    "members:delete_account": {
        "GET": "login 200 200 200 403 200 | login 200 200 200 403 200",
        "POST": ("login 302 302 302 403 302 | login 302 302 302 403 302", {"password": PASSWORD}),
    },
    "members:leave": {
        "GET": "login 200 200 200 403 200 | login 200 200 200 403 200",
        "POST": ("login 302 302 302 403 302 | login 302 302 302 403 302", {}),
    },
    "members:invite": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": (
            "login 403 302 302 302 403 | login 403 302 302 302 403",
            {"email": "friend@example.org", "message": "Join us"},
        ),
    },
    "members:accept_invitation": {"GET": "302 302 302 302 302 302 | 302 302 302 302 302 302"},
    "members:pending": {"GET": "login 403 403 200 200 403 | login 403 403 200 200 403"},
    "members:approve": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 403 403 302 302 403 | login 403 403 302 302 403", {}),
    },
    "members:decline": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": (
            "login 403 403 302 302 403 | login 403 403 302 302 403",
            {"message": "Not this time."},
        ),
    },
    "members:broadcast": {
        "GET": "login 403 403 200 200 403 | login 403 403 200 200 403",
        "POST preview": (
            "login 403 403 200 200 403 | login 403 403 200 200 403",
            {"subject": "Hello", "body": "News."},
        ),
        "POST send": (
            "login 403 403 302 302 403 | login 403 403 302 302 403",
            {"subject": "Hello", "body": "News.", "send": "1"},
        ),
    },
    "members:profile": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "members:profile#applicant": {"GET": "404 404 404 200 200 404 | login 403 404 200 200 403"},
    "members:profile#suspended": {"GET": "404 404 404 200 200 404 | login 403 404 200 200 403"},
    "members:moderate": {
        "GET": "login 403 403 200 200 403 | login 403 403 200 200 403",
        "POST suspend": (
            "login 403 403 302 302 403 | login 403 403 302 302 403",
            {"action": "suspend", "reason": "Spam links."},
        ),
        "POST promote": (
            "login 403 403 403 302 403 | login 403 403 403 302 403",
            {"action": "promote"},
        ),
        "POST demote": (
            "login 403 403 403 302 403 | login 403 403 403 302 403",
            {"action": "demote"},
        ),
    },
    "members:moderate#suspended": {
        "GET": "login 403 403 200 200 403 | login 403 403 200 200 403",
        "POST reinstate": (
            "login 403 403 302 302 403 | login 403 403 302 302 403",
            {"action": "reinstate"},
        ),
    },
    "members:unsubscribe": {
        "GET": "200 200 200 200 200 200 | 200 200 200 200 200 200",
        "POST": ("200 200 200 200 200 200 | 200 200 200 200 200 200", {}),
    },
    # --- Workshops
    "workshops:list": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "workshops:past": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "workshops:upcoming_ics": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "workshops:my_calendar": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST new address": ("login 403 302 302 302 403 | login 403 302 302 302 403", {}),
    },
    "workshops:private_feed": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "workshops:detail": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "workshops:register": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": (
            "login 403 302 302 302 403 | login 403 302 302 302 403",
            {"access_needs": ["step_free"]},
        ),
    },
    "workshops:cancel": {
        "GET": "login 403 200 200 302 403 | login 403 200 200 302 403",
        "POST": ("login 403 302 302 302 403 | login 403 302 302 302 403", {}),
    },
    "workshops:ics": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "workshops:themes": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST propose": (
            "login 403 302 302 403 403 | login 403 302 302 403 403",
            {"text": "Power in a ward round", "website_url": ""},
        ),
    },
    "workshops:support_theme": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 403 302 302 403 403 | login 403 302 302 403 403", {}),
    },
    "workshops:choose_theme": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 403 403 302 302 403 | login 403 403 302 302 403", {"chosen": "1"}),
    },
    "workshops:feedback": {
        "GET": "login 403 200 403 403 403 | login 403 200 403 403 403",
        "POST": (
            "login 403 302 403 403 403 | login 403 302 403 403 403",
            {"usefulness": "4", "attribution": "anonymous", "website_url": ""},
        ),
    },
    "workshops:withdraw_quote": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 403 302 404 404 403 | login 403 302 404 404 403", {}),
    },
    "workshops:attendees": {"GET": "login 403 403 200 200 403 | login 403 403 200 200 403"},
    "workshops:attendees_csv": {"GET": "login 403 403 200 200 403 | login 403 403 200 200 403"},
    # --- Blog and comments
    "blog_list": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "blog_feed_rss": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "blog_feed_atom": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "blog_tag_feed_rss": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "blog_tag_feed_atom": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "blog_post": {"GET": "200 200 200 200 200 200 | 200 200 200 200 200 200"},
    "blog_post#draft": {"GET": "404 404 404 200 200 404 | 404 404 404 200 200 404"},
    "blog_like": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 403 302 302 302 403 | login 403 302 302 302 403", {}),
    },
    "blog_comment": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": (
            "login 403 302 302 302 403 | login 403 302 302 302 403",
            {"comment": "Thank you for this."},
        ),
    },
    "blog_comment_reply": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": ("login 403 302 302 302 403 | login 403 302 302 302 403", {"comment": "I agree."}),
    },
    "blog_comment_report": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": (
            "login 403 200 200 200 403 | login 403 200 200 200 403",
            {"category": "spam", "description": "Selling things."},
        ),
    },
    "blog_comment_delete": {
        "GET": "login 403 403 200 200 403 | login 403 403 200 200 403",
        "POST remove": (
            "login 403 403 302 302 403 | login 403 403 302 302 403",
            {"reason": "Off topic."},
        ),
    },
    "blog_comment_delete#own": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": ("login 403 302 200 200 403 | login 403 302 200 200 403", {}),
    },
    "blog_attachment": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    # Any upload by its stored name (/media/...): the same rule as the attachment above,
    # asked by the file's own check; a refusal is a 404 (an <img> cannot sign in).
    "upload": {"GET": "200 200 200 200 200 200 | 404 404 200 200 200 404"},
    "comments-url-redirect": {"GET": "302 302 302 302 302 302 | login 403 302 302 302 403"},
    "comments-url-redirect#draft": {"GET": "404 404 404 302 302 404 | login 403 404 302 302 403"},
}

CASES = [(key, action) for key, actions in MATRIX.items() for action in actions]


def url_patterns(resolver=None, namespaces=()):
    """(route, name with its namespaces) of every pattern, walking includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            for route, name in url_patterns(pattern, inner):
                yield str(pattern.pattern) + route, name
        elif isinstance(pattern, URLPattern):
            name = ":".join(namespaces + (pattern.name,)) if pattern.name else None
            yield str(pattern.pattern), name


def test_every_url_pattern_has_a_row_in_the_matrix():
    covered = {key.split("#")[0] for key in MATRIX}
    missing = [
        f"{route} (name={name})"
        for route, name in url_patterns()
        if not route.startswith("admin/") and (name or route) not in covered
    ]
    assert missing == [], (
        "These URL patterns have no row in the access matrix. Add one to MATRIX in "
        "tests/security/test_access_matrix.py saying what each role may do there: "
        + ", ".join(missing)
    )


def test_the_matrix_names_no_url_that_no_longer_exists():
    names = {name for _, name in url_patterns()}
    stale = sorted(key for key in MATRIX if key.split("#")[0] not in names)
    assert stale == []


def _url(world, key):
    name = key.split("#")[0]
    kwargs = KWARGS.get(key, KWARGS.get(name, lambda w: {}))(world)
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("key,action", CASES, ids=[f"{k}-{a}" for k, a in CASES])
def test_access_matrix(world, network, key, action):
    spec = MATRIX[key][action]
    expected_text, data = (spec, None) if isinstance(spec, str) else spec
    method = "GET" if action == "GET" else "POST"
    url_name = key.split("#")[0]
    url = _url(world, key)
    observed, problems = {}, []
    for visibility in matrix.VISIBILITIES:
        matrix.set_visibility(network, visibility)
        row = []
        for role in matrix.ROLES:
            payload = _data(data)(world) if data is not None else None
            response = matrix.request_as(world.people[role], method, url, payload)
            row.append(matrix.outcome_of(response))
            where = f"{visibility} {role} {method} {url}"
            problems += [f"{where}: {p}" for p in matrix.header_problems(response)]
            leaked = matrix.leaks(response, role, url_name)
            if leaked:
                problems.append(f"{where}: shows another member's private data {leaked}")
        observed[visibility] = tuple(row)
    if matrix.RECORD:
        public = " ".join(observed["public"])
        members_only = " ".join(observed["members_only"])
        print(f'\nRECORD {key!r} {action!r}: "{public} | {members_only}"')
    else:
        expected = matrix.parse_expected(expected_text)
        for visibility in matrix.VISIBILITIES:
            if observed[visibility] != expected[visibility]:
                problems.append(
                    f"{visibility}: expected {' '.join(expected[visibility])}, "
                    f"got {' '.join(observed[visibility])} ({' '.join(matrix.ROLES)})"
                )
    assert problems == [], "\n".join(problems)


# --- The admin, as a sanity subset: its index and each model's list --------------------------


def _admin_urls():
    urls = ["admin:index"]
    for model in admin.site._registry:
        urls.append(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return urls


@pytest.mark.parametrize("name", _admin_urls())
def test_admin_pages_are_for_staff_with_permission_only(world, name):
    url = reverse(name)
    for role in matrix.ROLES:
        user = world.people[role]
        response = matrix.request_as(user, "GET", url, None)
        outcome = matrix.outcome_of(response)
        if role in ("visitor", "pending", "member", "suspended"):
            assert outcome == "login", (role, url, outcome)
        elif role == "owner" or name == "admin:index":
            assert outcome == "200", (role, url, outcome)
        else:
            model = next(
                m
                for m in admin.site._registry
                if name.endswith(f"{m._meta.app_label}_{m._meta.model_name}_changelist")
            )
            opts = model._meta
            may_view = user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
                f"{opts.app_label}.change_{opts.model_name}"
            )
            assert outcome == ("200" if may_view else "403"), (role, url, outcome)
        assert matrix.header_problems(response) == [], (role, url)


def test_the_private_data_markers_do_show_in_the_organisers_tools(world):
    # The leak check above is only as good as its markers: they must be findable
    # where organisers legitimately see them, or a leak would go unnoticed.
    organiser = world.people["organiser"]
    pages = {
        reverse("members:pending"): APPLICANT_MARKERS,
        reverse("workshops:attendees", args=[world.upcoming.slug]): [ACCESS_NEEDS_MARKER],
        reverse("workshops:attendees_csv", args=[world.upcoming.slug]): [
            ACCESS_NEEDS_MARKER,
            EMAIL_MARKERS[0],
        ],
        reverse("members:moderate", args=[world.banned.pk]): [SUSPENSION_MARKER],
        reverse("members:profile", args=[world.hidden.pk]): [ORGANISERS_ONLY_MARKER],
    }
    for url, markers in pages.items():
        text = matrix.body_text(matrix.request_as(organiser, "GET", url, None))
        for marker in markers:
            assert marker in text, (url, marker)
