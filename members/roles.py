"""Who may do what: the three roles of the network, in one place.

- The **network owner** is the user named as owner on the Network record; they
  are a superuser and may do everything.
- **Organisers** are members of the "Organisers" group, which holds exactly the
  permissions listed in ORGANISER_PERMISSIONS (kept in sync after every migrate),
  while they are active members: a suspended organiser, or one who has left, is
  no organiser until they are active again (the group stays, so reinstating them
  gives everything back).
- **Members** are users whose profile is active.

Everything that asks "may this person run the network?" asks here: the site's
pages, previews and exports (`is_organiser`), the admin (`can_use_admin`, and
members.backends grants no permission to anyone who is not an active member),
and the moderation pages, which also want a second factor (`staff_page`).
"""

import functools

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from members import staff
from network.access import VISITOR, Standing, requires, signed_in
from network.files import Grant

ORGANISERS_GROUP = "Organisers"

# "app_label.codename" of every permission an organiser holds. Each app adds
# the permissions its organisers need here, and nothing more.
ORGANISER_PERMISSIONS = [
    # Members: review applicants, send broadcasts, see the audit log.
    "members.view_profile",
    "members.change_profile",
    "members.approve_members",
    "members.send_broadcast",
    "members.view_moderationaction",
    "members.view_user",
    "members.view_invitation",
    "members.view_broadcast",
    # Comments: moderate discussions.
    "django_comments.can_moderate",
    "django_comments.view_comment",
    "django_comments.change_comment",
    "django_comments_xtd.view_xtdcomment",
    "django_comments_xtd.change_xtdcomment",
    # Reports: work the moderation queue.
    "network.view_issuereport",
    "network.change_issuereport",
    # Workshops: run them in the admin, see access needs, export attendees,
    # mark attendance, choose case-study themes and approve quotes.
    "workshops.view_workshop",
    "workshops.add_workshop",
    "workshops.change_workshop",
    "workshops.export_attendees",
    "workshops.view_registration",
    "workshops.change_registration",
    "workshops.mark_attendance",
    # The sessions of a series and attendance per session (inlines in the admin).
    "workshops.view_session",
    "workshops.add_session",
    "workshops.change_session",
    "workshops.delete_session",
    "workshops.view_sessionattendance",
    "workshops.add_sessionattendance",
    "workshops.change_sessionattendance",
    "workshops.delete_sessionattendance",
    "workshops.view_themeproposal",
    "workshops.change_themeproposal",
    "workshops.choose_theme",
    "workshops.view_feedback",
    "workshops.approve_quote",
]


def sync_organisers_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    wanted = []
    for dotted in ORGANISER_PERMISSIONS:
        app_label, codename = dotted.split(".", 1)
        wanted.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    group.permissions.set(wanted)
    return group


