"""Joining, inviting, leaving and broadcasting: the membership's writes.

Small keyword-only functions that views, signals and admin actions call.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from members import moderation
from members.models import Broadcast, Invitation, Profile, TermsAcceptance
from members.notifications import unsubscribe_url
from network.mail import absolute_url, send_templated_mail
from network.models import Network, TermsVersion

INVITATION_SESSION_KEY = "members_invitation_token"


# --- Joining ---------------------------------------------------------------------------------


def accept_terms(*, user, terms: TermsVersion | None = None) -> TermsAcceptance | None:
    terms = terms or TermsVersion.objects.current()
    if terms is None:
        return None
    acceptance, _ = TermsAcceptance.objects.get_or_create(user=user, terms=terms)
    user._accepted_current_terms = True
    return acceptance


def apply_join_policy(*, user) -> None:
    """Once the applicant has verified their e-mail address, the network's join
    policy decides: open (and invitation) networks welcome them at once, approval
    networks put them in the queue and tell the people who approve. Someone whose
    application was declined before always goes to the queue, whatever the policy:
    a decline is the organisers' decision, and applying again does not undo it."""
    profile = Profile.objects.select_for_update().get(user=user)
    if profile.applied_at is not None:
        return  # a later change of e-mail address is verified too: apply once only
    profile.applied_at = timezone.now()
    policy = Network.objects.current().join_policy
    invited = user.invitations_used.exists()
    welcome = policy == Network.JoinPolicy.OPEN or (
        policy == Network.JoinPolicy.INVITATION and invited
    )
    if welcome and not moderation.was_declined(user):
        profile.state = Profile.State.ACTIVE
        profile.joined_at = timezone.now()
        profile.save(update_fields=["applied_at", "state", "joined_at"])
        send_templated_mail(
            template="members/email/welcome", to=[user.email], context={"member": profile}
        )
        return
    # Approval, anyone who reached an invitation-only network without an invitation
    # (an invitation never skips approval), and anyone declined before.
    profile.state = Profile.State.PENDING
    profile.save(update_fields=["applied_at", "state"])
    notify_approvers(profile)


def approvers():
    """Who hears about a new applicant: the owner and every organiser who may approve,
    while they are active members (members.backends grants others no permission)."""
    user_model = get_user_model()
    network = Network.objects.current()
    perm = Q(
        groups__permissions__codename="approve_members",
        groups__permissions__content_type__app_label="members",
    ) | Q(
        user_permissions__codename="approve_members",
        user_permissions__content_type__app_label="members",
    )
    query = Q(is_superuser=True) | (perm & Q(profile__state=Profile.State.ACTIVE))
    if network.owner_id:
        query |= Q(pk=network.owner_id)
    return user_model.objects.filter(query, is_active=True).distinct().order_by("pk")


# However often one person leaves and applies again, the people who approve hear about
# them at most this often (they stay in the queue meanwhile).
APPROVERS_NOTIFIED_EVERY = timedelta(hours=24)


def notify_approvers(profile: Profile) -> bool:
    """E-mail everyone who approves about this applicant, with what the moderators
    decided about them before. Not again within APPROVERS_NOTIFIED_EVERY of the last
    time: returns whether the e-mails went."""
    now = timezone.now()
    last = profile.approvers_notified_at
    if last is not None and now - last < APPROVERS_NOTIFIED_EVERY:
        return False
    profile.approvers_notified_at = now
    profile.save(update_fields=["approvers_notified_at"])
    queue_url = absolute_url(reverse("members:pending"))
    history = moderation.history_of(profile.user)
    for person in approvers():
        send_templated_mail(
            template="members/email/new_applicant",
            to=[person.email],
            context={
                "applicant": profile,
                "queue_url": queue_url,
                "recipient": person,
                "history": history,
            },
        )
    return True


def leave(*, user) -> None:
    """Stop being a member. What the moderators decided stays: a suspension keeps its
    reason and end date on the profile (only reinstating clears them), and a decline
    stays in the audit log; `rejoin` reads both."""
    profile = user.profile
    profile.state = Profile.State.LEFT
    profile.left_at = timezone.now()
    profile.save(update_fields=["state", "left_at"])


