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

The organiser and the owner have passed their second factor ("2fa" is a redirect to
set it up or enter its code). Beside the six roles, every row is also asked of an
organiser who is suspended, one who has left and one who was erased (they get what a
suspended member, a member who left and a visitor get), and of an organiser and an
owner who have not passed their second factor (they get what an organiser gets, but
"2fa" on the moderation pages); the admin is walked page by page for all of them.
"""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from involvement.models import ExportBatch
from members import gdpr, moderation
from members.models import Broadcast, ModerationAction, Profile
from members.notifications import unsubscribe_token
from members.roles import ORGANISERS_GROUP, sync_organisers_group
from network.blog.models import Post
from network.models import IssueReport
from tests.conftest import PASSWORD, client_for
from tests.security import matrix
from tests.security.conftest import (
    ACCESS_NEEDS_MARKER,
    APPLICANT_MARKERS,
    EMAIL_MARKERS,
    ORGANISERS_ONLY_MARKER,
    SUSPENSION_MARKER,
    confirmation_key,
)
from tests.staff import give_authenticator

pytestmark = pytest.mark.django_db


def _resource(kind):
    from library.models import Resource

    fields = {
        "public": {},
        "members": {"visibility": Resource.Visibility.MEMBERS},
        "suggested": {"status": Resource.Status.SUGGESTED},
    }[kind]
    resource, _ = Resource.objects.get_or_create(
        slug=f"matrix-{kind}", defaults={"title": f"Matrix {kind}", "summary": "x", **fields}
    )
    return resource


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
    "members:contributions": lambda w: {"user_id": w.hidden.pk},
    "members:contributions#applicant": lambda w: {"user_id": w.applicant.pk},
    "members:contributions_csv": lambda w: {"user_id": w.hidden.pk},
    "network_overview_csv": lambda w: {"slug": "growth"},
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
    "workshops:message": lambda w: {"slug": w.upcoming.slug},
    "workshops:certificate": lambda w: {"slug": w.upcoming.slug},
    "workshops:feedback_summary": lambda w: {"slug": w.upcoming.slug},
    "workshops:attendees_csv": lambda w: {"slug": w.upcoming.slug},
    "workshops:attendees_xlsx": lambda w: {"slug": w.upcoming.slug},
    # Nobody's notification: each person opens only their own (anyone else's: back to
    # their own centre).
    "notification_open": lambda w: {"pk": 999999},
    "workshops:register_session": lambda w: {
        "slug": w.session.workshop.slug,
        "session_id": w.session.pk,
    },
    "workshops:leave_session": lambda w: {
        "slug": w.session.workshop.slug,
        "session_id": w.session.pk,
    },
    "blog_tag_feed_rss": lambda w: {"slug": w.tag.slug},
    "blog_tag_feed_atom": lambda w: {"slug": w.tag.slug},
    "blog_comment_reply": _comment,
    "blog_comment_report": _comment,
    "blog_comment_delete": _comment,
    "blog_comment_delete#own": lambda w: {"comment_id": w.member_comment.pk},
    "blog_post": lambda w: {"slug": w.post.slug},
    "blog_post#draft": lambda w: {"slug": w.draft.slug},
    "blog_like": lambda w: {"slug": w.post.slug},
    "blog_follow": lambda w: {"slug": w.post.slug},
    "blog_comment": lambda w: {"slug": w.post.slug},
    "blog_attachment": lambda w: {"slug": w.post.slug, "attachment_id": w.attachment.pk},
    "upload": lambda w: {"name": w.attachment.file.name},
    "library:detail": lambda w: {"slug": _resource("public").slug},
    "involvement:make_claim": lambda w: {"offer_id": w.extra["offer"].pk},
    "involvement:claim": lambda w: {"pk": w.extra["claim"].pk},
    "involvement:change_choice": lambda w: {"pk": w.extra["claim"].pk},
    "involvement:add_expense": lambda w: {"pk": w.extra["claim"].pk},
    "involvement:answer": lambda w: {"pk": w.extra["claim"].pk},
    "involvement:remove_expense": lambda w: {
        "pk": w.extra["claim"].pk,
        "expense_id": w.extra["expense"].pk,
    },
    "involvement:receipt": lambda w: {"expense_id": w.extra["expense"].pk},
    "library:detail#members": lambda w: {"slug": _resource("members").slug},
    "library:detail#suggested": lambda w: {"slug": _resource("suggested").slug},
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
    # The owner's view of the network: organisers and the owner.
    "network_overview": {"GET": "login 403 403 200 200 403 | login 403 403 200 200 403"},
    "network_overview_csv": {"GET": "login 403 403 200 200 403 | login 403 403 200 200 403"},
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
        # allauth adds no address to an account with a second factor (the organiser's and
        # the owner's): the form comes back saying so.
        "POST add": (
            "login 302 302 200 200 302 | login 302 302 200 200 302",
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
    # --- Sign-in security: the second factor (allauth.mfa); the organiser and the owner
    # have an authenticator and have passed it, the others have none.
    "mfa_index": {"GET": "login 200 200 200 200 200 | login 200 200 200 200 200"},
    # Only mid-sign-in, after the password: anyone else is sent back.
    "mfa_authenticate": {
        "GET": "login 302 302 302 302 302 | login 302 302 302 302 302",
        "POST": ("login 302 302 302 302 302 | login 302 302 302 302 302", {"code": "000000"}),
    },
    # Without an authenticator, reauthenticating is by password (302 there).
    "mfa_reauthenticate": {
        "GET": "login 302 302 200 200 302 | login 302 302 200 200 302",
        "POST": ("login 302 302 200 200 302 | login 302 302 200 200 302", {"code": "000000"}),
    },
    # Changing how one signs in asks for the password (or a code) again first; the
    # organiser and the owner, who have one, are sent to turn it off instead.
    "mfa_activate_totp": {
        "GET": "login 302 302 302 302 302 | login 302 302 302 302 302",
        "POST": ("login 302 302 302 302 302 | login 302 302 302 302 302", {"code": "000000"}),
    },
    "mfa_deactivate_totp": {
        "GET": "login 404 404 302 302 404 | login 404 404 302 302 404",
        "POST": ("login 404 404 302 302 404 | login 404 404 302 302 404", {}),
    },
    "mfa_view_recovery_codes": {"GET": "login 404 404 302 302 404 | login 404 404 302 302 404"},
    "mfa_generate_recovery_codes": {
        "GET": "login 302 302 302 302 302 | login 302 302 302 302 302",
        "POST": ("login 302 302 302 302 302 | login 302 302 302 302 302", {}),
    },
    "mfa_download_recovery_codes": {"GET": "login 404 404 302 302 404 | login 404 404 302 302 404"},
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
        "POST": (
            "login 302 302 302 302 302 | login 302 302 302 302 302",
            {
                "email_replies": "now",
                "email_comments": "daily",
                "email_mentions": "off",
                "digest_hour": "8",
                "digest_weekday": "0",
            },
        ),
    },
    # The matrix's network is open to join: the request form sends everyone to sign up.
    "members:ask_for_invitation": {
        "GET": "302 302 302 302 302 302 | 302 302 302 302 302 302",
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
    # A contribution record is its member's alone until they share it (hidden has not).
    "members:contributions": {"GET": "403 403 403 403 403 403 | login 403 403 403 403 403"},
    "members:contributions#applicant": {
        "GET": "404 404 404 403 403 404 | login 403 404 403 403 403"
    },
    "members:contributions_csv": {"GET": "403 403 403 403 403 403 | login 403 403 403 403 403"},
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
            {"action": "reinstate", "reason": "Suspended by mistake."},
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
    "workshops:feedback_summary": {"GET": "login 403 403 200 200 403 | login 403 403 200 200 403"},
    "workshops:certificate": {"GET": "login 403 403 403 403 403 | login 403 403 403 403 403"},
    "workshops:message": {
        "GET": "login 403 403 200 200 403 | login 403 403 200 200 403",
        "POST": (
            "login 403 403 200 200 403 | login 403 403 200 200 403",
            {"audience": "confirmed", "subject": "Hello", "body": "See you soon.", "preview": "1"},
        ),
    },
    "workshops:attendees_csv": {"GET": "login 403 403 200 200 403 | login 403 403 200 200 403"},
    "workshops:attendees_xlsx": {"GET": "login 403 403 200 200 403 | login 403 403 200 200 403"},
    "workshops:register_session": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": (
            "login 403 302 302 302 403 | login 403 302 302 302 403",
            {"access_needs": ["step_free"]},
        ),
    },
    "workshops:leave_session": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 403 302 302 302 403 | login 403 302 302 302 403", {}),
    },
    # --- The notification centre: every signed-in person's own
    "notifications": {"GET": "login 200 200 200 200 200 | login 403 200 200 200 403"},
    "notifications_read_all": {
        "GET": "login 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 302 302 302 302 302 | login 403 302 302 302 403", {}),
    },
    "notification_open": {
        "GET": "login 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 302 302 302 302 302 | login 403 302 302 302 403", {}),
    },
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
    "blog_follow": {
        "GET": "405 405 405 405 405 405 | login 403 405 405 405 403",
        "POST": ("login 403 302 302 302 403 | login 403 302 302 302 403", {"follow": "1"}),
    },
    # The comment form's "@" suggestions: for those who may comment.
    "blog_mention_suggestions": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": ("405 405 405 405 405 405 | login 403 405 405 405 403", {}),
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
    # --- The library (library/permissions.py): as open as the network; suggesting and
    # saying one's partner for active members.
    "library:list": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "library:feed": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "library:detail": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "library:detail#members": {"GET": "login 403 200 200 200 403 | login 403 200 200 200 403"},
    "library:detail#suggested": {"GET": "404 403 403 200 200 403 | login 403 403 200 200 403"},
    "library:suggest": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": (
            "login 403 302 302 302 403 | login 403 302 302 302 403",
            {
                "title": "A guide",
                "summary": "For carers.",
                "kind": "guide",
                "licence": "unknown",
                "link": "https://example.org/guide",
            },
        ),
    },
    "library:partners": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    "library:my_partner": {
        "GET": "login 403 200 200 200 403 | login 403 200 200 200 403",
        "POST": (
            "login 403 302 302 302 403 | login 403 302 302 302 403",
            {"visibility": "members"},
        ),
    },
    "library:outcomes": {"GET": "200 200 200 200 200 200 | login 403 200 200 200 403"},
    # --- Paid involvement (involvement/permissions.py): anyone signed in sees their own
    # claims, suspended members too and on a members-only network (money owed for work
    # done is owed); a claim and its writes are its claimant's alone (404 to anyone
    # else: organisers handle claims in the admin); a receipt is for its claimant and
    # the organisers (403 to others). The member's offer is claimed already (400).
    "involvement:claims": {"GET": "login 200 200 200 200 200 | same"},
    "involvement:make_claim": {
        "GET": "405 405 405 405 405 405 | same",
        "POST": (
            "login 400 400 400 400 400 | same",
            lambda w: {f"offer-{w.extra['offer'].pk}-choice": "payment"},
        ),
    },
    "involvement:claim": {"GET": "login 404 200 404 404 404 | same"},
    "involvement:change_choice": {
        "GET": "405 405 405 405 405 405 | same",
        "POST": ("login 404 302 404 404 404 | same", {"choice-choice": "voucher"}),
    },
    "involvement:add_expense": {
        "GET": "405 405 405 405 405 405 | same",
        "POST": (
            "login 404 302 404 404 404 | same",
            {"expense-kind": "other", "expense-description": "Tea", "expense-amount": "2"},
        ),
    },
    "involvement:answer": {
        "GET": "405 405 405 405 405 405 | same",
        "POST": ("login 404 302 404 404 404 | same", {"answer-message": "Yes."}),
    },
    "involvement:remove_expense": {
        "GET": "405 405 405 405 405 405 | same",
        "POST": ("login 404 302 404 404 404 | same", {}),
    },
    "involvement:receipt": {"GET": "login 403 200 200 200 403 | same"},
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


# --- Organisers who are no longer in good standing, and staff without a second factor --------


def _organiser(make_user, name, state=Profile.State.ACTIVE, **fields):
    """Someone promoted as the owner promotes (the group and staff status)."""
    user = make_user(display_name=name, state=state, **fields)
    user.groups.add(sync_organisers_group())
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def former_organisers(world, make_user):
    """Organisers, with their authenticator, who were suspended, have left, or were
    erased: the group and staff status stay (all but erasure leave them), so only
    their standing says no. And a member who has left, to compare."""
    suspended = _organiser(make_user, "Sue Suspended-Organiser", Profile.State.SUSPENDED)
    left = _organiser(make_user, "Leo Left-Organiser", Profile.State.LEFT, left_at=timezone.now())
    erased = _organiser(make_user, "Eri Erased-Organiser")
    for user in (suspended, left, erased):
        give_authenticator(user)
    gdpr.erase(erased)
    left_member = make_user(
        display_name="Lou Left-Member", state=Profile.State.LEFT, left_at=timezone.now()
    )
    assert suspended.groups.filter(name=ORGANISERS_GROUP).exists() and suspended.is_staff
    return {"suspended": suspended, "left": left, "erased": erased, "left_member": left_member}


def _follows_own_authenticator(url_name: str) -> bool:
    """Pages about one's own sign-in (the sign-in security pages; adding an address, which
    allauth refuses to an account with a second factor) answer by whether the account has
    an authenticator, not by standing: test_staff_accounts.py covers them."""
    return url_name.startswith("mfa_") or url_name == "account_email"


STANDING_CASES = [
    (key, action) for key, action in CASES if not _follows_own_authenticator(key.split("#")[0])
]


def _case(world, key, action):
    spec = MATRIX[key][action]
    expected_text, data = (spec, None) if isinstance(spec, str) else spec
    method = "GET" if action == "GET" else "POST"
    return matrix.parse_expected(expected_text), data, method, _url(world, key)


def test_an_organiser_who_is_suspended_has_left_or_was_erased_has_no_power_left(
    world, network, former_organisers
):
    """Every row: each gets exactly what a suspended member, a member who left and a
    visitor get, and never an organisers-only marker. (One test for all the rows: the
    world is built once, and every request is rolled back.)"""
    problems = []
    for visibility in matrix.VISIBILITIES:
        matrix.set_visibility(network, visibility)
        for key, action in STANDING_CASES:
            expected, data, method, url = _case(world, key, action)
            url_name = key.split("#")[0]

            def outcome(
                user, who, data=data, method=method, url=url, name=url_name, vis=visibility
            ):
                payload = _data(data)(world) if data is not None else None
                response = matrix.request_as(user, method, url, payload)
                leaked = matrix.leaks(response, "suspended", name)
                if leaked:
                    problems.append(f"{vis} {who} {method} {url}: shows {leaked}")
                return matrix.outcome_of(response)

            compared = {
                "suspended organiser": (
                    outcome(former_organisers["suspended"], "suspended organiser"),
                    expected[visibility][matrix.ROLES.index("suspended")],
                ),
                "left organiser": (
                    outcome(former_organisers["left"], "left organiser"),
                    outcome(former_organisers["left_member"], "left member"),
                ),
                "erased organiser": (
                    outcome(former_organisers["erased"], "erased organiser"),
                    expected[visibility][matrix.ROLES.index("visitor")],
                ),
            }
            for who, (got, wanted) in compared.items():
                if got != wanted:
                    problems.append(
                        f"{visibility} {who} {method} {url} ({key}): expected {wanted}, got {got}"
                    )
    assert problems == [], "\n".join(problems)


# The moderation pages and the network overview (members' personal figures in aggregate):
# staff pass their second factor first (members.roles.staff_page).
SECOND_FACTOR_PAGES = {
    "network_overview",
    "network_overview_csv",
    "members:pending",
    "members:approve",
    "members:decline",
    "members:moderate",
    "members:broadcast",
    "blog_comment_delete",  # removing someone else's comment (both rows: neither is theirs)
}


def test_staff_without_their_second_factor_are_sent_to_it_on_the_moderation_pages_only(
    world, network
):
    """Every row, for the organiser and the owner without an authenticator, then with one
    but not yet asked for its code in this session: what they get with it, except "2fa"
    on the moderation pages (the sign-in security pages are in test_staff_accounts)."""
    problems = []
    for has_authenticator in (False, True):
        if has_authenticator:
            for role in ("organiser", "owner"):
                give_authenticator(world.people[role])
        for visibility in matrix.VISIBILITIES:
            matrix.set_visibility(network, visibility)
            for key, action in STANDING_CASES:
                expected, data, method, url = _case(world, key, action)
                on_moderation_page = key.split("#")[0] in SECOND_FACTOR_PAGES
                for role in ("organiser", "owner"):
                    with_it = expected[visibility][matrix.ROLES.index(role)]
                    wanted = "2fa" if on_moderation_page and with_it != "405" else with_it
                    payload = _data(data)(world) if data is not None else None
                    response = matrix.request_as(
                        world.people[role], method, url, payload, second_factor=False
                    )
                    got = matrix.outcome_of(response)
                    if got != wanted:
                        problems.append(
                            f"{visibility} {role} (authenticator: {has_authenticator}) "
                            f"{method} {url} ({key}): expected {wanted}, got {got}"
                        )
    assert problems == [], "\n".join(problems)


# --- The admin, page by page, for every role -------------------------------------------------


@pytest.fixture
def admin_people(world, former_organisers, make_user):
    """Who asks for each admin page, and what they must get: a fixed outcome, or None
    for "what their permissions allow" (200 or a refusal from the admin itself)."""
    asked_too_late = _organiser(make_user, "Ali Authenticator-Not-Asked")
    give_authenticator(asked_too_late)
    people = world.people
    return [
        # (who, user, passed the second factor in this session, expected)
        ("visitor", None, True, "login"),
        ("pending applicant", people["pending"], True, "403"),
        ("member", people["member"], True, "403"),
        ("suspended member", people["suspended"], True, "403"),
        ("suspended organiser", former_organisers["suspended"], True, "403"),
        ("left organiser", former_organisers["left"], True, "403"),
        ("erased organiser", former_organisers["erased"], True, "login"),
        ("organiser without an authenticator", people["organiser"], False, "2fa"),
        ("owner without an authenticator", people["owner"], False, "2fa"),
        ("organiser not asked for the code yet", asked_too_late, False, "2fa"),
        ("organiser", people["organiser"], True, None),
        ("owner", people["owner"], True, None),
    ]


@pytest.fixture
def admin_records(world):
    """One of each record the organisers' admin lists that the world lacks."""
    owner = world.people["owner"]
    moderation.record_action(actor=owner, subject=world.banned, kind="suspend", reason="Spam.")
    IssueReport.objects.create(category="broken", page_url="/", description="A broken link.")
    Broadcast.objects.create(sender=owner, subject="News", body="Hello.", recipient_count=3)
    ExportBatch.objects.create(created_by=owner)


