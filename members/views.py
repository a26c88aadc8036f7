"""Membership pages: profiles, the directory, one's own settings and data, and the
owner's and organisers' tools. Views parse, check, call a service, render."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members import contributions, gdpr, membership, moderation
from members.forms import (
    AvatarForm,
    BroadcastForm,
    DeclineForm,
    DeleteAccountForm,
    DirectoryFilterForm,
    InvitationRequestForm,
    InviteForm,
    NotificationsForm,
    ProfileForm,
    ReinstateForm,
    SuspendForm,
    TermsForm,
)
from members.models import Invitation, ModerationAction, Profile
from members.notifications import (
    DIGEST,
    PREFERENCES,
    read_unsubscribe_token,
    settle_undigested,
    turn_off,
)
from members.roles import (
    can_moderate_members,
    can_see_contributions,
    can_see_profile,
    has_accepted_current_terms,
    is_active_member,
    is_owner,
    may_approve_members,
    may_edit_own_profile,
    may_invite,
    may_moderate_members,
    may_see_directory,
    may_see_network_overview,
    may_send_broadcast,
    viewer_level,
    with_own_profile,
)
from network.access import signed_in
from network.caching.fragments import declared_query
from network.caching.generations import cached_under
from network.hooks import overview_charts
from network.models import Network, TermsVersion
from network.ratelimit import is_rate_limited
from network.views import safe_next

DIRECTORY_PAGE_SIZE = 24
PENDING_PAGE_SIZE = 20
RECENT_COMMENTS = 5


# --- Directory and profiles ------------------------------------------------------------------


@may_see_directory
def directory(request):
    level = viewer_level(request.user)
    form = DirectoryFilterForm(request.GET or None)
    profiles = Profile.objects.visible_in_directory()
    if form.is_valid():
        data = form.cleaned_data
        profiles = profiles.search(data["q"], level)
        if data["expertise"]:
            profiles = profiles.bringing(data["expertise"], level)
        if data["area"]:
            profiles = profiles.in_area(data["area"], level)
    profiles = profiles.order_by("user__display_name", "pk")
    # Lazy: the list is usually a cached fragment, and then never fetched.
    page = SimpleLazyObject(
        lambda: Paginator(profiles, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    )
    cards = SimpleLazyObject(lambda: [(p, p.visible_fields(level)) for p in page])
    return render(
        request,
        "members/directory.html",
        {
            "form": form,
            "page": page,
            "cards": cards,
            # The cached list's key holds these parameters, and its links only these.
            "fragment_params": [*DirectoryFilterForm.base_fields, "page"],
            "query": declared_query(request, DirectoryFilterForm.base_fields),
        },
    )


@signed_in
def my_page(request):
    if not is_active_member(request.user):
        # Applicants and suspended members have no public page yet: show where they stand.
        return redirect("members:status")
    return redirect("members:profile", request.user.pk)


PROFILE_CACHE_SECONDS = 600


def profile(request, user_id):
    # Read from the cache until people's data next changes: building the profile
    # and its user from a row cost more than the rest of a cached profile page.
    member = cached_under(
        ("people",),
        f"members:profile:{user_id}",
        lambda: (
            Profile.objects.with_user()
            .prefetch_related("interests")
            .filter(user_id=user_id)
            .first()
        ),
        PROFILE_CACHE_SECONDS,
    )
    if member is None or not can_see_profile(request.user, member):
        raise Http404("No such member.")
    is_self = request.user.is_authenticated and request.user.pk == member.user_id
    level = "organisers" if is_self else viewer_level(request.user)
    return render(
        request,
        "members/profile.html",
        {
            "member": member,
            "person": member.user,
            "visible": member.visible_fields(level, own_page=is_self),
            "is_self": is_self,
            # Lazy: the page is usually a cached fragment, and these are then never fetched.
            "recent_comments": SimpleLazyObject(
                lambda: _recent_comments(member.user, request.user)
            ),
            "workshops_template": _optional_template("workshops/_profile_workshops.html"),
            "can_moderate": can_moderate_members(request.user) and not is_self,
            "can_promote": is_owner(request.user) and not is_self,
            "is_member_organiser": SimpleLazyObject(lambda: _is_in_organisers(member.user)),
            "can_see_record": can_see_contributions(request.user, member),
        },
    )


def _is_in_organisers(user) -> bool:
    from members.roles import ORGANISERS_GROUP

    return user.groups.filter(name=ORGANISERS_GROUP).exists()


def _optional_template(name):
    """The workshops app may provide a section for the profile page."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def _recent_comments(user, viewer) -> list:
    """The member's latest public comments on things the viewer may see: two
    queries (comments, then their pages per content type) whatever the number."""
    from django_comments_xtd.models import XtdComment

    candidates = list(
        XtdComment.objects.filter(user=user, is_public=True, is_removed=False)
        .select_related("content_type")
        .prefetch_related("content_object")
        .order_by("-submit_date")[: RECENT_COMMENTS * 4]
    )
    shown = []
    for comment in candidates:
        target = comment.content_object
        if target is None or not _is_visible(target, viewer):
            continue
        shown.append(comment)
        if len(shown) == RECENT_COMMENTS:
            break
    return shown


