"""A corpus of hostile input, and the checks every page answering it must pass.

Each entry is (label, value). Values are what an attacker (or an unlucky paste)
sends in a form field or a query string; `PATHS` are raw request paths with bytes
that are not valid UTF-8.
"""

from html.parser import HTMLParser

from django.core.cache import cache
from django.utils.html import escape

XSS = [
    ("script tag", '<script>alert("xss-script")</script>'),
    ("img onerror", '<img src=x onerror=alert("xss-img")>'),
    ("svg onload", '<svg onload=alert("xss-svg")><script>alert(1)</script></svg>'),
    ("svg xlink", "<svg><a xlink:href=\"javascript:alert('xss-xlink')\"><text>x</text></a></svg>"),
    ("attribute breakout", '"><script>alert("xss-break")</script><input value="'),
    ("single-quote breakout", "' autofocus onfocus='alert(\"xss-focus\")"),
    ("javascript link", 'javascript:alert("xss-js")'),
    ("javascript link, mixed case", "JaVaScRiPt:alert('xss-js2')"),
    ("html javascript link", "<a href=\"javascript:alert('xss-a')\">click me</a>"),
    ("markdown javascript link", "[click me](javascript:alert('xss-md'))"),
    ("data link", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("markdown data link", "[open](data:text/html,<script>alert('xss-data')</script>)"),
    ("markdown image onerror", "![x](x\" onerror=\"alert('xss-mdimg'))"),
    ("iframe", "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>"),
    ("style expression", "<div style=\"background:url(javascript:alert('xss-style'))\">x</div>"),
    ("template syntax", "{{ request.user.email }}{% debug %}{{ settings.SECRET_KEY }}"),
]
SQL = [
    ("sql drop", "'; DROP TABLE members_profile; --"),
    ("sql tautology", "' OR '1'='1"),
    ("sql union", "%' UNION SELECT email, password FROM members_user --"),
    ("like wildcards", "%_%\\"),
]
SIZE = [
    ("100 KB", "A" * 100_000),
    ("100 KB of tags", "<b>" * 34_000),
]
TEXT = [
    ("NUL byte", "before\x00after"),
    ("right-to-left override", "Invoice \u202egnp.exe"),
    ("zero-width characters", "zero\u200bwidth\u200c\u200djoin\ufeff"),
    ("emoji", "Co-production 🙂👩🏽‍⚕️🏳️‍🌈 together"),
    ("combining characters", "Z\u0351\u0361a\u0360\u034c\u0362l\u0359g\u035co"),
    ("header injection", "x\r\nSet-Cookie: evil=1\r\nBcc: victim@example.org"),
    ("only whitespace", " \t\n "),
]
NUMBERS = [
    ("huge number", "99999999999999999999999999999999"),
    ("negative number", "-1"),
    ("float overflow", "1e309"),
    ("not a number", "NaN"),
]
DATES = [
    ("impossible date", "2024-02-30"),
    ("malformed date", "31/12/20245"),
    ("bad time zone", "2024-06-01T25:61:00+99:00"),
    ("year zero", "0000-00-00"),
    ("far future", "9999-12-31T23:59:59-24:00"),
]
MARKDOWN = [
    ("deeply nested quotes", "> " * 2_000 + "deep"),
    ("deeply nested lists", "".join("  " * i + "- item\n" for i in range(500))),
    ("unclosed brackets", "[" * 5_000 + "x" + "(" * 5_000),
    ("emphasis storm", "*_" * 10_000),
]

CORPUS = XSS + SQL + SIZE + TEXT + NUMBERS + DATES + MARKDOWN
# For fields that take a number, a date, a choice or an address: the kinds of
# input that reach their parsing, without repeating every text payload.
FOR_STRUCTURED_FIELDS = XSS[:2] + XSS[6:7] + SQL[:2] + SIZE[:1] + TEXT[:2] + NUMBERS + DATES
TEXTS = [value for _, value in CORPUS]
IDS = [label for label, _ in CORPUS]

# Paths and query strings with percent-encoded bytes that are not UTF-8.
PATHS = [
    "/blog/%FF%FE/",
    "/blog/%C0%AF../",
    "/members/%ED%A0%80/",
    "/workshops/%80abc/",
    "/workshops/x/themes/%FF/support/",
    "/members/unsubscribe/%FF%00/",
    "/members/join/%E2%82/",
    "/search/?q=%FF%FE%FD",
    "/search/?q=%00",
    "/members/?q=%C0%AF&area=%FF&expertise=%00",
    "/blog/?tag=%FF&author=%FF",
    "/blog/?tag=%00",
    "/blog/?author=99999999999999999999999",
    "/blog/?author=-1&page=-1",
    "/workshops/?format=%FF&area=%00&online=%ED%A0%80&page=99999999999999999999",
    "/report/?page=%FF%00javascript:alert(1)",
    "/accounts/login/?next=%FF%00",
    "/accounts/login/?next=javascript:alert(1)",
    "/accounts/confirm-email/%FF%FE/",
    "/accounts/password/reset/key/%FF-%FE/",
    "/comments/cr/1/%FF/",
    "/sitemap.xml?p=%FF",
    "/workshops/my-calendar/%FF%FE.ics",
]


class _PageChecker(HTMLParser):
    """Anything in a page a browser would run. The pages these tests submit to have
    no inline script, no inline handler, no inline style and no SVG (the CSP forbids
    the first three), so any of these in them is injected. The one script they load
    is a file of ours under /static/js/ (the @ suggestion list); a script tag
    pointing anywhere else is injected."""

    TAGS = {"script", "svg", "math", "iframe", "object", "embed", "base", "frame"}
    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}

    def __init__(self, *, admin: bool):
        super().__init__()
        # Django's admin templates (trusted) carry inline styles, SVG icons and
        # JSON data blocks; what matters there is that nothing of ours runs.
        self.admin = admin
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS and not self._trusted(tag, attrs):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style" and not self.admin:
                self.problems.append(f"<{tag} style=…>")
            if name in self.URL_ATTRIBUTES and value:
                cleaned = "".join(ch for ch in value if ch > " ").lower()
                if cleaned.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"<{tag} {name}={value[:40]!r}>")

    def _trusted(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not self.admin:
            return (attributes.get("src") or "").startswith("/static/js/")
        if not self.admin:
            return False
        if tag == "script":
            src = attributes.get("src") or ""
            return src.startswith(("/static/", "/admin/jsi18n/")) or (
                attributes.get("type") == "application/json"
            )
        return tag == "svg"


def page_problems(response) -> list[str]:
    """What in this response would run in a browser that we did not write."""
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return []
    html = response.content.decode(response.charset or "utf-8", "replace")
    checker = _PageChecker(admin=response.wsgi_request.path.startswith("/admin/"))
    checker.feed(html)
    # Escaped text such as "&lt;svg onload=…" is harmless; a tag is not.
    raw = [s for s in ("<script>alert", "<svg on", "<img src=x on") if s in html]
    return checker.problems + raw


def shows_error(html: str) -> bool:
    return "error-summary" in html or "error-message" in html or "errorlist" in html


def is_kept(value: str, html: str) -> bool:
    """The value, escaped, is back in the page (a textarea may add a newline; a
    form may strip surrounding white space)."""
    if not value.strip():
        return True  # white space alone is stripped, and the field reported empty
    return any(escape(v) in html for v in (value, value.strip()))


def submit(client, url: str, data: dict, *, files=None):
    cache.clear()  # rate limits would otherwise answer 429 after a few tries
    payload = {**data, **(files or {})}
    return client.post(url, payload)


def assert_answered(response, where: str):
    assert response.status_code < 500, f"{where}: {response.status_code}"
    problems = page_problems(response)
    assert problems == [], f"{where}: unescaped {problems}"


def workshop_admin_form(n, **extra) -> dict:
    """A valid "add workshop" admin form, a month ahead, with no registrations."""
    from datetime import timedelta

    from django.utils import timezone

    from workshops.models import Workshop

    start = timezone.localtime() + timedelta(days=30)
    return {
        "title": f"Workshop {n}",
        "slug": f"workshop-{n}",
        "summary": "A summary.",
        "format": Workshop.Format.SHORT,
        "status": Workshop.Status.SCHEDULED,
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": "10:00:00",
        "end_0": start.strftime("%Y-%m-%d"),
        "end_1": "13:00:00",
        "attendance": Workshop.Attendance.IN_PERSON,
        "series_registration": Workshop.SeriesRegistration.WHOLE,
        "venue_name": "Oxford House",
        "capacity": "10",
        "reserved_places": "0",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
        **extra,
    }
