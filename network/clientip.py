"""The visitor's address, as the rate limits and the comments' records see it.

Behind a reverse proxy every request arrives from the proxy's address: the visitor's is
in `X-Forwarded-For`, which each proxy extends with the address it received the request
from. Anyone can send that header, so it is believed only as far as the operator says:
`TRUSTED_PROXY_COUNT` (settings, from the environment) is the number of proxies of our
own in front of the app. With 0 (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The address the outermost of our proxies saw, or the connection's own address
    when no proxy is trusted (or the header is missing or not an address)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    # Our proxies added the last `trusted` entries; the first of them is the visitor.
    # Fewer entries means the request skipped a proxy: the oldest one is still ours.
    candidate = forwarded[-min(trusted, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