def _is_visible(target, viewer) -> bool:
    """Content models say who may see them with `is_visible_to(user)` (or at least
    `is_published`); anything else commented on is shown."""
    check = getattr(target, "is_visible_to", None)
    if callable(check):
        return bool(check(viewer))
    published = getattr(target, "is_published", True)
    return bool(published() if callable(published) else published)


# --- Own settings ----------------------------------------------------------------------------


@with_own_profile
@may_edit_own_profile
def edit_profile(request, profile):
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("members:profile", request.user.pk)
    return render(request, "members/edit_profile.html", {"form": form, "member": profile})


@with_own_profile
@may_edit_own_profile
def edit_avatar(request, profile):
    form = AvatarForm()
    if request.method == "POST":
        if "remove" in request.POST:
            _replace_avatar(profile, None)
            messages.success(request, "Your picture has been removed.")
            return redirect("members:edit_avatar")
        form = AvatarForm(request.POST, request.FILES)
        if form.is_valid():
            _replace_avatar(profile, form.processed)
            messages.success(request, "Your new picture has been saved.")
            return redirect("members:profile", request.user.pk)
    return render(
        request,
        "members/edit_avatar.html",
        {"form": form, "member": profile, "person": profile.user},
    )


def _replace_avatar(profile, processed):
    for field in (profile.avatar, profile.avatar_small):
        if field:
            field.delete(save=False)
    if processed:
        large, small = processed
        profile.avatar.save(large.file.name, large.file, save=False)
        profile.avatar_small.save(small.file.name, small.file, save=False)
    profile.save(update_fields=["avatar", "avatar_small"])


@with_own_profile
def notifications(request, profile):
    form = NotificationsForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        settle_undigested(form.save())
        messages.success(request, "Your e-mail choices have been saved.")
        return redirect("members:notifications")
    return render(request, "members/notifications.html", {"form": form})


@with_own_profile
def status(request, profile):
    """What state my membership is in, and why: the page applicants and suspended
    members land on."""
    return render(
        request,
        "members/status.html",
        {
            "member": profile,
            "declined_before": moderation.was_declined(request.user),
            "hide_blocked_notice": True,
        },
    )


@signed_in
def accept_terms(request):
    terms = TermsVersion.objects.current()
    next_url = safe_next(request, reverse("home"))
    if terms is None or has_accepted_current_terms(request.user):
        return redirect(next_url)
    form = TermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership.accept_terms(user=request.user, terms=terms)
        messages.success(request, "Thank you for accepting the Terms of Service.")
        return redirect(next_url)
    return render(
        request,
        "members/accept_terms.html",
        {"form": form, "terms": terms, "next": next_url, "hide_blocked_notice": True},
    )


