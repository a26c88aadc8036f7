from network.access import standing_of
from network.models import Network


def network(request):
    """The network record and the viewer's standing (their role, never who they are),
    for the layout of every page."""
    standing = standing_of(request)
    return {
        "network": Network.objects.current(),
        "standing": standing,
        "viewer_is_member": standing.member,
        "viewer_is_organiser": standing.organiser,
    }
