"""The shared cache's hot values, read in one round trip per request.

Nearly every page reads the same few small values from the cache: the network
record (twice: the members-only check and the layout), the current Terms version
and the data generations (for the signed-in user and for each cached fragment),
and, for a signed-in member, their session. Read one at a time they cost a
round trip to Redis each, several times the work of rendering the page's
layout. `RequestCacheMiddleware` reads them all with one `get_many` when the
request starts; during the request the code that owns each value reads it with
`get()` below and writes it with `set()`, `set_many()` or `delete()`, which
update the cache and this request's copy together, so a write made during the
request is seen by the rest of it. Outside a request (commands, the shell)
these functions are plain cache calls.

A value missing from the cache is remembered as missing, so its owner computes
it and stores it as before, with no second round trip to find that out.
"""

import contextvars
import re
from importlib import import_module

from django.conf import settings
from django.core.cache import cache

MISSING = object()

_snapshot: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "request_cache_snapshot", default=None
)

# Django's session keys are 32 lower-case letters and digits; a cookie holding
# anything else is not worth a cache lookup (the session backend will refuse it).
SESSION_KEY = re.compile(r"^[a-z0-9]{8,64}$")


# The keys read at the start of every request. Their owners add them when their module
# is imported (the network record and Terms in network.models, the generations in
# network.caching.generations), so this module imports none of them.
_hot_keys: list[str] = []


def register_hot_keys(*keys: str) -> None:
    for key in keys:
        if key not in _hot_keys:
            _hot_keys.append(key)


def hot_keys() -> tuple[str, ...]:
    return tuple(_hot_keys)


def get(key: str, default=None):
    snapshot = _snapshot.get()
    if snapshot is not None and key in snapshot:
        value = snapshot[key]
        return default if value is MISSING else value
    return cache.get(key, default)


def get_many(keys) -> dict:
    snapshot = _snapshot.get()
    if snapshot is None:
        return cache.get_many(keys)
    unknown = [key for key in keys if key not in snapshot]
    if unknown:
        found = cache.get_many(unknown)
        snapshot.update({key: found.get(key, MISSING) for key in unknown})
    return {key: snapshot[key] for key in keys if snapshot[key] is not MISSING}


def take(key: str):
    """This request's copy of `key` if it was read at the start, else None; used
    once (a session store reads its session once, then keeps it in memory)."""
    snapshot = _snapshot.get()
    if snapshot is None:
        return None
    value = snapshot.pop(key, MISSING)
    return None if value is MISSING else value


def remember(key: str, value) -> None:
    """Record a value another process may have stored first (after `cache.add`)."""
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot[key] = value


def set(key: str, value, timeout) -> None:  # noqa: A001 (the cache's own verb)
    cache.set(key, value, timeout)
    remember(key, value)


def set_many(values: dict, timeout) -> None:
    cache.set_many(values, timeout)
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.update(values)


def delete(key: str) -> None:
    cache.delete(key)
    remember(key, MISSING)


def _session_keys(request) -> list[str]:
    """The signed-in person's session, when the session backend reads it from this
    cache (network.caching.sessions says which key it uses)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not SESSION_KEY.match(session_key):
        return []
    store = import_module(settings.SESSION_ENGINE).SessionStore
    key_for = getattr(store, "shared_cache_key", None)
    key = key_for(session_key) if key_for else None
    return [key] if key else []


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        keys = [*hot_keys(), *_session_keys(request)]
        found = cache.get_many(keys)
        token = _snapshot.set({key: found.get(key, MISSING) for key in keys})
        try:
            return self.get_response(request)
        finally:
            _snapshot.reset(token)