def is_owner(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_organiser(user) -> bool:
    """Organisers and the owner: the people who run the network. An organiser counts
    only while they are an active member."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return in_organisers_group(user) and is_active_member(user)


def in_organisers_group(user) -> bool:
    """In the Organisers group, whatever their membership's state (see is_organiser)."""
    if not user.is_authenticated:
        return False
    # The signed-in user arrives with the answer (members.backends); others ask once.
    cached = getattr(user, "_in_organisers_group", None)
    if cached is None:
        cached = user.groups.filter(name=ORGANISERS_GROUP).exists()
        user._in_organisers_group = cached
    return cached


def profile_of(user):
    """The user's profile, or None for visitors and accounts without one."""
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Exception:  # RelatedObjectDoesNotExist
        return None


def is_active_member(user) -> bool:
    """May take part: comment, register for workshops, see the directory."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return profile is not None and profile.is_active_member


def can_see_members_content(user) -> bool:
    """May read a members-only network beyond its public pages."""
    return is_active_member(user)


def has_accepted_current_terms(user) -> bool:
    """True when the user accepted the current Terms of Service version (or none is
    published). The owner publishes the terms and counts as having accepted them."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # The signed-in user arrives with the answer (members.backends); others ask once.
    cached = getattr(user, "_accepted_current_terms", None)
    if cached is None:
        from network.models import TermsVersion

        current_id = TermsVersion.objects.current_id()
        cached = current_id is None or user.terms_acceptances.filter(terms_id=current_id).exists()
        user._accepted_current_terms = cached
    return cached


def can_participate(user) -> bool:
    """May post, comment, register for workshops, give feedback, invite.

    The check every app calls before letting someone *take part*: an active
    member who has accepted the current Terms of Service. (`is_active_member`
    alone answers "may read members' content".)
    """
    return is_active_member(user) and has_accepted_current_terms(user)


def can_see_directory(user) -> bool:
    """On a public network anyone may browse the directory (seeing only what each
    member shows to everyone); on a members-only network, active members only.
    Suspended members never: they may only see why they are suspended."""
    from network.models import Network

    if is_suspended(user):
        return False
    if Network.objects.current().is_members_only:
        return is_active_member(user)
    return True


def picture_access(request, name: str):
    """May the viewer have the member's picture stored as `name` (network.files)?
    Pictures show beside names on every page that shows people, so they are as open
    as the network: anyone's on a public network; on a members-only network active
    members', and everyone may always have their own. Their names are random, so
    only someone shown the picture knows its address."""
    from network.models import Network

    own = profile_of(request.user)
    if own is not None and name in (own.avatar.name, own.avatar_small.name):
        return Grant()
    if Network.objects.current().is_members_only and not can_see_members_content(request.user):
        return None
    return Grant()


def profile_shown_to(viewer: Standing, profile) -> bool:
    """May a viewer of this standing see the person whose profile this is (their page,
    their name beside a list of their posts)? Decided by role alone, so cached pages
    may ask it: organisers see everyone; others see active members only, and on a
    members-only network only if they are members themselves."""
    from network.models import Network

    if profile is None:
        return False
    if viewer.organiser:
        return True
    if not profile.is_active_member:
        return False
    if Network.objects.current().is_members_only:
        return viewer.member
    return True


def can_see_profile(user, profile) -> bool:
    """May `user` see this person? Everyone may see themselves; otherwise as
    `profile_shown_to`. Whoever may not is told the person does not exist (a 404,
    the same as for nobody), so no name can be found by trying ids or handles."""
    if profile is not None and user.is_authenticated and user.pk == profile.user_id:
        return True
    return profile_shown_to(standing(user), profile)


def is_suspended(user) -> bool:
    profile = profile_of(user)
    return (
        profile is not None and not user.is_superuser and profile.state == profile.State.SUSPENDED
    )


def can_invite(user) -> bool:
    return can_participate(user)


def can_approve_members(user) -> bool:
    return _active_with_perm(user, "members.approve_members")


def can_send_broadcast(user) -> bool:
    return _active_with_perm(user, "members.send_broadcast")


def can_moderate_members(user) -> bool:
    """Suspend and reinstate members: organisers (and the owner)."""
    return _active_with_perm(user, "members.change_profile")


def _active_with_perm(user, perm: str) -> bool:
    if not (user.is_authenticated and is_active_member(user)):
        return False
    # These permissions come with the Organisers group (or staff status in the
    # admin); asking anyone else's permissions would cost two queries for a "no".
    if not (is_organiser(user) or user.is_staff):
        return False
    return user.has_perm(perm)


# --- The admin and the staff accounts ---------------------------------------------------------


def can_use_admin(user) -> bool:
    """May open the admin: staff (organisers are made staff when promoted, the owner
    is) who are active members now. Suspension, leaving and erasure close it at once;
    what each page then allows is the permissions members.backends grants."""
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and is_active_member(user)
    )


ADMIN_REFUSAL = (
    "The admin is for the network's organisers and its owner while they are active members. "
    "If your membership is suspended, or you have left the network, it is closed to you."
)


