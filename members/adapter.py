"""How allauth fits the network: who may sign up, and where people land after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.http import urlencode

from members import staff
from members.models import Profile
from members.roles import has_accepted_current_terms, is_staff_account, profile_of
from network.models import Network


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
