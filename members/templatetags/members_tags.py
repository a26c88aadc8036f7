from django import template

from members import roles
from members.models import Profile
from members.staff import continue_url
from network.models import Network

register = template.Library()

NEWEST_MEMBERS = 6


@register.simple_tag(takes_context=True)
def newest_members(context, count=NEWEST_MEMBERS):
    """The latest members to join, in one query. On a members-only network,
    visitors see nobody's name."""
    # The viewer's role (part of the home fragment's key), never who they are.
    if Network.objects.current().is_members_only and not context["standing"].member:
        return []
    return list(
        Profile.objects.visible_in_directory()
        .filter(joined_at__isnull=False)
        .order_by("-joined_at", "-pk")[:count]
    )


@register.simple_tag(takes_context=True)
def second_factor_continue(context) -> str:
    """The staff page that sent this person to set up an authenticator, or "" (the
    recovery codes page offers to continue there)."""
    return continue_url(context["request"])


@register.filter
def profile_shown_to(user, standing) -> bool:
    """{% if author|profile_shown_to:standing %}: may a viewer of this standing (their
    role, never who they are) see this person? Safe inside cached fragments."""
    return roles.profile_shown_to(standing, roles.profile_of(user))
