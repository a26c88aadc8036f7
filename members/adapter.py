"""How allauth fits the network: who may sign up, and where people land after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import urlencode

from members import staff
from members.models import Profile
from members.roles import has_accepted_current_terms, is_staff_account, profile_of
from network.clientip import client_ip
from network.models import Network
from network.ratelimit import in_words, retry_after


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """On an invitation-only network, sign-up opens only from a valid invitation link."""
        if Network.objects.current().join_policy != Network.JoinPolicy.INVITATION:
            return True
        from members.membership import invitation_from_session

        invitation = invitation_from_session(request)
        return invitation is not None and invitation.is_usable

    def post_login(self, request, user, *, redirect_url=None, **kwargs):
        response = super().post_login(
            request, user, redirect_url=self.landing_url(user, redirect_url), **kwargs
        )
        if is_staff_account(user):
            # A shorter session, and an e-mail when the browser is new to the account.
            staff.note_sign_in(request, user, response)
        return response

    def landing_url(self, user, wanted: str | None) -> str | None:
        """Applicants and suspended members land on the page that explains their
        membership; members who have not accepted the current Terms accept them
        first, then go on to where they were going."""
        profile = profile_of(user)
        if profile is not None and not user.is_superuser and profile.state != Profile.State.ACTIVE:
            return reverse("members:status")
        if not has_accepted_current_terms(user):
            target = reverse("members:accept_terms")
            if wanted and self.is_safe_url(wanted):
                target = f"{target}?{urlencode({'next': wanted})}"
            return target
        return wanted

    def get_client_ip(self, request):
        """The visitor's address for every limit allauth counts per address: behind
        our proxies (TRUSTED_PROXY_COUNT) the visitor's, never the proxy's."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def pre_authenticate(self, request, **credentials):
        """Failed sign-ins are limited per address and per account (ACCOUNT_RATE_LIMITS
        "login_failed"); whoever reaches a limit is told how long to wait."""
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            wait = in_words(retry_after(request, "login_failed", key=key))
            raise forms.ValidationError(
                f"Too many failed attempts to sign in. Please wait {wait} and try again, "
                "or reset your password.",
                code="too_many_login_attempts",
            ) from None
