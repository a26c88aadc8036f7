"""Finding workshops, as the viewer may see them."""

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from members.roles import can_see_members_content
from network import fulltext
from network.models import Network
from workshops.models import Workshop

MAX_RESULTS = 50
# Only this many matches are ranked (the newest, read in primary-key order), so a
# common word costs the same on a network ten times larger.
CANDIDATES = 200


def search_workshops(query: str, viewer):
    """Workshops matching `query`, best match first: upcoming before past, title
    matches before summary/description ones. Nothing for visitors on a
    members-only network. Cancelled workshops are left out."""
    query = (query or "").strip()
    if not query:
        return Workshop.objects.none()
    if Network.objects.current().is_members_only and not can_see_members_content(viewer):
        return Workshop.objects.none()
    visible = Workshop.objects.exclude(status=Workshop.Status.CANCELLED)
    if connection.vendor == "postgresql":
        return _postgres_search(visible, query)[:MAX_RESULTS]
    matches = visible.filter(
        Q(title__icontains=query) | Q(summary__icontains=query) | Q(description__icontains=query)
    ).annotate(
        title_match=Case(
            When(title__icontains=query, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        is_upcoming=Case(
            When(status=Workshop.Status.SCHEDULED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    return matches.order_by("-is_upcoming", "-title_match", "start")[:MAX_RESULTS]


def _postgres_search(visible, query):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # The stored vector and its GIN index (network.fulltext) find whole words; the
    # title and summary also match part of a word ("co-prod").
    search = SearchQuery(query, config=fulltext.CONFIG, search_type="websearch")
    candidates = (
        visible.filter(
            Q(search_vector=search) | Q(title__icontains=query) | Q(summary__icontains=query)
        )
        .order_by("-pk")
        .values("pk")
    )
    return (
        Workshop.objects.filter(pk__in=candidates[:CANDIDATES])
        .annotate(
            rank=SearchRank(F("search_vector"), search),
            is_upcoming=Case(
                When(status=Workshop.Status.SCHEDULED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-is_upcoming", "-rank", "start")
    )
