"""Every public page renders in the site layout with the right status, on a
public and on a members-only network, with the security headers."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import client_for
from tests.network.conftest import PRODUCTION_ENV, load_settings
from tests.network.layout import assert_in_layout

PAGES = {
    "/": "Co-production practitioners network",
    "/about/": "About Co-production practitioners network",
    "/terms/": "Terms of Service",
    "/privacy/": "Privacy notice",
    "/accessibility/": "Accessibility statement",
    "/badges/": "Badges",
    "/report/": "Report an Issue",
    "/report/thanks/": "Thank you: your report has been sent",
}
# What a visitor may open on a members-only network (with Join and Sign in).
MEMBERS_ONLY_PUBLIC_PAGES = [p for p in PAGES if p != "/badges/"]


def h1(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.parametrize("path", PAGES)
def test_visitor_sees_each_page_in_the_layout(client, network, terms, path):
    response = client.get(path)

    assert response.status_code == 200
    assert h1(response) == PAGES[path]
    assert_in_layout(response)


@pytest.mark.parametrize("path", MEMBERS_ONLY_PUBLIC_PAGES)
def test_visitor_sees_the_public_pages_of_a_members_only_network(client, members_only, terms, path):
    response = client.get(path)

    assert response.status_code == 200
    assert h1(response) == PAGES[path]
    assert_in_layout(response)


@pytest.mark.parametrize("path", ["/accounts/signup/", "/accounts/login/"])
def test_visitor_can_join_and_sign_in_on_a_members_only_network(client, members_only, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_in_layout(response)


@pytest.mark.parametrize("path", ["/badges/", "/workshops/"])
def test_members_only_network_sends_visitors_to_sign_in(client, members_only, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={path}"


def test_member_sees_the_badges_page_of_a_members_only_network(members_only, member_client):
    response = member_client.get("/badges/")

    assert response.status_code == 200
    assert_in_layout(response)


def test_signed_in_non_member_is_refused_with_the_403_page(members_only, pending_client):
    response = pending_client.get("/badges/")

    assert response.status_code == 403
    assert h1(response) == "You can't open this page"
    assert "This network&#x27;s pages are for its members." in response.content.decode()
    assert_in_layout(response)


def test_unknown_address_shows_the_404_page_in_the_layout(client, network):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert h1(response) == "Page not found"
    assert_in_layout(response)


def test_footer_credits_the_network_owner(client, network, owner):
    owner.display_name = "Lucie Stephens-Okafor"
    owner.save()
    network.save()  # the cached network record is refreshed when saved

    assert_in_layout(client.get("/about/"), creator="Lucie Stephens-Okafor")


def test_visitor_is_offered_join_and_sign_in(client, network):
    html = client.get("/").content.decode()

    assert '<a class="nav-join" href="/accounts/signup/">Join</a>' in html
    assert '<a href="/accounts/login/">Sign in</a>' in html
    assert "Sign out" not in html


def test_member_sees_their_name_and_sign_out(network, member_client):
    html = member_client.get("/").content.decode()

    assert "Maya Member</a>" in html
    assert "Sign out</button>" in html
    assert ">Join</a>" not in html


def test_about_page_shows_the_sanitised_about_text_and_contacts(client, network):
    network.about = "We bring **everyone** together.<script>alert(1)</script>"
    network.save()

    html = client.get("/about/").content.decode()

    assert "<strong>everyone</strong>" in html
    assert "<script>alert(1)" not in html
    assert 'href="mailto:hello@example.org"' in html
    assert "Our safeguarding lead is Sam Safe" in html


def test_terms_page_shows_the_current_version(client, network, terms):
    html = client.get("/terms/").content.decode()

    assert "Version 1.0, in force since" in html
    assert "Be kind. Respect every kind of expertise." in html


def test_terms_page_without_published_terms_says_so(client, network):
    html = client.get("/terms/").content.decode()

    assert "The Terms of Service have not been published yet." in html


def test_pages_render_before_the_owner_has_set_up_the_network(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert_in_layout(response, creator=None)


def test_robots_txt_keeps_crawlers_out_of_accounts_and_admin(client, network):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_robots_txt_of_a_members_only_network_allows_only_public_pages(client, members_only):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert lines[:3] == ["User-agent: *", "Disallow: /", "Allow: /$"]
    assert "Allow: /about/" in lines
    assert "Allow: /badges/" not in lines


def test_sitemap_lists_the_public_pages(client, network):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "<loc>http://testserver/about/</loc>" in response.content.decode()
    assert "<loc>http://testserver/badges/</loc>" in response.content.decode()


def test_sitemap_of_a_members_only_network_leaves_out_members_pages(client, members_only):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "<loc>http://testserver/about/</loc>" in response.content.decode()
    assert "/badges/" not in response.content.decode()


def test_healthz_answers_200_when_the_database_answers(client, members_only):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.parametrize("path", ["/", "/report/", "/accounts/login/", "/no-such-page/"])
def test_security_headers_on_every_response(client, network, path):
    response = client.get(path)

    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", [*PAGES, "/no-such-page/"])
def test_pages_have_no_inline_script_or_style(client, network, terms, path):
    """The CSP would block them: they would silently not work."""
    html = client.get(path).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html
    assert not re.search(r" on[a-z]+=", html)


def _production_security_settings():
    production = load_settings(**PRODUCTION_ENV)
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_REDIRECT_EXEMPT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    ]
    return {name: production[name] for name in names}


def test_production_redirects_plain_http_to_https_except_the_health_check(network):
    with override_settings(**_production_security_settings()):
        client = Client()
        assert client.get("/about/")["Location"] == "https://testserver/about/"
        assert client.get("/healthz").status_code == 200
        # Behind the TLS proxy, the forwarded protocol counts as HTTPS.
        assert client.get("/about/", headers={"x-forwarded-proto": "https"}).status_code == 200


def test_production_sends_hsts_and_secure_cookies(network, report_data):
    with override_settings(**_production_security_settings()):
        client = Client()
        form_page = client.get("/report/", secure=True)
        sent = client.post("/report/", {**report_data, "category": "other"}, secure=True)

    assert form_page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert form_page.cookies["csrftoken"]["secure"] is True
    assert sent.status_code == 302
    assert sent.cookies["sessionid"]["secure"] is True
    assert sent.cookies["sessionid"]["httponly"] is True


def test_signed_in_pages_are_not_framed_or_sniffed(network, member):
    response = client_for(member).get("/")

    assert response["X-Frame-Options"] == "DENY"


def test_site_record_follows_site_url_and_the_network_name(network):
    """allauth's e-mails and the sitemap take their name and address from it."""
    from django.contrib.sites.models import Site

    network.name = "Co-production practitioners network London"
    network.save()

    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("testserver", "Co-production practitioners network London")
