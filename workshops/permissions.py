"""Who may do what with workshops: every such decision is made here.

Organisers of a workshop are the network's organisers (the Organisers group)
and the owner; the `workshop` argument is kept so per-workshop organisers can be
added later without touching the callers.
"""

from members.roles import can_participate, can_see_members_content, is_active_member, is_organiser
from network.access import requires
from network.files import Grant
from network.models import Network
from workshops.models import Registration, Workshop


def can_register(user) -> bool:
    """May register for workshops at all: an active member (the owner counts) who
    has accepted the current Terms of Service."""
    return can_participate(user)


def can_manage(user, workshop: Workshop | None = None) -> bool:
    """Runs this workshop: sees access needs, exports attendees, chooses themes."""
    return is_organiser(user) and is_active_member(user)


def can_see_access_needs(user, workshop: Workshop) -> bool:
    return can_manage(user, workshop)


def can_export_attendees(user, workshop: Workshop | None = None) -> bool:
    return can_manage(user, workshop) and user.has_perm("workshops.export_attendees")


def can_see_workshops(user) -> bool:
    """Workshop pages are as open as the network: on a members-only one, members only
    (the members-only gate, network.middleware, asks the same of the pages)."""
    return not Network.objects.current().is_members_only or can_see_members_content(user)


def cover_access(request, name: str) -> Grant | None:
    """May the viewer have the workshop cover stored as `name`? (network.files)"""
    if not can_see_workshops(request.user):
        return None
    if not Workshop.objects.filter(cover_image=name).exists():
        return None
    return Grant()


def can_see_joining_link(user, workshop: Workshop, registration: Registration | None) -> bool:
    if can_manage(user, workshop):
        return True
    return (
        registration is not None
        and registration.status == Registration.Status.CONFIRMED
        and can_register(user)
    )


def can_propose_themes(user, workshop: Workshop, registration: Registration | None) -> bool:
    """Registered participants (confirmed or waiting), before the workshop starts."""
    return (
        can_register(user)
        and workshop.status == Workshop.Status.SCHEDULED
        and not workshop.has_started
        and registration is not None
        and registration.status != Registration.Status.CANCELLED
    )


def can_see_themes(user, workshop: Workshop, registration: Registration | None) -> bool:
    return can_manage(user, workshop) or (
        can_register(user)
        and registration is not None
        and registration.status != Registration.Status.CANCELLED
    )


def can_give_feedback(user, workshop: Workshop, registration: Registration | None) -> bool:
    """After a completed workshop, for those marked as having attended."""
    return (
        can_register(user)
        and workshop.status == Workshop.Status.COMPLETED
        and registration is not None
        and registration.attended
    )


def can_download_certificate(
    user, workshop: Workshop, registration: Registration | None, attended_sessions=()
) -> bool:
    """A certificate of attendance, for those marked as having attended (the workshop, or
    at least one session of a series registered for per session), once it has started."""
    attended = (
        registration is not None
        and registration.attended
        and registration.status == Registration.Status.CONFIRMED
    ) or bool(attended_sessions)
    return attended and workshop.status != Workshop.Status.CANCELLED and workshop.has_started


# --- The questions views ask, each one decorator (network.access.requires) ------------------------

may_take_part = requires(can_register, "Only active members can take part in workshops.")
# Every organiser runs every workshop today (see can_manage).
may_run_workshops = requires(can_manage, "Only the organisers of this workshop can do this.")
# Visitors sign in first; the per-workshop question (can_download_certificate) follows.
may_ask_for_certificate = requires(
    lambda user: user.is_authenticated, "Sign in to download your certificate of attendance."
)
