"""Network-wide pages: home, the public information pages, badges, Report an Issue."""

import logging
import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from network import badges as badge_images
from network import hooks
from network.errors import error_page, service_unavailable_response
from network.forms import IssueReportForm
from network.models import IssueReport, Network, TermsVersion
from network.ratelimit import in_words, is_rate_limited, page_retry_after, retry_after
from network.reports import file_report

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "network/home.html", {})


def about(request):
    return render(request, "network/about.html", {})


def terms(request):
    return render(request, "network/terms.html", {"terms": TermsVersion.objects.current()})


def privacy(request):
    return render(request, "network/privacy.html", {})


def accessibility(request):
    return render(request, "network/accessibility.html", {})


def badges(request):
    badge_url = request.build_absolute_uri(reverse("badge_png"))
    home_url = request.build_absolute_uri(reverse("home"))
    network = Network.objects.current()
    snippet = loader.render_to_string(
        "network/badge_snippet.html",
        {"badge_url": badge_url, "home_url": home_url, "network": network},
    ).strip()
    return render(request, "network/badges.html", {"snippet": snippet, "badge_url": badge_url})


@require_GET
@cache_control(public=True, max_age=600)
def badge_png(request):
    network = Network.objects.current()
    png = badge_images.badge_png(network.name, _active_member_count())
    return HttpResponse(png, content_type="image/png")


@require_GET
@cache_control(public=True, max_age=600)
def badge_svg(request):
    network = Network.objects.current()
    svg = badge_images.badge_svg(network.name, _active_member_count())
    return HttpResponse(svg, content_type="image/svg+xml")


def _active_member_count() -> int:
    return badge_images.cached_count(hooks.member_count)


def report(request):
    initial_page = request.GET.get("page") or request.headers.get("referer", "")
    # Only an address on this site is prefilled (and one that fits the field):
    # a report form showing someone else's URL, or an error the reporter did
    # not cause, would only confuse.
    max_length = IssueReport._meta.get_field("page_url").max_length
    if initial_page and (
        len(initial_page) > max_length
        or not url_has_allowed_host_and_scheme(initial_page, allowed_hosts={request.get_host()})
    ):
        initial_page = ""
    if request.method == "POST":
        form = IssueReportForm(request.POST)
        if is_rate_limited(request, "report"):
            wait = retry_after(request, "report")
            form.add_error(
                None,
                f"You have sent several reports in a short time. Please wait {in_words(wait)} "
                "and try again. If someone is in danger, call 999 now.",
            )
            response = render(request, "network/report.html", {"form": form}, status=429)
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            issue = file_report(form, reporter=request.user)
            request.session["last_report_category"] = issue.category
            return redirect("report_thanks")
    else:
        form = IssueReportForm(initial={"page_url": initial_page})
    return render(request, "network/report.html", {"form": form})


def report_thanks(request):
    category = request.session.pop("last_report_category", "")
    return render(request, "network/report_thanks.html", {"at_risk": category == "at_risk"})


MEMBERS_ONLY_CRAWLABLE = ["about", "terms", "privacy", "accessibility", "sitemap"]


@require_GET
def robots_txt(request):
    network = Network.objects.current()
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /accounts/"]
    if network.is_members_only:
        # Only the public face of the network is worth a crawler's visit.
        lines = ["User-agent: *", "Disallow: /", "Allow: /$"]
        lines += [f"Allow: {reverse(name)}" for name in MEMBERS_ONLY_CRAWLABLE]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def healthz(request):
    """200 only when the database answers: what a load balancer needs to know."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Health check failed: database unavailable")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def permission_denied(request, exception=None):
    context = {"reason": str(exception or ""), "hide_blocked_notice": True}
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {}, status=404)


def too_many_requests(request):
    """allauth's answer when a limit is reached (sign-in, sign-up, password reset):
    the site's layout, and how long to wait, in words and in `Retry-After`."""
    wait = page_retry_after(request)
    response = render(request, "429.html", {"wait": in_words(wait) if wait else ""}, status=429)
    if wait:
        response["Retry-After"] = str(wait)
    return response


def server_error(request):
    # Django calls this while handling the exception. A database outage met
    # outside a view (in middleware, or resolving a 404) lands here rather than
    # in DatabaseUnavailableMiddleware: it still deserves the 503 page.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable_response()
    try:
        return error_page("500.html", status=500)
    except Exception:
        logger.exception("The 500 page itself failed to render")
        return HttpResponseServerError("<h1>Something went wrong</h1>")


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
