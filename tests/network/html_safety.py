"""Checks that a piece of HTML holds nothing a browser would run, by parsing it
(escaped text such as "&lt;script&gt;" is harmless and allowed)."""

from html.parser import HTMLParser

DANGEROUS_TAGS = {"script", "svg", "math", "iframe", "object", "embed", "style", "link",
                  "meta", "base", "form", "details", "body"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value:
                scheme = value.strip().lower().replace("\x00", "")
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"{tag}[{name}={value}]")


def unsafe_parts(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return collector.problems
