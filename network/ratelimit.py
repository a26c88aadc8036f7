"""Rate limits for the network's own forms, on allauth's limiter.

The rates live in settings.ACCOUNT_RATE_LIMITS next to sign-in's and sign-up's,
and are counted in the cache, so every app process sharing Redis counts together.
"""

from allauth.core import ratelimit


def is_rate_limited(request, action: str) -> bool:
    """Count this attempt; True when the viewer has used up their allowance."""
    return not ratelimit.consume(request, action=action)
