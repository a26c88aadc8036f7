"""Staff accounts in tests: an authenticator with a known secret, codes computed as an
authenticator app computes them, and a session that has passed its second factor,
recorded the way allauth records a sign-in with password and code."""

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import RequestFactory

from members.staff import set_up_authenticator

TOTP_SECRET = "TESTSTAFFSECRET2345672345672345A"
RECOVERY_SEED = "tests-recovery-codes"


def give_authenticator(user, secret: str = TOTP_SECRET) -> list[str]:
    """An authenticator app (TOTP_SECRET) and recovery codes; returns the codes."""
    return set_up_authenticator(user=user, secret=secret, recovery_seed=RECOVERY_SEED)


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for `secret` at `at` (now)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def pass_second_factor(client, user) -> None:
    """The client's session signed in with password and authenticator code: what
    allauth writes to the session at the end of such a sign-in. Gives the user an
    authenticator first when they have none."""
    authenticator = Authenticator.objects.filter(
        user_id=user.pk, type=Authenticator.Type.TOTP
    ).first()
    if authenticator is None:
        give_authenticator(user)
        authenticator = Authenticator.objects.get(user_id=user.pk, type=Authenticator.Type.TOTP)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
