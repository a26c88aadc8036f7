"""One search box over posts, workshops and members.

On PostgreSQL posts are found with full-text search and ranked (title weighs more
than body); elsewhere (SQLite in development) a case-insensitive match. Matches
are highlighted with <mark> after the text is escaped, so nothing a writer typed
can become markup.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from members.search import search_members
from network import fulltext
from network.blog.models import Post
from workshops.search import search_workshops

# Markers PostgreSQL puts around matches; control characters never typed in a post.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 40


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_posts(query: str, viewer):
    posts = Post.objects.published()
    if is_postgres():
        search = SearchQuery(query, search_type="websearch", config=fulltext.CONFIG)
        return (
            # The stored vector and its GIN index (network.fulltext) find the matches.
            posts.filter(search_vector=search)
            .annotate(
                rank=SearchRank(F("search_vector"), search),
                headline=SearchHeadline(
                    "body_text",
                    search,
                    config=fulltext.CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                ),
            )
            .order_by("-rank", "-publish_at")
            .defer("body", "body_html")
        )
    title_match = Case(When(title__icontains=query, then=Value(1)), default=Value(0))
    return (
        posts.filter(Q(title__icontains=query) | Q(body_text__icontains=query))
        .annotate(title_match=title_match)
        .order_by("-title_match", "-publish_at")
        .defer("body", "body_html")
        .annotate(headline=F("excerpt"))
    )


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


def snippet(post, query: str) -> str:
    if is_postgres():
        return marked_headline(post.headline or post.excerpt)
    text = post.body_text
    match = re.search(re.escape(query.split()[0]) if query.split() else "", text, re.I)
    if match and match.start() > 120:
        text = "… " + text[match.start() - 80 :]
    return highlight(Truncator(text).words(SNIPPET_WORDS), query)


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
    return Results(
        [
            ("post", search_posts(query, viewer)),
            ("workshop", search_workshops(query, viewer)),
            ("member", search_members(query, viewer)),
        ]
    )
