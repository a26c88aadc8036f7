"""Authentication backends that load the member's profile with the user.

Every page asks "is this an active member, an organiser, and have they accepted
the current Terms?". The signed-in user is loaded with all three answers in one
query (the profile joined, the other two as EXISTS subqueries), so none of them
costs a query of its own, and each is always current.

Permissions follow standing: someone who is not an active member (an applicant, a
suspended member, someone who left or was erased) holds no permission at all,
whatever their groups and staff flag say, so every admin page and every `has_perm`
refuses them the moment their membership changes, and gives it back when they are
reinstated.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Subquery

from members.roles import ORGANISERS_GROUP, is_active_member


def _user_with_profile(user_id):
    user = _cached_user(user_id) if _shared_cache() else _load_user(user_id)
    if user is not None:
        _reinstate_if_suspension_ended(user)
    return user


def _shared_cache() -> bool:
    # Only a cache every app process shares (Redis) may hold signed-in users: with
    # one memory cache per process, a suspension made in one process would not
    # reach the user copies the others hold.
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def _cached_user(user_id):
    """The signed-in user as `_load_user` builds it, kept in the shared cache (and a
    copy in this process: network.caching.generations.cached_under). The key holds the "people"
    generation (any change to a user, a profile or group membership replaces it,
    network.signals) and the current Terms version, so a suspension, a password
    change, a promotion or new Terms apply on the next request; nothing waits for a
    timeout."""
    from network.caching.generations import cached_under
    from network.models import TermsVersion

    return cached_under(
        ("people",),
        f"members:signed-in-user:{user_id}:{TermsVersion.objects.current_id()}",
        lambda: _load_user(user_id),
        USER_CACHE_SECONDS,
    )


USER_CACHE_SECONDS = 600


def _load_user(user_id):
    from members.models import TermsAcceptance
    from network.models import TermsVersion

    user_model = get_user_model()
    published_terms = TermsVersion.objects.published()
    current_terms = published_terms.order_by("-published_at", "-pk").values("pk")[:1]
    users = user_model._default_manager.select_related("profile").annotate(
        in_organisers_group=Exists(
            Group.objects.filter(name=ORGANISERS_GROUP, user=OuterRef("pk"))
        ),
        terms_published=Exists(published_terms),
        accepted_current_terms=Exists(
            TermsAcceptance.objects.filter(user=OuterRef("pk"), terms=Subquery(current_terms))
        ),
    )
    try:
        user = users.get(pk=user_id)
    except user_model.DoesNotExist:
        return None
    # Read by members.roles.in_organisers_group and has_accepted_current_terms.
    user._in_organisers_group = user.in_organisers_group
    user._accepted_current_terms = not user.terms_published or user.accepted_current_terms
    return user


def _reinstate_if_suspension_ended(user):
    """A suspension with an end date ends on the member's first visit after it,
    even before the scheduled `reinstate_expired_suspensions` command runs."""
    profile = getattr(user, "profile", None)
    if profile is not None and profile.is_suspension_over:
        from members.moderation import reinstate

        reinstate(actor=None, profile=profile)


class StandingPermissions:
    """No permission for anyone who is not an active member (members.roles)."""

    def get_user_permissions(self, user_obj, obj=None):
        if not is_active_member(user_obj):
            return set()
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        if not is_active_member(user_obj):
            return set()
        return super().get_group_permissions(user_obj, obj)

    def get_all_permissions(self, user_obj, obj=None):
        if not is_active_member(user_obj):
            return set()
        return super().get_all_permissions(user_obj, obj)


class MemberModelBackend(StandingPermissions, ModelBackend):
    """E-mail and password (Django's own sign-in; the site signs in through allauth)."""

    def get_user(self, user_id):
        user = _user_with_profile(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class MemberAuthenticationBackend(StandingPermissions, AuthenticationBackend):
    """allauth's sign-in (e-mail and password, rate limited)."""

    def get_user(self, user_id):
        user = _user_with_profile(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
