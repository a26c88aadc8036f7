"""Finding posts for the site search (settings.SEARCH_SECTIONS).

On PostgreSQL posts are found with full-text search and ranked (title weighs more
than body); elsewhere (SQLite in development) a case-insensitive match.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, Q, Value, When
from django.utils.text import Truncator

from network import fulltext
from network.blog.models import Post
from network.search import START, STOP, highlight, is_postgres, marked_headline

SNIPPET_WORDS = 40
# Only this many matches are ranked: the newest ones, read in primary-key order and
# stopping once found, so a common word costs the same on a network ten times larger.
CANDIDATES = 200


def search_posts(query: str, viewer):
    posts = Post.objects.published()
    if is_postgres():
        search = SearchQuery(query, search_type="websearch", config=fulltext.CONFIG)
        # The stored vector (network.fulltext) says which posts match; the newest
        # CANDIDATES of them are ranked, not every match.
        candidates = posts.filter(search_vector=search).order_by("-pk").values("pk")
        return (
            Post.objects.filter(pk__in=candidates[:CANDIDATES])
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
    matches = posts.filter(Q(title__icontains=query) | Q(body_text__icontains=query))
    candidates = matches.order_by("-pk").values("pk")[:CANDIDATES]
    return (
        Post.objects.filter(pk__in=candidates)
        .annotate(title_match=title_match)
        .order_by("-title_match", "-publish_at")
        .defer("body", "body_html")
        .annotate(headline=F("excerpt"))
    )


def snippet(post, query: str) -> str:
    if is_postgres():
        return marked_headline(post.headline or post.excerpt)
    text = post.body_text
    match = re.search(re.escape(query.split()[0]) if query.split() else "", text, re.I)
    if match and match.start() > 120:
        text = "… " + text[match.start() - 80 :]
    return highlight(Truncator(text).words(SNIPPET_WORDS), query)
