"""Authentication backends that load the member's profile with the user.

Every page asks "is this an active member?", so fetching the profile in the same
query as the user saves a query on every signed-in request.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def _user_with_profile(user_id):
    user_model = get_user_model()
    try:
        user = user_model._default_manager.select_related("profile").get(pk=user_id)
    except user_model.DoesNotExist:
        return None
    _reinstate_if_suspension_ended(user)
    return user


def _reinstate_if_suspension_ended(user):
    """A suspension with an end date ends on the member's first visit after it,
    even before the scheduled `reinstate_expired_suspensions` command runs."""
    profile = getattr(user, "profile", None)
    if profile is not None and profile.is_suspension_over:
        from members.moderation import reinstate

        reinstate(actor=None, profile=profile)


class MemberModelBackend(ModelBackend):
    """Sign-in to the admin with e-mail and password."""

    def get_user(self, user_id):
        user = _user_with_profile(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberAuthenticationBackend(AuthenticationBackend):
    """allauth's sign-in (e-mail and password, rate limited)."""

    def get_user(self, user_id):
        user = _user_with_profile(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
