"""Markdown for text written by organisers: rendered once on save, then sanitised.

Anything nh3 does not allow (scripts, event handlers, styles, SVG, javascript:
and data: links, images from other sites) is removed, so the stored HTML is safe
to show as it is.
"""

from urllib.parse import urlparse

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.utils.html import escape, linebreaks

ALLOWED_TAGS = {
    "p", "br", "hr", "a", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "img", "table", "thead",
    "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _own_media_only(tag: str, attribute: str, value: str) -> str | None:
    """Images may come from this site's uploads only; other attributes pass."""
    if tag == "img" and attribute == "src":
        parsed = urlparse(value)
        if parsed.scheme or parsed.netloc or not value.startswith(settings.MEDIA_URL):
            return None
    return value


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_own_media_only,
        link_rel="nofollow noopener noreferrer",
    )


def render_markdown(text: str) -> str:
    # h1 is the page's own title: headings in the body start at h2.
    try:
        html = markdown_lib.markdown(
            text or "", extensions=["extra", "sane_lists"], output_format="html"
        )
    except RecursionError:
        # Thousands of nested quotes or lists exhaust the parser's recursion:
        # keep the words as plain paragraphs rather than fail the save.
        html = linebreaks(escape(text))
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    return sanitise_html(html)
