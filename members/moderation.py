"""The moderation audit log: one function every app calls when it moderates."""

from django.db import transaction
from django.utils import timezone

from members.models import ModerationAction, Profile
from network import notifications as centre
from network.mail import send_templated_mail
from network.models import Network

NO_REASON = "No reason was given."


def record_action(
    *, actor, subject, kind: str, reason: str = "", detail: str = "", comment_ids=()
) -> ModerationAction:
    """Write who did what to whom and why. `actor` is None when the system acted."""
    return ModerationAction.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject,
        kind=kind,
        reason=reason,
        detail=detail[:300],
        comment_ids=list(comment_ids),
    )


def history_of(user) -> list[ModerationAction]:
    """What the moderators decided about this person, newest first (the audit log)."""
    return list(
        ModerationAction.objects.filter(subject=user)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def was_declined(user) -> bool:
    """Was an application of theirs ever declined (and not approved since)?"""
    last = (
        ModerationAction.objects.filter(
            subject=user,
            kind__in=[ModerationAction.Kind.APPROVE, ModerationAction.Kind.DECLINE],
        )
        .order_by("-created_at", "-pk")
        .values_list("kind", flat=True)
        .first()
    )
    return last == ModerationAction.Kind.DECLINE


# --- Decisions about members -----------------------------------------------------------------
# Each one changes the member's state, tells them by e-mail where it matters, and
# writes the audit log. Views and admin actions call these, never the fields.


def approve(*, actor, profile: Profile) -> None:
    if profile.state == Profile.State.ACTIVE:
        return
    profile.state = Profile.State.ACTIVE
    profile.joined_at = profile.joined_at or timezone.now()
    profile.save(update_fields=["state", "joined_at"])
    record_action(actor=actor, subject=profile.user, kind=ModerationAction.Kind.APPROVE)
    centre.notify(
        profile.user, "decision", "Your application was approved: welcome to the network",
        "/", emailed=True,
    )  # fmt: skip
    send_templated_mail(
        template="members/email/approved", to=[profile.user.email], context={"member": profile}
    )


def decline(*, actor, profile: Profile, message: str = "") -> None:
    profile.state = Profile.State.DECLINED
    profile.save(update_fields=["state"])
    record_action(
        actor=actor, subject=profile.user, kind=ModerationAction.Kind.DECLINE, reason=message
    )
    centre.notify(
        profile.user, "decision", "Your application was not accepted: see the e-mail we sent",
        "/members/me/membership/", emailed=True,
    )  # fmt: skip
    send_templated_mail(
        template="members/email/declined",
        to=[profile.user.email],
        context={"member": profile, "message": message},
    )


def suspend(
    *, actor, profile: Profile, reason: str, until=None, remove_comments: bool = False
) -> None:
    """Suspend a member (until a date, or until reinstated). For spam, also remove
    every comment they wrote. The reason stays on the profile until they are
    reinstated, even if they leave meanwhile (Profile.has_standing_suspension)."""
    reason = reason.strip() or NO_REASON
    with transaction.atomic():
        profile.state = Profile.State.SUSPENDED
        profile.suspension_reason = reason
        profile.suspended_until = until
        profile.save(update_fields=["state", "suspension_reason", "suspended_until"])
        detail = f"until {until:%d %B %Y %H:%M}" if until else "until reinstated"
        record_action(
            actor=actor,
            subject=profile.user,
            kind=ModerationAction.Kind.SUSPEND,
            reason=reason,
            detail=detail,
        )
        if remove_comments:
            remove_comments_of(actor=actor, user=profile.user, reason=reason)
    send_templated_mail(
        template="members/email/suspended",
        to=[profile.user.email],
        context={"member": profile, "reason": reason, "until": until},
    )


def reinstate(*, actor, profile: Profile, reason: str = "", restore_comments: bool = False) -> int:
    """End a suspension, tell the member by e-mail and, if asked, put back the comments
    removed with it ("suspend for spam" made by mistake). `actor=None` when the
    suspension simply ran out. Returns how many comments came back."""
    if profile.state != Profile.State.SUSPENDED:
        return 0
    reason = reason.strip() or ("The suspension ended." if actor is None else NO_REASON)
    with transaction.atomic():
        profile.state = Profile.State.ACTIVE
        profile.suspension_reason = ""
        profile.suspended_until = None
        profile.joined_at = profile.joined_at or timezone.now()
        profile.save(update_fields=["state", "suspension_reason", "suspended_until", "joined_at"])
        record_action(
            actor=actor, subject=profile.user, kind=ModerationAction.Kind.REINSTATE, reason=reason
        )
        restored = (
            restore_comments_removed_with_suspension(actor=actor, user=profile.user, reason=reason)
            if restore_comments
            else 0
        )
    send_templated_mail(
        template="members/email/reinstated",
        to=[profile.user.email],
        context={"member": profile, "reason": reason, "restored": restored},
    )
    return restored


def restore_comments_removed_with_suspension(*, actor, user, reason: str = "") -> int:
    """Show again exactly the comments the last suspension removed (those still
    removed: a comment an organiser removed on its own since stays removed)."""
    from django_comments_xtd.models import XtdComment

    from network.caching.generations import bump

    last_suspension = (
        ModerationAction.objects.filter(subject=user, kind=ModerationAction.Kind.SUSPEND)
        .order_by("-created_at", "-pk")
        .first()
    )
    if last_suspension is None:
        return 0
    ids = [
        pk
        for action in ModerationAction.objects.filter(
            subject=user,
            kind=ModerationAction.Kind.REMOVE_CONTENT,
            pk__gt=last_suspension.pk,
        )
        for pk in action.comment_ids
    ]
    count = XtdComment.objects.filter(pk__in=ids, user=user, is_removed=True).update(
        is_removed=False
    )
    bump("comments")
    if count:
        record_action(
            actor=actor,
            subject=user,
            kind=ModerationAction.Kind.RESTORE_CONTENT,
            reason=reason,
            detail=f"{count} comment{'s' if count != 1 else ''} restored",
            comment_ids=ids,
        )
    return count


def reinstate_expired_suspensions() -> int:
    """Reinstate every member whose suspension end date has passed. Returns how many."""
    due = Profile.objects.filter(
        state=Profile.State.SUSPENDED, suspended_until__lte=timezone.now()
    ).select_related("user")
    count = 0
    for profile in due:
        reinstate(actor=None, profile=profile)
        count += 1
    return count


def remove_comments_of(*, actor, user, reason: str = "") -> int:
    """Hide every comment `user` wrote (kept in the database, marked removed)."""
    from django_comments_xtd.models import XtdComment

    from network.caching.generations import bump

    removing = XtdComment.objects.filter(user=user, is_removed=False)
    ids = list(removing.values_list("pk", flat=True))
    count = XtdComment.objects.filter(pk__in=ids).update(is_removed=True)
    bump("comments")
    if count:
        record_action(
            actor=actor,
            subject=user,
            kind=ModerationAction.Kind.REMOVE_CONTENT,
            reason=reason,
            detail=f"{count} comment{'s' if count != 1 else ''} removed",
            comment_ids=ids,
        )
    return count


def promote(*, actor, user) -> None:
    from members.roles import sync_organisers_group

    user.groups.add(sync_organisers_group())
    if not user.is_staff:
        user.is_staff = True  # organisers use the admin for posts and workshops
        user.save(update_fields=["is_staff"])
    record_action(actor=actor, subject=user, kind=ModerationAction.Kind.PROMOTE)


def demote(*, actor, user) -> None:
    from members.roles import ORGANISERS_GROUP

    user.groups.remove(*user.groups.filter(name=ORGANISERS_GROUP))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    record_action(actor=actor, subject=user, kind=ModerationAction.Kind.DEMOTE)


# --- What members wrote ----------------------------------------------------------------------
# Profiles belong to their members: the moderators never edit them, but may hide what
# a member wrote from everyone else (logged, and the member is told why).


def may_act_on(actor, subject) -> bool:
    """Moderators act on other people, never on themselves and never on the owner."""
    if subject.pk == actor.pk or subject.is_superuser:
        return False
    return subject.pk != Network.objects.current().owner_id


def hide_profile_text(*, actor, profile: Profile, reason: str) -> bool:
    """Hide the member's bio, website and organisation from everyone but them. False
    (and nothing done) when `actor` may not act on this member or it is hidden already."""
    if profile.text_hidden_at is not None or not may_act_on(actor, profile.user):
        return False
    reason = reason.strip() or NO_REASON
    with transaction.atomic():
        profile.text_hidden_at = timezone.now()
        profile.save(update_fields=["text_hidden_at"])
        record_action(
            actor=actor,
            subject=profile.user,
            kind=ModerationAction.Kind.HIDE_TEXT,
            reason=reason,
            detail="bio, website and organisation hidden",
        )
    send_templated_mail(
        template="members/email/profile_text_hidden",
        to=[profile.user.email],
        context={"member": profile, "reason": reason},
    )
    return True


def show_profile_text(*, actor, profile: Profile, reason: str = "") -> bool:
    """Show the member's own words again."""
    if profile.text_hidden_at is None or not may_act_on(actor, profile.user):
        return False
    with transaction.atomic():
        profile.text_hidden_at = None
        profile.save(update_fields=["text_hidden_at"])
        record_action(
            actor=actor, subject=profile.user, kind=ModerationAction.Kind.SHOW_TEXT, reason=reason
        )
    return True