def _registry():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _model_pages(model, model_admin):
    """(kind, url name, args, object) of one model's admin pages."""
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    pages = [("changelist", f"{name}_changelist", [], None), ("add", f"{name}_add", [], None)]
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        for kind in ("change", "history", "delete"):
            pages.append((kind, f"{name}_{kind}", [obj.pk], obj))
    return pages


def _allowed(model_admin, kind, user, obj) -> bool:
    """What the ModelAdmin itself allows this person (asking our permission backends)."""
    request = RequestFactory().get("/admin/")
    request.user = type(user)._default_manager.get(pk=user.pk)
    if kind == "add":
        return model_admin.has_add_permission(request)
    if kind == "delete":
        return model_admin.has_delete_permission(request, obj)
    return model_admin.has_view_or_change_permission(request, obj)


def _walk(pages, people, expect):
    """Each person asks for each page; `expect(kind, user)` says what the organiser and
    the owner get (everyone else's outcome is fixed). Returns the problems and the
    pages the organiser and the owner opened."""
    problems, reached = [], {"organiser": [], "owner": []}
    for kind, url in pages:
        for who, user, second_factor, expected in people:
            if expected is None:
                expected = expect(kind, user)
            response = matrix.request_as(user, "GET", url, None, second_factor=second_factor)
            got = matrix.outcome_of(response)
            if got != expected:
                problems.append(f"{who} GET {url}: expected {expected}, got {got}")
            problems += [f"{who} GET {url}: {p}" for p in matrix.header_problems(response)]
            if who in reached and got == "200":
                reached[who].append(url)
    return problems, reached


