"""Personal data (UK GDPR): everything we hold about a member, and erasing it.

`export(user)` gathers the member's data from every app: this one, then each
other installed app's `gdpr` module (the blog's, the workshops'), found by name so
that members never imports the apps built on it. `erase(user)` does the same for
erasure. Each app's module has the same two functions: `export(user) -> dict`
(JSON-serialisable) and `erase(user) -> None`.
"""

import importlib
import secrets

from django.apps import apps
from django.db import transaction
from django.utils import timezone

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
            "topics": profile.topics,
            "why_join": profile.why_join,
            "bio": profile.bio,
            "website": profile.website,
            "visibility": {
                name: getattr(profile, f"{name}_visibility")
                for name in Profile.VISIBILITY_CONTROLLED
            },
            "avatar": profile.avatar.name or None,
            "notifications": {
                "replies": profile.notify_replies,
                "post_comments": profile.notify_post_comments,
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

    return [
        {
            "comment": comment.comment,
            "posted_at": _iso(comment.submit_date),
            "on": comment.content_type.model if comment.content_type_id else None,
            "object_id": comment.object_pk,
            "removed": comment.is_removed,
        }
        for comment in XtdComment.objects.filter(user=user)
        .select_related("content_type")
        .order_by("submit_date")
    ]


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
        profile.notify_replies = profile.notify_post_comments = False
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
