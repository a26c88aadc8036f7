"""The notification centre's one place for writes: the apps call `notify(...)` from
their services; the centre reads and marks; the worker prunes (network/tasks.py).

The header's unread count is cached per member (`unread_count`): one query on a miss,
none on a hit; every write here forgets the member's cached count. Visitors cost nothing.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from network.models import Notification

UNREAD_TIMEOUT = 60 * 60
# Kept for a sensible time: read notifications for 90 days, any notification for a year.
KEEP_READ_DAYS = 90
KEEP_ANY_DAYS = 365


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def forget_unread(user_id: int) -> None:
    cache.delete(_unread_key(user_id))


def unread_count(user) -> int:
    """The member's unread count, from the cache (at most one query); 0 for visitors."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TIMEOUT)
    return count


def notify(recipient, kind: str, text: str, url: str, *, about: str = "",
           emailed: bool = False) -> Notification | None:  # fmt: skip
    """Tell one member that something happened; nobody is told about their own acts
    by the callers, and inactive accounts are skipped here. `about` names the post or
    workshop (digests group by it); `emailed` when the caller has e-mailed it already
    (what changes people's plans is always e-mailed at once), so no digest repeats it."""
    if recipient is None or not recipient.is_active:
        return None
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        text=text[:300],
        url=url[:500],
        about=about[:200],
        emailed_at=timezone.now() if emailed else None,
    )
    forget_unread(recipient.pk)
    return notification


def settle_email(notification_ids, when) -> int:
    """Mark notifications as e-mailed (or not to be): a digest never takes them again.
    Only unsettled ones change; returns how many did."""
    return Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).update(
        emailed_at=when
    )


def settle_waiting(user_id: int, kinds, when) -> int:
    """Settle the member's notifications of these kinds still waiting for an e-mail."""
    return Notification.objects.filter(
        recipient_id=user_id, kind__in=kinds, emailed_at__isnull=True
    ).update(emailed_at=when)


def mark_read(user, notification_id: int) -> Notification | None:
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        forget_unread(user.pk)
    return notification


def mark_all_read(user) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_unread(user.pk)
    return marked


def prune(now=None) -> int:
    """Delete read notifications older than KEEP_READ_DAYS and any older than KEEP_ANY_DAYS."""
    now = now or timezone.now()
    old = Notification.objects.filter(
        Q(read_at__isnull=False, created_at__lt=now - timedelta(days=KEEP_READ_DAYS))
        | Q(created_at__lt=now - timedelta(days=KEEP_ANY_DAYS))
    )
    users = set(old.values_list("recipient_id", flat=True))
    deleted, _ = old.delete()
    for user_id in users:
        forget_unread(user_id)
    return deleted
