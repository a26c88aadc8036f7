"""E-mail notifications that members can turn off, each with a one-click unsubscribe.

Every kind of notification maps to a preference on the member's profile. `notify`
checks the preference, adds the unsubscribe link (in the body and as the
List-Unsubscribe header) and puts the message on the mail queue.
"""

from django.core import signing
from django.urls import reverse

from network.mail import absolute_url, send_templated_mail

# kind -> Profile field holding the member's choice
PREFERENCES = {
    "replies": "notify_replies",
    "post_comments": "notify_post_comments",
    "workshops": "notify_workshops",
    "broadcasts": "receive_broadcasts",
}
_SALT = "members.unsubscribe"


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if data.get("k") not in PREFERENCES:
        return None
    return data["u"], data["k"]


def unsubscribe_url(user, kind: str) -> str:
    return absolute_url(reverse("members:unsubscribe", args=[unsubscribe_token(user, kind)]))


def wants(user, kind: str) -> bool:
    profile = getattr(user, "profile", None)
    return bool(user.is_active and profile is not None and getattr(profile, PREFERENCES[kind]))


def notify(user, kind: str, *, template: str, context: dict | None = None) -> bool:
    """Queue one notification to `user` if they want this kind. True when queued."""
    if not user.email or not wants(user, kind):
        return False
    link = unsubscribe_url(user, kind)
    send_templated_mail(
        template=template,
        to=[user.email],
        context={**(context or {}), "recipient": user, "unsubscribe_url": link},
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return True
