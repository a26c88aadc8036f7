from members.roles import is_active_member, is_organiser
from network.models import Network


def network(request):
    """The network record and the viewer's role, for the layout of every page."""
    user = getattr(request, "user", None)
    return {
        "network": Network.objects.current(),
        "viewer_is_member": bool(user and is_active_member(user)),
        "viewer_is_organiser": bool(user and is_organiser(user)),
    }
