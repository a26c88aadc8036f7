"""Error pages that must render while the database (or more) is failing.

They use the full site layout, but are rendered without the request's context
processors: those would ask the database for the network and the viewer. The
network record is taken from the cache when it is there; otherwise the layout
falls back to the network's default name.
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

from network.models import NETWORK_CACHE_KEY, Network

RETRY_AFTER_SECONDS = 5


def _cached_network() -> Network:
    try:
        network = cache.get(NETWORK_CACHE_KEY)
    except Exception:  # a cache server that is down too must not hide the page
        network = None
    return network or Network(name="Co-production practitioners network")


def error_page(template: str, *, status: int) -> HttpResponse:
    html = render_to_string(template, {"network": _cached_network()})
    return HttpResponse(html, status=status)


def service_unavailable_response() -> HttpResponse:
    response = error_page("503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