MODELS = [model._meta.label for model, _ in _registry()]


@pytest.mark.parametrize("label", MODELS)
def test_every_admin_page_of_a_model_follows_standing_second_factor_and_permissions(
    world, admin_people, admin_records, label
):
    model, model_admin = next((m, a) for m, a in _registry() if m._meta.label == label)
    pages, objects = [], {}
    for kind, name, args, obj in _model_pages(model, model_admin):
        pages.append((kind, reverse(name, args=args)))
        objects[kind] = obj

    def expect(kind, user):
        return "200" if _allowed(model_admin, kind, user, objects[kind]) else "403"

    problems, reached = _walk(pages, admin_people, expect)
    assert problems == [], "\n".join(problems)
    # The organisers' own tools really are reachable: their models' lists open.
    opts = model._meta
    if world.people["organiser"].has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert changelist in reached["organiser"]


def test_the_admin_site_pages_follow_standing_and_second_factor(world, admin_people, admin_records):
    def app_allowed(app_label, user):
        request = RequestFactory().get("/admin/")
        request.user = type(user)._default_manager.get(pk=user.pk)
        return any(
            model_admin.has_module_permission(request)
            and any(model_admin.get_model_perms(request).values())
            for model, model_admin in _registry()
            if model._meta.app_label == app_label
        )

    post_type = ContentType.objects.get_for_model(Post).pk
    pages = [
        ("index", reverse("admin:index")),
        ("password_change", reverse("admin:password_change")),
        ("jsi18n", reverse("admin:jsi18n")),
        ("view_on_site", reverse("admin:view_on_site", args=[post_type, world.draft.pk])),
    ]
    apps = sorted({model._meta.app_label for model, _ in _registry()})
    pages += [
        (f"app:{label}", reverse("admin:app_list", kwargs={"app_label": label})) for label in apps
    ]

    def expect(kind, user):
        if kind.startswith("app:"):
            # An app with nothing the person may see does not exist for them.
            return "200" if app_allowed(kind[4:], user) else "404"
        return "302" if kind == "view_on_site" else "200"

    problems, reached = _walk(pages, admin_people, expect)
    assert problems == [], "\n".join(problems)
    assert reverse("admin:index") in reached["organiser"]
    assert reverse("admin:app_list", kwargs={"app_label": "blog"}) in reached["organiser"]


