"""Generations: what makes a cached value show a change at once.

Every kind of data ("posts", "comments", "people", "workshops", "network") has a
current *generation*, a random token in the shared cache. Every write to that kind
of data replaces it (`bump`): through the model signals each app registers with
`track()` in its AppConfig.ready, and by the few queryset updates that bypass
signals, which call `bump()` themselves. A key that holds the generations of what it
shows is therefore never served stale: nothing waits for a timeout.

With several app processes the generations must live in a shared cache (REDIS_URL);
with the local-memory cache each process would only see its own writes.
"""

import pickle
import secrets
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from network.caching import local, requestcache
from network.caching.release import release

KINDS = ("posts", "comments", "people", "workshops", "network")
PREFIX = "fragments:gen:"
requestcache.register_hot_keys(*(PREFIX + kind for kind in KINDS))


def generations(*kinds: str) -> str:
    keys = [PREFIX + kind for kind in kinds]
    found = requestcache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            # First use (or the cache was flushed): start a generation. add() keeps
            # another process's token if it got there first.
            cache.add(key, secrets.token_hex(6), timeout=None)
            token = cache.get(key)
            requestcache.remember(key, token)
        tokens.append(str(token))
    return ".".join(tokens)


def bump(*kinds: str) -> None:
    """Invalidate every cached value showing these kinds of data (again after the
    commit, so a request between the write and the commit cannot cache the old state)."""

    def replace():
        requestcache.set_many({PREFIX + kind: secrets.token_hex(6) for kind in kinds}, timeout=None)

    replace()
    transaction.on_commit(replace)


def cached_under(kinds, key: str, load, timeout: int):
    """`load()`, kept in the cache until data of these kinds next changes (its key
    holds their generations). None is never cached: a missing row is looked up again.
    This process also keeps a pickled copy (network.caching.local), so a repeated read
    costs neither a query nor a round trip, and every request still gets objects of
    its own to change. With FRAGMENT_CACHE off, `load()` every time."""
    if not settings.FRAGMENT_CACHE:
        return load()
    # The release too: a pickle made by other code must never be loaded (release.py).
    full_key = f"{key}:{release()}:{generations(*kinds)}"
    pickled = local.copies.get(full_key)
    if pickled is not None:
        return pickle.loads(pickled)  # noqa: S301 (pickled by this process)
    value = cache.get(full_key)
    if value is None:
        value = load()
        if value is None:
            return None
        cache.set(full_key, value, timeout)
    pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    local.copies.put(full_key, pickled, len(pickled), time.time() + timeout)
    return value


def track(label: str, *kinds: str) -> None:
    """Bump `kinds` whenever a row of the model `label` ("app_label.Model") is saved or
    deleted, or, with "app_label.Model.field", when that many-to-many field changes.
    Each app calls this for its own models in its AppConfig.ready."""
    model_label, _, field = label.partition(".")[2].partition(".")
    model = apps.get_model(label.split(".")[0], model_label)
    uid = f"generations-{label}"
    if field:
        through = model._meta.get_field(field).remote_field.through

        def on_m2m(sender, action, **kwargs):
            if action.startswith("post_"):
                bump(*kinds)

        m2m_changed.connect(on_m2m, sender=through, weak=False, dispatch_uid=uid)
        return

    def on_change(sender, **kwargs):
        if not kwargs.get("raw"):
            bump(*kinds)

    post_save.connect(on_change, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def minute() -> int:
    """For fragments that also change with the clock (a scheduled post appears, a
    workshop starts): part of their key, so they are at most a minute behind it."""
    return int(time.time() // 60)
