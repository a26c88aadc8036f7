"""What every page of the site must show: the layout's landmarks and footer."""

import re

from django.utils import timezone

FOOTER_LINKS = ["Badges", "Report an Issue", "Terms of Service", "Privacy", "Accessibility"]


def footer_links(html: str) -> list[str]:
    footer = html[html.index('<footer class="site-footer">') :]
    return re.findall(r"<a href=\"[^\"]+\">([^<]+)</a>", footer)


def assert_in_layout(response, *, creator: str | None = "Lucie Stephens"):
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert '<html lang="en-GB">' in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert '<main id="main"' in html
    year = timezone.localdate().year
    if creator:
        assert f"© {year} Created by {creator}." in html
    else:
        assert f"© {year}" in html
    assert footer_links(html) == FOOTER_LINKS
