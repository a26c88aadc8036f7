"""Markdown for text written by organisers: rendered once on save, then sanitised.

Nothing written is silently lost, and nothing that could run survives:

- HTML typed into the text keeps the tags we allow (emphasis, links, lists, tables,
  ...); every other tag (`<script>`, `<style>`, `<math>`, `<iframe>`, comments) is
  escaped, so it shows as typed and what follows it is never swallowed;
- nh3 then removes what is left that could run (event handlers, styles,
  `javascript:` and `data:` links);
- images are kept only from this site's uploads (`MEDIA_URL`, checked as a browser
  would resolve the address); any other image is replaced by its description.

The stored HTML is safe to show as it is.
"""

import html
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.utils.html import escape, linebreaks
from markdown.postprocessors import Postprocessor

from network.files import is_upload_name

ALLOWED_TAGS = {
    "p", "br", "hr", "a", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "img", "table", "thead",
    "tbody", "tr", "th", "td",
}  # fmt: skip
# Typed HTML keeps these tags (h1 becomes h2 below, like a Markdown "#" heading).
TYPED_TAGS = ALLOWED_TAGS | {"h1"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# "extra" without md_in_html: its blocks would carry typed HTML past the escaping.
EXTENSIONS = ["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "tables", "sane_lists"]

_ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9-]*")
# An <img> as nh3 writes it: attributes double-quoted, a quote inside written &quot;.
_IMG = re.compile(r'<img((?:\s+[^\s=>"]+(?:="[^"]*")?)*)\s*/?>')
_SRC = re.compile(r'\ssrc="')
_ALT = re.compile(r'\salt="([^"]*)"')


def is_site_upload(address: str) -> bool:
    """True when `address` leads to one of this site's uploads once a browser has
    resolved it: `/media/<name>` (or this site's own origin followed by that), with
    no `..`, `%2e%2e`, backslash or doubled slash leading elsewhere."""
    if any(ch == "\\" or ord(ch) < 0x21 for ch in address):
        return False
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        site = urlsplit(settings.SITE_URL)
        if (parts.scheme.lower(), parts.netloc.lower()) != (site.scheme, site.netloc.lower()):
            return False
    path = unquote(parts.path)
    if "\\" in path or posixpath.normpath(path) != path:
        return False
    return path.startswith(settings.MEDIA_URL) and is_upload_name(
        path.removeprefix(settings.MEDIA_URL)
    )


def _own_media_only(tag: str, attribute: str, value: str) -> str | None:
    """Images may come from this site's uploads only; other attributes pass."""
    if tag == "img" and attribute == "src" and not is_site_upload(value):
        return None
    return value


def _image_or_its_description(match: re.Match) -> str:
    attributes = match.group(1)
    if _SRC.search(attributes):
        return match.group(0)
    alt = _ALT.search(attributes)
    return escape(html.unescape(alt.group(1))) if alt else ""


def sanitise_html(text: str) -> str:
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_own_media_only,
        link_rel="nofollow noopener noreferrer",
    )
    # An image whose address was refused shows its description instead.
    return _IMG.sub(_image_or_its_description, cleaned)


class _ShowUnsupportedTags(HTMLParser):
    """Rewrites typed HTML: tags in TYPED_TAGS stay (nh3 checks their attributes);
    every other tag, comment or declaration becomes text that shows as typed. The
    content of <script> and <style> is text too, and so is anything left unclosed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def shown(self, source: str) -> str:
        self.feed(source)
        self.close()
        if self.rawdata:  # an unclosed <script>, <style> or comment: keep it, as text
            self.parts.append(escape(self.rawdata))
            self.rawdata = ""
        return "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        if tag not in TYPED_TAGS:
            self.parts.append(escape(self.get_starttag_text()))
            return
        kept = "".join(
            f' {name}="{escape(value or "")}"'
            for name, value in attrs
            if _ATTRIBUTE_NAME.fullmatch(name)
        )
        self.parts.append(f"<{tag}{kept}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>" if tag in TYPED_TAGS else escape(f"</{tag}>"))

    def handle_data(self, data):
        self.parts.append(escape(data))

    def handle_comment(self, data):
        self.parts.append(escape(f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.parts.append(escape(f"<!{decl}>"))

    def unknown_decl(self, data):
        self.parts.append(escape(f"<![{data}]>"))

    def handle_pi(self, data):
        self.parts.append(escape(f"<?{data}>"))


class _TypedHtmlShown(Postprocessor):
    """Runs just before Markdown puts the HTML it set aside back into the page (the
    typed HTML, and fenced code blocks it rendered itself)."""

    def run(self, text):
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str):
                stash[index] = _ShowUnsupportedTags().shown(block)
        return text


def render_markdown(text: str) -> str:
    md = markdown_lib.Markdown(extensions=EXTENSIONS, output_format="html")
    # Before "raw_html" (priority 30), which puts the set-aside HTML back.
    md.postprocessors.register(_TypedHtmlShown(md), "typed_html_shown", 35)
    try:
        rendered = md.convert(text or "")
    except RecursionError:
        # Thousands of nested quotes or lists exhaust the parser's recursion:
        # keep the words as plain paragraphs rather than fail the save.
        rendered = linebreaks(escape(text))
    # h1 is the page's own title: headings in the body start at h2.
    rendered = rendered.replace("<h1", "<h2").replace("</h1>", "</h2>")
    return sanitise_html(rendered)