def rejoin(*, user) -> Profile:
    """Someone who left asks to come back. Leaving and rejoining never undoes a
    moderators' decision: a suspended member comes back suspended, with the same
    reason and end date (or reinstated, if that date passed while they were away);
    anyone else applies afresh under the join policy, and someone declined before
    goes to the queue with their history (apply_join_policy)."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().select_related("user").get(user=user)
        if profile.state != Profile.State.LEFT:
            return profile
        profile.left_at = None
        if profile.has_standing_suspension:
            profile.state = Profile.State.SUSPENDED
            profile.save(update_fields=["state", "left_at"])
            if profile.is_suspension_over:
                moderation.reinstate(actor=None, profile=profile)
            return profile
        profile.applied_at = None
        profile.save(update_fields=["applied_at", "left_at"])
        apply_join_policy(user=user)
    profile.refresh_from_db()
    return profile


# --- Invitations -----------------------------------------------------------------------------


def invite(*, inviter, email: str, message: str = "") -> Invitation:
    invitation = Invitation.objects.create(
        email=email.strip().lower(), invited_by=inviter, message=message
    )
    send_templated_mail(
        template="members/email/invitation",
        to=[invitation.email],
        context={
            "invitation": invitation,
            "inviter": inviter,
            "link": absolute_url(invitation.get_absolute_url()),
        },
    )
    return invitation


def request_invitation(*, name: str, email: str, why: str):
    """A stranger asks for an invitation: it waits in the owner's queue (the admin),
    and the owner is told by e-mail."""
    from members.models import InvitationRequest

    ask = InvitationRequest.objects.create(name=name.strip(), email=email.strip().lower(), why=why)
    owner = Network.objects.current().owner
    if owner is not None and owner.email:
        send_templated_mail(
            template="members/email/invitation_requested",
            to=[owner.email],
            context={
                "ask": ask,
                "link": absolute_url(reverse("admin:members_invitationrequest_changelist")),
            },
        )
    return ask


def answer_invitation_request(*, actor, ask, invite_them: bool, message: str = ""):
    """Invite (the usual invitation e-mail) or decline (a polite e-mail) in one step."""
    from members.models import InvitationRequest

    if ask.status != InvitationRequest.Status.WAITING:
        return None
    ask.decided_by = actor
    ask.decided_at = timezone.now()
    if invite_them:
        ask.status = InvitationRequest.Status.INVITED
        ask.save(update_fields=["status", "decided_by", "decided_at"])
        return invite(inviter=actor, email=ask.email, message=message)
    ask.status = InvitationRequest.Status.DECLINED
    ask.save(update_fields=["status", "decided_by", "decided_at"])
    send_templated_mail(
        template="members/email/invitation_request_declined",
        to=[ask.email],
        context={"ask": ask, "message": message},
    )
    return None


def invitation_from_session(request) -> Invitation | None:
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    return Invitation.objects.filter(token=token).first()


def use_invitation(*, invitation: Invitation, user) -> bool:
    """Mark the invitation used by `user`. False when someone else got there first."""
    updated = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now(), used_by=user
    )
    return updated == 1


# --- Broadcasts ------------------------------------------------------------------------------


def broadcast_recipients(*, expertise: str = "", area: str = ""):
    """Active members who want broadcasts, optionally with one expertise or area."""
    profiles = (
        Profile.objects.active()
        .filter(receive_broadcasts=True, user__is_active=True)
        .exclude(user__email="")
    )
    if expertise:
        profiles = profiles.with_expertise(expertise)
    if area:
        profiles = profiles.filter(area=area)
    return profiles


def send_broadcast(*, sender, subject: str, body: str, expertise: str = "", area: str = ""):
    """Put one personalised e-mail per recipient on the mail queue, in one insert.

    The queue worker (`manage.py runmailer`, or `send_mail` from cron) delivers
    them; nothing is sent inside the request.
    """
    network = Network.objects.current()
    recipients = list(
        broadcast_recipients(expertise=expertise, area=area)
        .select_related("user")
        .only("user__id", "user__email", "user__display_name")
    )
    # Render the shared part once; only the unsubscribe link differs per person.
    text = render_to_string(
        "members/email/broadcast.txt", {"body": body, "network": network, "sender": sender}
    )
    full_subject = f"[{network.name}] {subject}"
    messages = []
    for profile in recipients:
        user = profile.user
        link = unsubscribe_url(user, "broadcasts")
        footer = (
            f"\n\n--\nYou get this because you are a member of {network.name}.\n"
            f"Stop messages from the network: {link}\n"
        )
        messages.append(
            EmailMultiAlternatives(
                subject=full_subject,
                body=text + footer,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[user.email],
                headers={
                    "List-Unsubscribe": f"<{link}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        )
    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            sender=sender,
            subject=subject,
            body=body,
            expertise=expertise,
            area=area,
            recipient_count=len(messages),
        )
        if messages:
            # django-mailer's DbBackend stores the whole list with one bulk insert.
            get_connection().send_messages(messages)
    return broadcast
