"""Personal data (UK GDPR): everything we hold about a member, and erasing it.

`export(user)` gathers the member's data from every app: this one, then each
other installed app's `gdpr` module (the blog's, the workshops'), found by name so
that members never imports the apps built on it. `erase(user)` does the same for
erasure. Each app's module has the same two functions: `export(user) -> dict`
(JSON-serialisable) and `erase(user) -> None`.
"""

import importlib
import io
import json
import secrets
import zipfile

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from members.models import SIGN_UP_ANSWERS, Invitation, ModerationAction, Profile

FORMER_MEMBER = "Former member"


def _other_apps_gdpr():
    """(app label, gdpr module) of every other installed app that has one."""
    found = []
    for config in apps.get_app_configs():
        if config.label == "members":
            continue
        try:
            found.append((config.label, importlib.import_module(f"{config.name}.gdpr")))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.gdpr":
                raise  # a broken import inside the module must not hide
    return found


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """Everything about `user`, and nothing about anybody else."""
    profile = Profile.objects.get(user=user)
    data = {
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.all()
            ],
        },
        "profile": {
            "state": profile.state,
            "pronouns": profile.pronouns,
            "expertise": profile.expertise,
            "expertise_other": profile.expertise_other,
            "organisation": profile.organisation,
            "area": profile.area,
            "interests": [topic.name for topic in profile.interests.all()],
            "topics": profile.topics,
            "why_join": profile.why_join,
            "bio": profile.bio,
            "website": profile.website,
            "visibility": {
                **{
                    name: getattr(profile, f"{name}_visibility")
                    for name in Profile.VISIBILITY_CONTROLLED
                },
                "contribution_record": profile.contributions_visibility,
            },
            "avatar": profile.avatar.name or None,
            "notifications": {
                "replies": profile.email_replies,
                "comments_on_posts_i_follow": profile.email_comments,
                "mentions": profile.email_mentions,
                "digest_hour": profile.digest_hour,
                "weekly_digest_day": profile.get_digest_weekday_display(),
                "workshops": profile.notify_workshops,
                "broadcasts": profile.receive_broadcasts,
            },
            "suspension_reason": profile.suspension_reason,
            "suspended_until": _iso(profile.suspended_until),
            "applied_at": _iso(profile.created_at),
            "member_since": _iso(profile.joined_at),
            "left_at": _iso(profile.left_at),
        },
        "consents": [
            {"terms_version": acceptance.terms.version, "accepted_at": _iso(acceptance.accepted_at)}
            for acceptance in user.terms_acceptances.select_related("terms").order_by("accepted_at")
        ],
        "invitations_sent": [
            {"email": invitation.email, "sent_at": _iso(invitation.created_at)}
            for invitation in user.invitations_sent.all()
        ],
        "moderation_about_me": [
            {
                "what": action.get_kind_display(),
                "reason": action.reason,
                "detail": action.detail,
                "when": _iso(action.created_at),
            }
            for action in ModerationAction.objects.filter(subject=user).order_by("created_at")
        ],
        "comments": _comments_of(user),
    }
    for app_label, module in _other_apps_gdpr():
        if hasattr(module, "export"):
            data[app_label] = module.export(user)
    return data


def _comments_of(user) -> list[dict]:
    from django_comments_xtd.models import XtdComment

    comments = (
        XtdComment.objects.filter(user=user)
        .select_related("content_type")
        .prefetch_related("content_object")
        .order_by("submit_date")
    )
    return [
        {
            "comment": comment.comment,
            "posted_at": _iso(comment.submit_date),
            "on": _title_of(comment.content_object),
            "url": _url_of(comment.content_object),
            "removed": comment.is_removed,
        }
        for comment in comments
    ]


def _title_of(thing) -> str | None:
    if thing is None:
        return None
    return getattr(thing, "title", None) or getattr(thing, "name", None) or str(thing)


def _url_of(thing) -> str | None:
    getter = getattr(thing, "get_absolute_url", None)
    try:
        return getter() if getter else None
    except Exception:  # an object without an address of its own (NoReverseMatch)
        return None


