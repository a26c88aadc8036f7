"""One search box over posts, workshops and members.

Each app finds its own matches (settings.SEARCH_SECTIONS: the blog's posts, the
workshops, the members); this module puts them in one paginated list and
highlights matches with <mark> after the text is escaped, so nothing a writer
typed can become markup.
"""

import re

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from network import hooks

# Markers PostgreSQL puts around matches; control characters never typed in a post.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 40


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def highlight(text: str, query: str) -> str:
    """Escaped `text` with each word of `query` wrapped in <mark> (case-insensitive).
    Matching happens on the raw text and each piece is escaped on its own, so a
    match can never split an HTML entity."""
    words = [re.escape(word) for word in query.split()]
    if not words:
        return escape(text)
    pattern = re.compile("|".join(words), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped)


def marked_headline(headline: str) -> str:
    """PostgreSQL's headline, escaped, with its match markers turned into <mark>."""
    pieces = []
    for i, part in enumerate(re.split(f"[{START}{STOP}]", headline)):
        # Text alternates outside/inside markers: odd pieces were matches.
        pieces.append(f"<mark>{escape(part)}</mark>" if i % 2 else escape(part))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped)


class Results:
    """Several result sets in a row, sliceable and countable for the Paginator,
    each part counted with one query and sliced in the database."""

    def __init__(self, parts):
        self.parts = parts  # [(kind, queryset or list)]
        self._counts = None

    def _sizes(self):
        if self._counts is None:
            self._counts = [
                seq.count() if hasattr(seq, "count") and not isinstance(seq, list) else len(seq)
                for _, seq in self.parts
            ]
        return self._counts

    def count(self):
        return sum(self._sizes())

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("Results can only be sliced.")
        start, stop = window.start or 0, window.stop
        found, offset = [], 0
        for (kind, seq), size in zip(self.parts, self._sizes(), strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, size)
            if lo < hi:
                found.extend((kind, item) for item in seq[lo:hi])
            offset += size
        return found


def search_everything(query: str, viewer) -> Results:
    """Every app's matches (settings.SEARCH_SECTIONS), one kind after another."""
    return Results([(kind, find(query, viewer)) for kind, find, _ in hooks.search_sections()])


def snippets() -> dict:
    """kind -> snippet(item, query), for the kinds whose results show one."""
    return {kind: snippet for kind, _, snippet in hooks.search_sections() if snippet}