def ask_for_invitation(request):
    """On an invitation-only network, a stranger asks the owner for an invitation."""
    if Network.objects.current().join_policy != Network.JoinPolicy.INVITATION:
        return redirect("account_signup")
    form = InvitationRequestForm(request.POST or None)
    if request.method == "POST":
        if is_rate_limited(request, "invitation_request"):
            form.add_error(None, "Several requests came from here recently. Please try later.")
            return render(request, "members/ask_for_invitation.html", {"form": form}, status=429)
        if form.is_valid():
            membership.request_invitation(**form.cleaned_data)
            return render(request, "members/ask_for_invitation.html", {"sent": True})
    return render(request, "members/ask_for_invitation.html", {"form": form})


# --- Your data -------------------------------------------------------------------------------


@with_own_profile
def your_data(request, profile):
    return render(request, "members/your_data.html", {"member": profile})


@with_own_profile
def download_data(request, profile):
    payload = gdpr.export_zip(request.user, request.build_absolute_uri)
    response = HttpResponse(payload, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@with_own_profile
def delete_account(request, profile):
    if is_owner(request.user) or Network.objects.current().owner_id == request.user.pk:
        raise PermissionDenied(
            "The network owner's account cannot be deleted. Hand the network to someone else first."
        )
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        gdpr.erase(user)
        logout(request)
        messages.success(request, "Your account and your personal data have been deleted.")
        return redirect("home")
    return render(request, "members/delete_account.html", {"form": form})


@with_own_profile
def leave_network(request, profile):
    if is_owner(request.user):
        raise PermissionDenied("The network owner cannot leave the network.")
    if request.method == "POST":
        if profile.state == Profile.State.LEFT and "rejoin" in request.POST:
            profile = membership.rejoin(user=request.user)
            if profile.state == Profile.State.SUSPENDED:
                messages.info(request, "You are back, and your membership is still suspended.")
            elif profile.state == Profile.State.PENDING:
                messages.success(request, "Your application to join again is with the organisers.")
            else:
                messages.success(request, "Welcome back.")
            return redirect("members:status")
        if profile.state != Profile.State.LEFT:
            membership.leave(user=request.user)
            messages.success(request, "You have left the network. Your data is kept.")
        return redirect("members:status")
    return render(
        request,
        "members/leave.html",
        {"member": profile, "declined_before": moderation.was_declined(request.user)},
    )


# --- Invitations -----------------------------------------------------------------------------


@may_invite
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if is_rate_limited(request, "invite"):
            form.add_error(None, "You have sent many invitations recently. Please wait a while.")
            return render(request, "members/invite.html", {"form": form}, status=429)
        if form.is_valid():
            invitation = membership.invite(
                inviter=request.user,
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
            messages.success(request, f"Your invitation to {invitation.email} is on its way.")
            return redirect("members:invite")
    sent = Invitation.objects.filter(invited_by=request.user).order_by("-created_at")[:20]
    return render(request, "members/invite.html", {"form": form, "sent": sent})


def accept_invitation(request, token):
    """The link in an invitation e-mail: check it, remember it, go to sign-up."""
    invitation = Invitation.objects.filter(token=token).first()
    problem = None
    if invitation is None:
        problem = "This invitation link is not valid."
    elif invitation.is_used:
        problem = "This invitation has already been used."
    elif invitation.is_expired:
        problem = "This invitation has expired. Please ask whoever invited you for a new one."
    if problem:
        return render(request, "members/invitation_invalid.html", {"problem": problem}, status=410)
    if request.user.is_authenticated:
        return redirect("home")
    request.session[membership.INVITATION_SESSION_KEY] = invitation.token
    return redirect(f"{reverse('account_signup')}?email={invitation.email}")


# --- The owner's and organisers' tools -------------------------------------------------------


@may_approve_members
def pending_members(request):
    applicants = (
        Profile.objects.pending()
        .with_user()
        .prefetch_related(
            "interests",
            # What the moderators decided about each applicant before (one query).
            Prefetch(
                "user__moderation_actions_received",
                queryset=ModerationAction.objects.select_related("actor").order_by(
                    "-created_at", "-pk"
                ),
                to_attr="history",
            ),
        )
        .order_by("created_at", "pk")
    )
    page = Paginator(applicants, PENDING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/pending.html", {"page": page, "decline_form": DeclineForm()})


@require_POST
@may_approve_members
def approve_member(request, user_id):
    profile = get_object_or_404(Profile.objects.with_user(), user_id=user_id)
    if profile.state != Profile.State.PENDING:
        messages.info(request, f"{profile.user} is no longer waiting.")
        return redirect("members:pending")
    moderation.approve(actor=request.user, profile=profile)
    messages.success(request, f"{profile.user} is now a member.")
    return redirect("members:pending")


@require_POST
@may_approve_members
def decline_member(request, user_id):
    profile = get_object_or_404(Profile.objects.with_user(), user_id=user_id)
    form = DeclineForm(request.POST)
    if profile.state != Profile.State.PENDING or not form.is_valid():
        messages.info(request, f"{profile.user} is no longer waiting.")
        return redirect("members:pending")
    moderation.decline(actor=request.user, profile=profile, message=form.cleaned_data["message"])
    messages.success(request, f"{profile.user}'s application was declined.")
    return redirect("members:pending")


@may_moderate_members
def moderate_member(request, user_id):
    """Suspend or reinstate one member; the owner also promotes and demotes organisers."""
    profile = get_object_or_404(Profile.objects.with_user(), user_id=user_id)
    subject = profile.user
    if subject.pk == request.user.pk or subject.is_superuser:
        raise PermissionDenied("You cannot moderate this account.")
    form = SuspendForm()
    reinstate_form = ReinstateForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "suspend":
            form = SuspendForm(request.POST)
            if form.is_valid():
                moderation.suspend(
                    actor=request.user,
                    profile=profile,
                    reason=form.cleaned_data["reason"],
                    until=form.until_datetime(),
                    remove_comments=form.cleaned_data["for_spam"],
                )
                messages.success(request, f"{subject} is suspended.")
                return redirect("members:moderate", subject.pk)
        elif action == "reinstate":
            reinstate_form = ReinstateForm(request.POST)
            if reinstate_form.is_valid():
                restored = moderation.reinstate(
                    actor=request.user,
                    profile=profile,
                    reason=reinstate_form.cleaned_data["reason"],
                    restore_comments=reinstate_form.cleaned_data["restore_comments"],
                )
                done = f" and {restored} comment(s) are back" if restored else ""
                messages.success(request, f"{subject} is reinstated{done}. We e-mailed them.")
                return redirect("members:moderate", subject.pk)
        elif action in ("promote", "demote"):
            if not is_owner(request.user):
                raise PermissionDenied("Only the network owner promotes and demotes organisers.")
            if action == "promote":
                if not profile.is_active_member:
                    raise PermissionDenied("Only active members can become organisers.")
                moderation.promote(actor=request.user, user=subject)
                messages.success(request, f"{subject} is now an organiser.")
            else:
                moderation.demote(actor=request.user, user=subject)
                messages.success(request, f"{subject} is no longer an organiser.")
            return redirect("members:moderate", subject.pk)
        else:
            raise PermissionDenied("Unknown action.")
    history = ModerationAction.objects.filter(subject=subject).select_related("actor")[:50]
    return render(
        request,
        "members/moderate.html",
        {
            "member": profile,
            "form": form,
            "reinstate_form": reinstate_form,
            "history": history,
            "is_member_organiser": _is_in_organisers(subject),
            "viewer_is_owner": is_owner(request.user),
        },
    )


@may_send_broadcast
def broadcast(request):
    form = BroadcastForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = membership.broadcast_recipients(expertise=data["expertise"], area=data["area"])
        if "send" in request.POST:
            if is_rate_limited(request, "broadcast"):
                form.add_error(None, "You have sent several messages recently. Please wait.")
                return render(request, "members/broadcast.html", {"form": form}, status=429)
            with transaction.atomic():
                sent = membership.send_broadcast(sender=request.user, **data)
            messages.success(
                request,
                f"Your message is queued for {sent.recipient_count} member"
                f"{'s' if sent.recipient_count != 1 else ''}; it goes out within minutes.",
            )
            return redirect("members:broadcast")
        preview = {"count": recipients.count(), **data}
    return render(request, "members/broadcast.html", {"form": form, "preview": preview})


# --- Unsubscribe -----------------------------------------------------------------------------


# Mail clients send the one-click unsubscribe (RFC 8058) as a POST without a CSRF
# token; the signed token in the address is what authorises it.
@csrf_exempt
def unsubscribe(request, token):
    parsed = read_unsubscribe_token(token)
    if parsed is None:
        raise Http404("This unsubscribe link is not valid.")
    user_id, kind = parsed
    member = get_object_or_404(Profile, user_id=user_id)
    done = False
    if request.method == "POST":
        member.save(update_fields=turn_off(member, kind))
        # What waited for the digest now turned off is never sent in a later batch.
        settle_undigested(member)
        done = True
    label = (
        "your daily and weekly digests"
        if kind == DIGEST
        else Profile._meta.get_field(PREFERENCES[kind]).verbose_name
    )
    return render(
        request, "members/unsubscribe.html", {"label": label, "done": done, "token": token}
    )


unsubscribe.members_only_exempt = True
accept_invitation.members_only_exempt = True
status.members_only_exempt = True
accept_terms.members_only_exempt = True
ask_for_invitation.members_only_exempt = True
your_data.members_only_exempt = True
download_data.members_only_exempt = True
delete_account.members_only_exempt = True
leave_network.members_only_exempt = True
notifications.members_only_exempt = True
my_page.members_only_exempt = True


# --- The contribution record -------------------------------------------------------------------


def _record_of(request, user_id):
    """The member and their record, for a viewer who may see it: 404 for anyone who may
    not see the person at all (as their page), 403 when the member keeps it to fewer."""
    member = Profile.objects.with_user().filter(user_id=user_id).first()
    if member is None or not can_see_profile(request.user, member):
        raise Http404("No such member.")
    if not can_see_contributions(request.user, member):
        raise PermissionDenied(f"{member.user} does not share their contribution record with you.")
    is_self = request.user.is_authenticated and request.user.pk == member.user_id
    return member, is_self, contributions.record_of(member.user, is_self=is_self)


def contribution_record(request, user_id):
    member, is_self, sections = _record_of(request, user_id)
    return render(
        request,
        "members/contributions.html",
        {
            "member": member,
            "person": member.user,
            "is_self": is_self,
            "sections": sections,
            "network": Network.objects.current(),
            "made_on": timezone.localdate(),
        },
    )


def contribution_record_csv(request, user_id):
    member, _, sections = _record_of(request, user_id)
    body = contributions.record_csv(
        person=member.user, network_name=Network.objects.current().name, sections=sections
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="contribution-record-{member.user.slug}.csv"'
    )
    return response


# --- The owner's view of the network -----------------------------------------------------------


@may_see_network_overview
def network_overview(request):
    return render(
        request,
        "members/overview.html",
        {"charts": overview_charts(), "made_at": timezone.now()},
    )


@may_see_network_overview
def network_overview_csv(request, slug):
    chart = next((chart for chart in overview_charts() if chart.slug == slug), None)
    if chart is None:
        raise Http404("No such figure.")
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="network-{chart.slug}.csv"'
    return response