def is_staff_account(user) -> bool:
    """The accounts that can change the network or other people's standing: the owner,
    organisers and anyone with the admin. They need a second factor (members.staff)."""
    return bool(
        user.is_authenticated and (user.is_superuser or user.is_staff or in_organisers_group(user))
    )


def has_passed_second_factor(request) -> bool:
    """True for anyone who is not a staff account, and for a staff account whose
    session has passed its second factor."""
    return not is_staff_account(request.user) or staff.passed_second_factor(request)


def second_factor_redirect(request):
    """None when the viewer may go on; otherwise where a staff account goes first: to
    set up an authenticator, or to enter its code in this session. Also keeps a staff
    session within its shorter lifetime (members.staff.STAFF_SESSION_SECONDS)."""
    if not is_staff_account(request.user):
        return None
    staff.limit_session(request)
    if staff.passed_second_factor(request):
        return None
    return staff.ask_for_second_factor(request)


def staff_page(check, reason: str):
    """A view decorator for the pages that decide about other people or speak for the
    network (the moderation pages): `check` is asked as `requires` asks it (visitors
    sign in; others it refuses get a 403 saying `reason`), then a staff account must
    have passed its second factor in this session. The admin asks the same
    (members.admin_site)."""
    guard = requires(check, reason)

    def decorator(view):
        @functools.wraps(view)
        def with_second_factor(request, *args, **kwargs):
            response = second_factor_redirect(request)
            if response is not None:
                return response
            return view(request, *args, **kwargs)

        guarded = guard(with_second_factor)
        guarded.needs_second_factor = True
        return guarded

    return decorator


def standing(user) -> Standing:
    """The one answer to "who is this person on the network?", which the core reads
    from `request.standing` (members.middleware)."""
    if user is None or not user.is_authenticated:
        return VISITOR
    return Standing(
        signed_in=True,
        member=is_active_member(user),
        organiser=is_organiser(user),
        owner=is_owner(user),
    )


def viewer_level(user) -> str:
    """How much of a profile `user` may see: "everyone", "members" or "organisers"."""
    if is_organiser(user):
        return "organisers"
    if is_active_member(user):
        return "members"
    return "everyone"


# Blog: organisers write, schedule and publish posts with their tags and attachments.
ORGANISER_PERMISSIONS += [
    "blog.add_post",
    "blog.change_post",
    "blog.delete_post",
    "blog.view_post",
    "blog.add_tag",
    "blog.change_tag",
    "blog.delete_tag",
    "blog.view_tag",
    "blog.add_attachment",
    "blog.change_attachment",
    "blog.delete_attachment",
    "blog.view_attachment",
]


# The library: organisers add and edit resources, their files, partners and outcomes.
ORGANISER_PERMISSIONS += [
    f"library.{action}_{model}"
    for model in ("resource", "resourcefile", "partner", "outcome")
    for action in ("add", "change", "delete", "view")
] + ["library.view_partnermembership"]


# --- The questions views ask, each one decorator (network.access.requires) ------------------------

may_see_directory = requires(can_see_directory, "The directory is for members.")
may_invite = requires(can_invite, "Only members can invite people.")
# The moderation pages: each also asks a staff account for its second factor (staff_page).
may_approve_members = staff_page(
    can_approve_members, "Only organisers approve and decline people who apply to join."
)
may_moderate_members = staff_page(can_moderate_members, "Only organisers moderate members.")
may_send_broadcast = staff_page(can_send_broadcast, "Only organisers send messages to members.")
may_edit_own_profile = requires(
    is_active_member, "You can change your profile and picture once you are an active member."
)


def with_own_profile(view):
    """For pages about one's own account: visitors are sent to sign in, and the view
    is given the signed-in person's profile after the request."""

    @functools.wraps(view)
    @signed_in
    def wrapped(request, *args, **kwargs):
        profile = profile_of(request.user)
        if profile is None:
            raise PermissionDenied("Your account has no member profile.")
        return view(request, profile, *args, **kwargs)

    return wrapped
