import functools

from network.access import blocked_of, standing_of
from network.models import Network
from network.notifications import unread_count


def network(request):
    """The network record and the viewer's standing (their role, never who they are),
    for the layout of every page."""
    standing = standing_of(request)
    return {
        "network": Network.objects.current(),
        "standing": standing,
        "viewer_is_member": standing.member,
        "viewer_is_organiser": standing.organiser,
        # What stops a signed-in viewer taking part, and their next step: worked out
        # only when a template asks (the template engine calls it).
        "blocked": functools.partial(blocked_of, request),
        "unread_notifications": unread_count(request.user) if hasattr(request, "user") else 0,
    }
