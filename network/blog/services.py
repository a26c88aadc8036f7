"""The blog's writes that are not a form's: view counting.

A read never writes to the database. Each counted view is an increment of a counter
in the shared cache (Redis in production, so no count is lost when an app process
restarts); `flush_view_counts`, run every minute by the scheduled worker, moves the
pending counts into `Post.view_count`. The post page shows the stored count plus the
pending one, so "Views: N" is exact at once, and the stored count is exact after the
next flush.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from network.blog.models import Post

log = logging.getLogger(__name__)

# Pending counters never expire: they are emptied by the flush, not by time.
_KEY = "blog:views-pending:{}"
FLUSH_BATCH = 1000


def _key(post_id: int) -> str:
    return _KEY.format(post_id)


def record_view(post_id: int) -> None:
    """One more view of a post: an atomic increment in the cache, no database write."""
    key = _key(post_id)
    try:
        cache.incr(key)
    except ValueError:  # no counter yet: create it (add is atomic), then count
        cache.add(key, 0, timeout=None)
        cache.incr(key)


def pending_views(post_id: int) -> int:
    """Views counted since the last flush."""
    return cache.get(_key(post_id)) or 0


def flush_view_counts() -> int:
    """Move every pending view count into the database; returns how many views moved.

    Each counter is decremented by exactly what was read (atomic in Redis), so views
    counted while the flush runs stay pending for the next one. If the database write
    fails, the counts go back to the cache."""
    moved = 0
    ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), FLUSH_BATCH):
        batch = ids[start : start + FLUSH_BATCH]
        counts = cache.get_many([_key(pk) for pk in batch])
        pending = {pk: counts.get(_key(pk), 0) for pk in batch}
        pending = {pk: n for pk, n in pending.items() if n}
        if not pending:
            continue
        for pk, n in pending.items():
            cache.decr(_key(pk), n)
        try:
            with transaction.atomic():
                for pk, n in pending.items():
                    Post.objects.filter(pk=pk).update(view_count=F("view_count") + n)
        except Exception:
            for pk, n in pending.items():
                cache.incr(_key(pk), n)
            log.exception("view counts not flushed; kept in the cache for the next run")
            raise
        moved += sum(pending.values())
    return moved


def publish_due_posts() -> int:
    """Scheduled posts whose time has come are stored as published (the blog's periodic
    job). Readers already see them: Post.objects.published() compares with the clock."""
    return Post.objects.filter(status=Post.Status.SCHEDULED, publish_at__lte=timezone.now()).update(
        status=Post.Status.PUBLISHED
    )
