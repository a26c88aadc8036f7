"""Rate limits for the network's own forms, on allauth's limiter, and how long a
limited person has to wait.

The rates live in settings.ACCOUNT_RATE_LIMITS next to sign-in's and sign-up's,
and are counted in the cache, so every app process sharing Redis counts together.
Limits "per address" count the visitor's address (network.clientip: behind a proxy,
only with TRUSTED_PROXY_COUNT set), never the proxy's.
"""

import math
import time

# allauth keeps how it names, counts and reads its counters internal; the wait is worked out
# from exactly those (tests/security/test_finding_5_rate_limits_behind_proxy.py proves it).
from allauth.core.internal.ratelimit import consume, get_cache_key, get_rates
from django.core.cache import cache

APP = "allauth.account"

# The allauth pages a 429 can come from, and the limit each one counts.
ACTION_OF_PAGE = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_email": "manage_email",
    "account_reauthenticate": "reauthenticate",
}


def is_rate_limited(request, action: str) -> bool:
    """Count this attempt; True when the viewer has used up their allowance. GET
    requests count too (allauth's public helper skips them; our lookups are GETs)."""
    return not consume(request, app=APP, action=action, limit_get=True)


def retry_after(request, action: str, *, key: str | None = None) -> int:
    """Seconds until `action` is allowed again for this request (0: now). Counts the
    limits per address, per signed-in person and, given `key`, per key (an account)."""
    now = time.time()
    wait = 0.0
    for rate in get_rates(app=APP, action=action):
        if rate.per == "key" and key is None:
            continue
        if rate.per == "user" and not request.user.is_authenticated:
            continue
        cache_key = get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        # Newest first: the attempt that must leave the window is the amount-th newest.
        recent = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(recent) >= rate.amount:
            wait = max(wait, recent[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)


def in_words(seconds: int) -> str:
    """A wait as people say it, rounded up: "a minute", "5 minutes", "an hour"."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes == 1:
        return "a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = math.ceil(minutes / 60)
    return "an hour" if hours == 1 else f"{hours} hours"


def page_retry_after(request) -> int:
    """How long the person refused on this allauth page must wait (0 when unknown)."""
    match = getattr(request, "resolver_match", None)
    action = ACTION_OF_PAGE.get(match.url_name if match else "")
    if action is None:
        return 0
    key = None
    if action == "reset_password":
        key = request.POST.get("email", "").strip().lower() or None
    return retry_after(request, action, key=key)
