"""Finding resources for the site search (settings.SEARCH_SECTIONS)."""

from django.db.models import Q

from library import permissions
from library.models import Resource

MAX_RESULTS = 50


def search_resources(query: str, viewer):
    """Published resources the viewer may see whose title, summary or topics match."""
    query = (query or "").strip()
    if not query or not permissions.can_browse(viewer):
        return Resource.objects.none()
    return (
        Resource.objects.visible_to(members=permissions.sees_members_resources(viewer))
        .filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(topics__name__icontains=query)
        )
        .distinct()
        .order_by("-created_at")[:MAX_RESULTS]
    )
