"""Finding members, as the viewer may see them (used by the site search)."""

from django.db.models import Case, IntegerField, Value, When

from members.models import Profile
from members.roles import can_see_directory, viewer_level

# At most this many matches are shown (best first): the list does not grow with the network.
MAX_RESULTS = 200


def search_members(query: str, viewer):
    """Active members matching `query` by name (or organisation, where the viewer
    may see it), best match first: names starting with the query, then names
    containing it, then organisations. Only members may search members."""
    query = (query or "").strip()
    if not query or not can_see_directory(viewer):
        return Profile.objects.none()
    level = viewer_level(viewer)
    return (
        Profile.objects.visible_in_directory()
        .search(query, level, candidates=MAX_RESULTS)
        .annotate(
            rank=Case(
                When(user__display_name__istartswith=query, then=Value(0)),
                When(user__display_name__icontains=query, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "user__display_name", "pk")[:MAX_RESULTS]
    )
