"""Who may do what in the library (resources, partners, outcomes): every such
decision is made here, from the members' roles (members/roles.py)."""

from library.models import Partner, PartnerMembership, Resource, ResourceFile
from members.models import visibilities_for
from members.roles import (
    can_participate,
    can_see_members_content,
    is_active_member,
    is_organiser,
    viewer_level,
)
from network.access import requires
from network.files import Grant
from network.models import Network
from network.uploads import library_download_name


def sees_members_resources(user) -> bool:
    """Members (and organisers) see members-only resources; visitors the public ones."""
    return can_see_members_content(user)


def can_browse(user) -> bool:
    """The library is as open as the network: on a members-only one, members only."""
    return not Network.objects.current().is_members_only or can_see_members_content(user)


def can_see_resource(user, resource: Resource) -> bool:
    if can_manage(user):
        return True
    if not can_browse(user) or resource.status != Resource.Status.PUBLISHED:
        return False
    return resource.is_public or sees_members_resources(user)


def can_suggest(user) -> bool:
    """Active members who accepted the current Terms may suggest a resource."""
    return can_participate(user)


def can_manage(user) -> bool:
    """Organisers add, edit and publish resources, partners and outcomes (in the admin)."""
    return is_organiser(user) and is_active_member(user)


def can_say_partner(user) -> bool:
    """Members may say which partner organisation they belong to."""
    return is_active_member(user)


def memberships_shown_to(user, partner_ids):
    """Members' partner memberships this viewer may see (their visibility honoured)."""
    return (
        PartnerMembership.objects.filter(
            partner_id__in=partner_ids, visibility__in=visibilities_for(viewer_level(user))
        )
        .select_related("member")
        .filter(member__is_active=True, member__profile__state="active")
        .order_by("member__display_name")
    )


def file_access(request, name: str) -> Grant | None:
    """May the viewer have the library file stored as `name`? (network.files) Always a
    download, with the type its content was recognised as: never shown inline."""
    item = ResourceFile.objects.select_related("resource").filter(file=name).first()
    if item is None or not can_see_resource(request.user, item.resource):
        return None
    return Grant(
        download_name=library_download_name(item.original_name or item.resource.title, item.kind),
        content_type=item.content_type,
    )


def preview_access(request, name: str) -> Grant | None:
    """The picture of a PDF's first page: for whoever may see the resource."""
    item = ResourceFile.objects.select_related("resource").filter(preview=name).first()
    if item is None or not can_see_resource(request.user, item.resource):
        return None
    return Grant(content_type="image/png")


def logo_access(request, name: str) -> Grant | None:
    if not can_browse(request.user) or not Partner.objects.filter(logo=name).exists():
        return None
    return Grant()


may_browse = requires(can_browse, "This network's library is for its members.")
may_suggest = requires(
    can_suggest,
    "Only active members can suggest resources. If your membership is waiting for "
    "approval, you can suggest one once it is approved.",
)
may_say_partner = requires(can_say_partner, "Only active members can do this.")
