"""Staff accounts are hard to take over.

The owner, organisers and anyone with the admin (members.roles.is_staff_account):

- pass a **second factor** (an authenticator app's six-digit code, or one of their
  recovery codes: django-allauth's MFA) in each session before the admin or a
  moderation page opens. Without an authenticator they are sent to set one up;
- keep a **shorter session**: it ends `STAFF_SESSION_HOURS` after they signed in (or
  first used a staff page in it);
- are **e-mailed when they sign in from a browser** that has not signed in to their
  account before (a long-lived signed cookie remembers the accounts each browser
  has signed in to).

Who counts as staff is decided in members.roles, which calls these; this module does
the mechanics and asks nothing about roles.
"""

from datetime import timedelta

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from network.mail import absolute_url, send_templated_mail

# Where to go once the authenticator is set up: the staff page that asked for it.
NEXT_SESSION_KEY = "members_second_factor_next"

DEVICE_COOKIE = "network_device"
DEVICE_COOKIE_SALT = "members.staff.device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


# --- The second factor -------------------------------------------------------------------------


def passed_second_factor(request) -> bool:
    """This session passed an authenticator code: at sign-in, when asked again, or by
    typing one to turn the authenticator on. allauth keeps the record in the session."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def ask_for_second_factor(request):
    """Send a staff account to pass its second factor, and then back here: to type a
    code when they have an authenticator, to set one up when they have none."""
    back = _this_page(request)
    if has_authenticator(request.user):
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': back})}")
    request.session[NEXT_SESSION_KEY] = back
    return redirect("mfa_activate_totp")


def _this_page(request) -> str:
    if request.method == "GET":
        return request.get_full_path()
    # A form posted without the second factor: back to the page it was on.
    referer = request.META.get("HTTP_REFERER", "")
    if referer and _is_ours(request, referer):
        return referer
    return "/"


def _is_ours(request, url: str) -> bool:
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def continue_url(request) -> str:
    """The staff page that sent this person to set up an authenticator ("" if none)."""
    target = request.session.get(NEXT_SESSION_KEY, "")
    return target if target and _is_ours(request, target) else ""


def record_activation(sender, request=None, user=None, authenticator=None, **kwargs):
    """Typing a valid code to turn the authenticator on proves the person holds it: the
    session has passed its second factor, as after signing in with a code.
    (allauth.mfa.signals.authenticator_added, sent once the activation is committed.)"""
    if request is None or authenticator is None:
        return
    if authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def set_up_authenticator(*, user, secret: str, recovery_seed: str) -> list[str]:
    """Give `user` an authenticator with a known secret (base32) and recovery codes made
    from a known seed, replacing any they had, and return the recovery codes. For the
    demo's staff accounts and the tests; people set up their own on the site."""
    adapter = get_mfa_adapter()
    Authenticator.objects.update_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": adapter.encrypt(secret)}},
    )
    Authenticator.objects.update_or_create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        defaults={"data": {"seed": adapter.encrypt(recovery_seed), "used_mask": 0}},
    )
    return recovery_codes_from(recovery_seed)


def recovery_codes_from(seed: str) -> list[str]:
    """The recovery codes allauth makes from this seed (all of them, used or not)."""
    data = {"seed": get_mfa_adapter().encrypt(seed), "used_mask": 0}
    return RecoveryCodes(
        Authenticator(type=Authenticator.Type.RECOVERY_CODES, data=data)
    ).generate_codes()


# --- Shorter sessions ------------------------------------------------------------------------


def session_seconds() -> int:
    return settings.STAFF_SESSION_HOURS * 3600


def limit_session(request) -> None:
    """A staff session ends STAFF_SESSION_HOURS from now at the latest (sooner if it
    already ends sooner): set at sign-in, and on the first staff page of a session
    that became a staff account's while it ran (a promotion)."""
    seconds = session_seconds()
    if request.session.get_expiry_age() > seconds:
        request.session.set_expiry(timezone.now() + timedelta(seconds=seconds))


# --- Sign-ins from a new browser ------------------------------------------------------------


def note_sign_in(request, user, response) -> None:
    """A staff account has just signed in (members.adapter): shorten the session, and
    if this browser has not signed in to the account before, e-mail them saying when
    and from what browser, and remember the browser."""
    limit_session(request)
    known = known_accounts(request)
    if user.pk in known:
        return
    send_templated_mail(
        template="members/email/new_device",
        to=[user.email],
        context={
            "person": user,
            "when": timezone.now(),
            "browser": request.META.get("HTTP_USER_AGENT", "")[:300],
            "password_url": absolute_url(reverse("account_change_password")),
            "security_url": absolute_url(reverse("mfa_index")),
        },
    )
    if response is not None:
        response.set_cookie(
            DEVICE_COOKIE,
            signing.dumps(sorted(known | {user.pk}), salt=DEVICE_COOKIE_SALT),
            max_age=DEVICE_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def known_accounts(request) -> set[int]:
    """The accounts this browser has signed in to (ids, from the signed cookie)."""
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return set()
    try:
        value = signing.loads(raw, salt=DEVICE_COOKIE_SALT)
    except signing.BadSignature:
        return set()
    if not isinstance(value, list):
        return set()
    return {pk for pk in value if isinstance(pk, int)}
