from django import template

from members.models import Profile
from members.roles import can_see_members_content
from network.models import Network

register = template.Library()

NEWEST_MEMBERS = 6


@register.simple_tag(takes_context=True)
def newest_members(context, count=NEWEST_MEMBERS):
    """The latest members to join, in one query. On a members-only network,
    visitors see nobody's name."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if Network.objects.current().is_members_only and not (
        viewer is not None and can_see_members_content(viewer)
    ):
        return []
    return list(
        Profile.objects.visible_in_directory()
        .filter(joined_at__isnull=False)
        .order_by("-joined_at", "-pk")[:count]
    )
