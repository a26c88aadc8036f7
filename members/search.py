"""Finding members, as the viewer may see them. (Built out by the membership work.)"""

from members.models import Profile


def search_members(query: str, viewer):
    """Active members whose name matches, visible to `viewer`."""
    return Profile.objects.active().with_user().filter(user__display_name__icontains=query)
