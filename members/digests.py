"""Digests: one e-mail with the discussion activity a member chose to read daily or
weekly, sent at their chosen hour by the worker's hourly job (members/tasks.py).

A digest takes the member's notifications whose e-mail is not yet settled
(`Notification.emailed_at`), of the kinds they want in a digest that is due now,
and settles them in the same transaction as it queues the e-mail (the mail queue is
a database table), so an item is never in two digests, and a second run in the same
hour sends nothing.
"""

from itertools import groupby

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from members.models import EmailWhen, Profile
from members.notifications import DIGEST, DISCUSSION, PREFERENCES, unsubscribe_url
from network import notifications as centre
from network.mail import absolute_url, send_templated_mail
from network.models import Notification

# A member's digest is due at most once an hour, whatever the number of runs.
MIN_GAP = timezone.timedelta(minutes=50)


def digested_kinds(profile, local_now) -> list[str]:
    """The centre's kinds this member wants in the digest due now."""
    due = [EmailWhen.DAILY]
    if local_now.weekday() == profile.digest_weekday:
        due.append(EmailWhen.WEEKLY)
    return [kind for kind, pref in DISCUSSION.items() if getattr(profile, PREFERENCES[pref]) in due]


def send_due_digests(now=None) -> int:
    """Send every digest due this hour (London time); returns how many were sent."""
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    waiting = Notification.objects.filter(
        recipient=OuterRef("user_id"), emailed_at__isnull=True, kind__in=list(DISCUSSION)
    )
    profiles = (
        Profile.objects.filter(
            digest_hour=local_now.hour, state=Profile.State.ACTIVE, user__is_active=True
        )
        .filter(Exists(waiting))
        .select_related("user")
    )
    return sum(send_digest(profile, now) for profile in profiles)


def send_digest(profile, now) -> bool:
    """One member's digest, if anything is due; True when an e-mail was queued."""
    local_now = timezone.localtime(now)
    kinds = digested_kinds(profile, local_now)
    if not kinds or not profile.user.email:
        return False
    with transaction.atomic():
        locked = Profile.objects.select_for_update().get(pk=profile.pk)
        if locked.digest_sent_at and now - locked.digest_sent_at < MIN_GAP:
            return False
        items = list(
            Notification.objects.filter(
                recipient_id=profile.user_id,
                emailed_at__isnull=True,
                kind__in=kinds,
                created_at__lte=now,
            ).order_by("about", "created_at")
        )
        if not items:
            return False
        centre.settle_email([item.pk for item in items], now)
        locked.digest_sent_at = now
        locked.save(update_fields=["digest_sent_at"])
        groups = [
            (about or "Other activity", [_line(item) for item in group])
            for about, group in groupby(items, key=lambda item: item.about)
        ]
        link = unsubscribe_url(profile.user, DIGEST)
        send_templated_mail(
            template="members/email/digest",
            to=[profile.user.email],
            context={
                "recipient": profile.user,
                "groups": groups,
                "count": len(items),
                "unsubscribe_url": link,
                "preferences_url": absolute_url(reverse("members:notifications")),
                "centre_url": absolute_url(reverse("notifications")),
            },
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            html=True,
        )
    return True


def _line(item) -> dict:
    return {
        "text": item.text,
        "url": absolute_url(item.url),
        "when": timezone.localtime(item.created_at),
    }