def test_the_admins_own_sign_in_form_is_the_sites(world):
    """The admin's sign-in page sends everyone to the site's, where the rate limits and
    the second factor apply; a signed-in member is told why the admin is closed."""
    response = client_for(None).get("/admin/login/?next=/admin/blog/post/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/blog/post/"
    refused = client_for(world.people["member"]).get("/admin/login/")
    assert refused.status_code == 403
    assert "organisers and its owner while they are active members" in refused.content.decode()
    organiser = client_for(world.people["organiser"]).get("/admin/login/")
    assert organiser["Location"] == "/admin/"


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


# --- What each role's actions do -------------------------------------------------------------
# The matrix rolls every request back; these let the decisions about people happen, once per
# role, and check that an allowed action took effect and a refused one changed nothing.


def _promoted(world):
    return world.hidden.groups.filter(name=ORGANISERS_GROUP).exists() and (
        ModerationAction.objects.filter(subject=world.hidden, kind="promote").exists()
    )


EFFECTS = {
    ("members:approve", "POST"): lambda w: w.applicant.profile.state == Profile.State.ACTIVE,
    ("members:decline", "POST"): lambda w: w.applicant.profile.state == Profile.State.DECLINED,
    ("members:moderate", "POST suspend"): lambda w: (
        w.hidden.profile.state == Profile.State.SUSPENDED
    ),
    ("members:moderate", "POST promote"): _promoted,
}


@pytest.mark.parametrize("role", matrix.ROLES)
@pytest.mark.parametrize("key,action", EFFECTS, ids=[f"{k}-{a}" for k, a in EFFECTS])
def test_an_allowed_decision_about_someone_takes_effect_and_a_refused_one_changes_nothing(
    world, key, action, role
):
    expected, data, method, url = _case(world, key, action)
    response = client_for(world.people[role]).post(url, _data(data)(world))
    outcome = matrix.outcome_of(response)
    assert outcome == expected["public"][matrix.ROLES.index(role)]
    for person in (world.applicant, world.hidden):
        person.profile.refresh_from_db()
    assert EFFECTS[key, action](world) == (outcome == "302")


@pytest.mark.parametrize("role", matrix.ROLES)
def test_my_page_leads_to_ones_own_profile_or_to_where_the_membership_stands(world, role):
    response = client_for(world.people[role]).get(reverse("members:me"))
    if role == "visitor":
        assert matrix.outcome_of(response) == "login"
    elif role in ("pending", "suspended"):
        assert response["Location"] == reverse("members:status")
    else:
        assert response["Location"] == reverse("members:profile", args=[world.people[role].pk])


def test_nobody_can_moderate_the_owner(world):
    owner = world.people["owner"]
    response = client_for(world.people["organiser"]).post(
        reverse("members:moderate", args=[owner.pk]), {"action": "suspend", "reason": "x"}
    )
    assert response.status_code == 403
    owner.profile.refresh_from_db()
    assert owner.profile.state == Profile.State.ACTIVE
