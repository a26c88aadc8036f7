from allauth.account.signals import email_confirmed, user_signed_up
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from members import staff
from members.models import Profile
from members.roles import sync_organisers_group


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile_for_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(post_migrate)
def keep_organisers_group_in_sync(sender, **kwargs):
    # Runs after each app migrates; only the last run (all permissions exist) matters.
    sync_organisers_group()


@receiver(user_signed_up)
def use_invitation_on_sign_up(sender, request, user, **kwargs):
    """The invitation that opened the sign-up is spent, whatever the join policy."""
    from members.membership import INVITATION_SESSION_KEY, invitation_from_session, use_invitation

    if request is None:
        return
    invitation = invitation_from_session(request)
    if invitation is not None and invitation.is_usable and invitation.is_for(user.email):
        use_invitation(invitation=invitation, user=user)
    request.session.pop(INVITATION_SESSION_KEY, None)


@receiver(email_confirmed)
def apply_join_policy_on_verification(sender, request, email_address, **kwargs):
    from members.membership import apply_join_policy

    with transaction.atomic():
        apply_join_policy(user=email_address.user)


# Turning an authenticator on with a valid code counts as passing the second factor.
authenticator_added.connect(staff.record_activation, dispatch_uid="members.staff.record_activation")
