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
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.http import urlencode

from members import staff
from members.models import visibilities_for
from network.access import VISITOR, Blocked, Standing, requires, signed_in
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
    # The network's topics: organisers may add one while filing a resource.
    "network.view_topic",
    "network.add_topic",
    # Places at single sessions (series registered for per session): attendance, removal.
    "workshops.view_sessionplace",
    "workshops.change_sessionplace",
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


def can_edit_account_of(editor, subject) -> bool:
    """May `editor` change `subject`'s account or profile in the admin? Everyone their
    own. A profile is its member's, so nobody else rewrites it (members.admin); of the
    account (name, e-mail, roles) only the owner changes other people's, and never
    an organiser the owner's or another staff account's. Every such edit is written
    to the moderation log (members.admin.UserAdmin.save_model)."""
    if not editor.is_authenticated or subject is None:
        return False
    if editor.pk == subject.pk:
        return True
    if not is_owner(editor):
        return False
    return not subject.is_superuser


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


def blocked_standing(user, here: str = "") -> Blocked | None:
    """THE answer to "why can't this signed-in person take part, and what do they do
    next?" (network.access.Blocked), or None when nothing stands in their way. The
    members-only gate, the 403 page, the layout, the workshop registration panel, the
    comment form area and the directory all show this answer.

    `here` is where they are: the next step brings them back to it (accepting the
    updated Terms). Costs no query for a signed-in request (the profile and the Terms
    answer come with the user, members.backends)."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    profile = profile_of(user)
    if profile is None:
        return None
    status_url = reverse("members:status")
    state = profile.state
    if state == profile.State.SUSPENDED:
        until = (
            f" until {format_date(timezone.localtime(profile.suspended_until), 'j F Y, H:i')}"
            if profile.suspended_until
            else ""
        )
        return Blocked(
            state="suspended",
            message=f"Your membership is suspended{until}, so you cannot take part for now. "
            "If you think this is a mistake, you can appeal through Report an Issue.",
            next_url=reverse("report"),
            next_label="Appeal against the suspension",
            detail=profile.suspension_reason or "No reason was given.",
        )
    if (
        state == profile.State.PENDING
        and profile.applied_at is None
        and not _has_verified_email(user)
    ):
        email = user.email
        return Blocked(
            state="unverified",
            message=f"Please confirm your e-mail address: we sent a link to {email}. "
            "Your application goes to the organisers once it is confirmed.",
            next_url=reverse("account_email"),
            next_label="Send the link again",
            next_method="post",
            post_fields=(("email", email), ("action_send", "1")),
        )
    if state == profile.State.PENDING:
        applied = format_date(timezone.localtime(profile.applied_at or profile.created_at), "j F Y")
        return Blocked(
            state="pending",
            message=f"You applied to join on {applied} and your application is waiting for "
            "an organiser's approval. We will e-mail you as soon as it is decided; "
            "until then you cannot comment, register for workshops or see the directory.",
            next_url=status_url,
            next_label="See your application",
        )
    if state == profile.State.DECLINED:
        return Blocked(
            state="declined",
            message="Your application to join was not accepted, so you cannot take part.",
            next_url=status_url,
            next_label="See your membership",
        )
    if state == profile.State.LEFT:
        return Blocked(
            state="left",
            message="You left the network. You can ask to join again.",
            next_url=status_url,
            next_label="Ask to join again",
        )
    if not has_accepted_current_terms(user):
        from network.models import TermsVersion

        terms = TermsVersion.objects.current()
        accept = reverse("members:accept_terms")
        if here and here != accept and not here.startswith(accept + "?"):
            accept = f"{accept}?{urlencode({'next': here})}"
        return Blocked(
            state="terms",
            message="Our Terms of Service have changed"
            + (f" (version {terms.version})" if terms else "")
            + ". Please read and accept the updated Terms to take part again: "
            "it takes a minute, and you come straight back here.",
            next_url=accept,
            next_label="Accept the updated Terms",
            detail=terms.changes if terms else "",
        )
    return None


def can_see_network_overview(user) -> bool:
    """The owner's view of the network (/network/overview/): the owner and organisers
    (while they are active members, as is_organiser decides)."""
    return is_organiser(user)


def can_see_contributions(user, profile) -> bool:
    """May `user` see this member's contribution record? The member always; anyone else
    only if they may see the person at all (can_see_profile) and the member showed the
    record to people like them (Profile.contributions_visibility; "only me" to nobody)."""
    if profile is None:
        return False
    if user.is_authenticated and user.pk == profile.user_id:
        return True
    if not can_see_profile(user, profile):
        return False
    return profile.contributions_visibility in visibilities_for(viewer_level(user))


def _has_verified_email(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


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

may_see_directory = requires(
    lambda user: (
        can_see_directory(user) and (not user.is_authenticated or has_accepted_current_terms(user))
    ),
    "The directory is for members.",
)
may_invite = requires(can_invite, "Only members can invite people.")
# The moderation pages: each also asks a staff account for its second factor (staff_page).
may_approve_members = staff_page(
    can_approve_members, "Only organisers approve and decline people who apply to join."
)
may_moderate_members = staff_page(can_moderate_members, "Only organisers moderate members.")
may_send_broadcast = staff_page(can_send_broadcast, "Only organisers send messages to members.")
# The overview carries the network's aggregate figures, payments among them: a staff page.
may_see_network_overview = staff_page(
    can_see_network_overview,
    "The overview of the network is for its organisers and its owner.",
)
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


def moderators():
    """Who hears about reported content (spam, abuse): the owner and every organiser
    while they are active members (as is_organiser decides one by one)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__name=ORGANISERS_GROUP, profile__state="active"),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def organiser_emails() -> list[str]:
    """The moderators' addresses, for reports they must see (network.reports)."""
    return sorted({email for email in moderators().values_list("email", flat=True) if email})
