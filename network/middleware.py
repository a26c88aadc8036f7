"""Site-wide middleware: security headers, `Cache-Control: private` on personal
answers, members-only visibility, and a friendly 503 when the database is away."""

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.utils.cache import patch_cache_control

from network.access import standing_of
from network.errors import error_page, service_unavailable_response
from network.models import Network

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script, nothing from third parties)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith("/admin/"):
            # Django's admin sets a few inline style attributes; scripts stay strict.
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class PrivateResponsesMiddleware:
    """`Cache-Control: private` on every answer that depends on who is asking, so no
    shared cache (a proxy, a CDN, a company's web cache) keeps one person's page, a
    workshop's joining link or a members-only download, for the next person.

    An answer depends on who is asking when it was made with a session that holds
    something (a signed-in person, or a visitor with a message waiting), or when the
    browser brought a message to show. `Vary: Cookie` alone is not the sign: nearly
    every page reads the session to learn that the viewer is a visitor, and those pages
    are the same for every visitor. Answers a view declared the same for everyone
    (`public`) are left alone; `no-store`, `max-age` and the rest are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _depends_on_viewer(request) and not _declared_public(response):
            patch_cache_control(response, private=True)
        return response


def _depends_on_viewer(request) -> bool:
    session = getattr(request, "session", None)
    if session is not None and session.accessed and not session.is_empty():
        return True
    return CookieStorage.cookie_name in request.COOKIES


def _declared_public(response) -> bool:
    return "public" in response.get("Cache-Control", "").replace(" ", "").lower().split(",")


class RejectNulBytesMiddleware:
    """A NUL byte in the address (path or query string) is never meant: answer
    400. PostgreSQL refuses NUL in text, so the lookup it would reach (a search,
    a tag, a token) would otherwise end in a 500. Forms refuse NUL in posted
    fields themselves, with a message next to the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return error_page("400.html", status=400)
        return self.get_response(request)


# URL names a visitor may open on a members-only network: the public face of the
# network, joining and signing in. Everything else asks them to sign in.
PUBLIC_URL_NAMES = frozenset(
    {
        "home",
        "about",
        "terms",
        "privacy",
        "accessibility",
        "report",
        "report_thanks",
        "robots_txt",
        "sitemap",
        "healthz",
        "badge_png",
        "badge_svg",
        # The blog list and post pages show visitors titles and excerpts only on a
        # members-only network (decided in the views).
        "blog_list",
        "blog_post",
    }
)
PUBLIC_NAMESPACES = frozenset({"admin"})


def is_public_view(resolver_match) -> bool:
    if resolver_match is None:
        return True
    if resolver_match.url_name in PUBLIC_URL_NAMES:
        return True
    if PUBLIC_NAMESPACES.intersection(resolver_match.namespaces):
        return True
    # Joining, signing in and everything about one's own account stay reachable:
    # allauth's views decide themselves who may use them.
    return resolver_match.func.__module__.startswith("allauth.") or (
        resolver_match.url_name or ""
    ).startswith("account_")


class MembersOnlyMiddleware:
    """On a members-only network, visitors see only the public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Public views first: they must not depend on the database being up
        # (the health check, the error pages) nor cost a query.
        if getattr(view_func, "members_only_exempt", False):
            return None
        if is_public_view(request.resolver_match):
            return None
        if not Network.objects.current().is_members_only:
            return None
        if standing_of(request).member:
            return None
        if request.user.is_authenticated:
            raise PermissionDenied("This network's pages are for its members.")
        return redirect_to_login(request.get_full_path())


class DatabaseUnavailableMiddleware:
    """While the database is unreachable, answer 503 with a page in the site's
    layout instead of a 500, so people know to try again shortly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception, extra={"request": request})
        return service_unavailable_response()