def erase(user) -> None:
    """Erase the member: their profile and e-mail address go, their comments stay
    in their threads as "Former member", other apps erase their part.

    The account row stays (with nothing personal in it) so that threads, posts
    and workshop records that point at it keep working.
    """
    from allauth.account.models import EmailAddress
    from django_comments_xtd.models import XtdComment

    with transaction.atomic():
        for _, module in _other_apps_gdpr():
            if hasattr(module, "erase"):
                module.erase(user)
        XtdComment.objects.filter(user=user).update(
            user_name=FORMER_MEMBER, user_email="", user_url="", ip_address=None
        )
        Invitation.objects.filter(email__iexact=user.email).delete()
        user.terms_acceptances.all().delete()
        EmailAddress.objects.filter(user=user).delete()

        profile = Profile.objects.get(user=user)
        for field in (profile.avatar, profile.avatar_small):
            if field:
                field.delete(save=False)
        profile.interests.clear()
        blank = Profile(user=user)
        for name in (
            *SIGN_UP_ANSWERS,
            "bio",
            "website",
            "avatar",
            "avatar_small",
            "suspension_reason",
            "suspended_until",
        ):
            setattr(profile, name, getattr(blank, name))
        profile.state = Profile.State.LEFT
        profile.email_replies = profile.email_comments = profile.email_mentions = "off"
        profile.notify_workshops = profile.receive_broadcasts = False
        profile.calendar_token = secrets.token_urlsafe(24)
        profile.left_at = profile.erased_at = timezone.now()
        profile.save()

        user.email = f"erased-{user.pk}@invalid.example"
        user.display_name = FORMER_MEMBER
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.save()
        user.groups.clear()
        user.user_permissions.clear()


# --- The download: the JSON and a summary a person can read, in one zip -----------------------

TITLE_KEYS = ("title", "workshop", "on", "post")


def _words(key: str) -> str:
    return str(key).replace("_", " ").capitalize()


def _value_html(value, absolute) -> str:
    if isinstance(value, dict):
        return _dict_html(value, absolute)
    if isinstance(value, list):
        if not value:
            return "<p>None.</p>"
        return (
            "<ul>" + "".join(f"<li>{_value_html(item, absolute)}</li>" for item in value) + "</ul>"
        )
    if value is None or value == "":
        return "—"
    if value is True or value is False:
        return "yes" if value else "no"
    return escape(str(value))


def _dict_html(data: dict, absolute) -> str:
    """A record as a definition list; its title (a post's, a workshop's) is a link to it."""
    url = data.get("url")
    rows = []
    for key, value in data.items():
        if key == "url":
            continue
        shown = _value_html(value, absolute)
        if url and key in TITLE_KEYS and isinstance(value, str):
            shown = f'<a href="{escape(absolute(url))}">{escape(value)}</a>'
        rows.append(f"<dt>{escape(_words(key))}</dt><dd>{shown}</dd>")
    return "<dl>" + "".join(rows) + "</dl>"


def readable_html(data: dict, absolute=lambda url: url) -> str:
    """The export as a page a person can read: one section per part, posts and
    workshops named by title with a link (`absolute(path)` makes the link's address)."""
    sections = []
    for key, value in data.items():
        if key == "exported_at":
            continue
        sections.append(
            f"<section><h2>{escape(_words(key))}</h2>{_value_html(value, absolute)}</section>"
        )
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        "<title>Your data</title></head><body><main>"
        "<h1>Everything the network holds about you</h1>"
        f"<p>Exported {escape(data.get('exported_at') or '')}. The same data, for computers, "
        "is in my-data.json beside this file.</p>" + "".join(sections) + "</main></body></html>"
    )


def export_zip(user, absolute=lambda url: url) -> bytes:
    """my-data.json and my-data.html (readable) in one zip, with the files other apps
    hold for the member (an app's `gdpr.files(user)`: (path in the zip, stored name) pairs,
    e.g. the receipts of their expense claims) under `files/`."""
    data = export(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("my-data.html", readable_html(data, absolute))
        for _, module in _other_apps_gdpr():
            for path, name in getattr(module, "files", lambda user: [])(user):
                try:
                    with default_storage.open(name, "rb") as stored:
                        archive.writestr(f"files/{path}", stored.read())
                except FileNotFoundError:
                    continue  # listed in my-data.json; the file itself is gone
    return buffer.getvalue()
