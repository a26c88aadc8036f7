"""E-mail notifications that members choose, each with a one-click unsubscribe.

Every kind of notification maps to a preference on the member's profile. `notify`
checks the preference, adds the unsubscribe link (in the body and as the
List-Unsubscribe header) and puts the message on the mail queue.

Discussion activity (replies, comments on posts you follow, mentions) goes through
`tell`: it always lands in the notification centre, and is e-mailed straight away,
left for the member's daily or weekly digest (members.digests), or not e-mailed, as
the member chose. What changes a person's plans is e-mailed straight away by the app
that changed it, and noted in the centre.
"""

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from members.models import EmailWhen
from network import notifications as centre
from network.mail import absolute_url, send_templated_mail

# kind -> Profile field holding the member's choice (an on/off switch, or EmailWhen)
PREFERENCES = {
    "replies": "email_replies",
    "post_comments": "email_comments",
    "mentions": "email_mentions",
    "workshops": "notify_workshops",
    "broadcasts": "receive_broadcasts",
}
# The centre's kinds of discussion activity -> the preference that says when to e-mail it.
DISCUSSION = {"reply": "replies", "comment": "post_comments", "mention": "mentions"}
# One-click unsubscribe from the digest turns every digested kind off.
DIGEST = "digest"
_SALT = "members.unsubscribe"


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if data.get("k") not in PREFERENCES and data.get("k") != DIGEST:
        return None
    return data["u"], data["k"]


def unsubscribe_url(user, kind: str) -> str:
    return absolute_url(reverse("members:unsubscribe", args=[unsubscribe_token(user, kind)]))


def choice(user, kind: str):
    """The member's choice for `kind`: True/False for a switch, an EmailWhen value for
    discussion activity; None for someone without a profile."""
    profile = getattr(user, "profile", None)
    return None if profile is None else getattr(profile, PREFERENCES[kind])


def wants(user, kind: str) -> bool:
    """Whether the member wants any e-mail of this kind at all."""
    chosen = choice(user, kind)
    return bool(user.is_active and chosen and chosen != EmailWhen.OFF)


def turn_off(profile, kind: str) -> list[str]:
    """Stop one kind of e-mail (or, for DIGEST, every kind now sent in a digest).
    Returns the fields changed, for save(update_fields=...)."""
    if kind == DIGEST:
        fields = [
            PREFERENCES[k]
            for k in DISCUSSION.values()
            if getattr(profile, PREFERENCES[k]) in (EmailWhen.DAILY, EmailWhen.WEEKLY)
        ]
        for field in fields:
            setattr(profile, field, EmailWhen.OFF)
        return fields
    field = PREFERENCES[kind]
    setattr(profile, field, EmailWhen.OFF if isinstance(getattr(profile, field), str) else False)
    return [field]


def tell(recipient, centre_kind: str, *, text: str, url: str, about: str, template: str,
         context: dict):  # fmt: skip
    """Discussion activity for one member: into the centre, then e-mailed now, left for
    the digest, or not e-mailed, as they chose (`template` is the e-mail sent now)."""
    notification = centre.notify(recipient, centre_kind, text, url, about=about)
    if notification is None:
        return None
    kind = DISCUSSION[centre_kind]
    when = choice(recipient, kind) if recipient.email else EmailWhen.OFF
    if when in (EmailWhen.DAILY, EmailWhen.WEEKLY):
        return notification  # the digest job e-mails it
    if when == EmailWhen.NOW:
        notify(recipient, kind, template=template, context=context)
    centre.settle_email([notification.pk], timezone.now())
    return notification


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


def settle_undigested(profile) -> None:
    """After the member's choices change: what waits for a digest they no longer want
    (now "straight away" or "no e-mail") is not e-mailed later in a surprise batch."""
    kinds = [
        kind
        for kind, pref in DISCUSSION.items()
        if getattr(profile, PREFERENCES[pref]) in (EmailWhen.NOW, EmailWhen.OFF)
    ]
    if kinds:
        centre.settle_waiting(profile.user_id, kinds, timezone.now())
