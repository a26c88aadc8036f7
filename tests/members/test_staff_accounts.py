"""Staff accounts (the owner, organisers) are hard to take over: a second factor before
the admin and the moderation pages, a shorter session, and an e-mail when a new browser
signs in. Members may turn the second factor on, and are never made to."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members import moderation
from members.models import Profile, User
from members.staff import DEVICE_COOKIE
from network.demo import DEMO_PASSWORD
from tests.conftest import PASSWORD, client_for
from tests.network.conftest import PRODUCTION_ENV, load_settings
from tests.staff import TOTP_SECRET, give_authenticator, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"
CONFIRM_PASSWORD = "/accounts/reauthenticate/"


def sign_in(client, user, code=None, password=PASSWORD):
    """The site's sign-in page; then, when a code is given, the second step's page."""
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    if code is None:
        return response
    assert response["Location"] == AUTHENTICATE
    return client.post(AUTHENTICATE, {"code": code})


def next_code(secret=TOTP_SECRET):
    # A code is refused once used; the next 30 seconds' code is accepted too (a phone
    # whose clock runs a little fast), so a second sign-in in the same test uses it.
    return totp_code(secret, at=time.time() + 30)


# --- Required for staff before the admin and the moderation pages --------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_organiser_without_an_authenticator_sets_one_up_and_goes_on_to_the_admin(
    client, network, organiser
):
    sign_in(client, organiser)

    response = client.get("/admin/blog/post/")
    assert response["Location"] == ACTIVATE
    # allauth asks for the password again before anyone changes how they sign in.
    confirm = client.get(ACTIVATE)["Location"]
    assert confirm == f"{CONFIRM_PASSWORD}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    assert client.post(confirm, {"password": PASSWORD})["Location"] == ACTIVATE
    page = client.get(ACTIVATE)
    text = page.content.decode()
    assert "Set up an authenticator app" in text
    assert "need one before they can open the admin or the moderation pages" in text
    secret = page.context["form"].secret
    assert secret in text

    wrong = client.post(ACTIVATE, {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get("/admin/blog/post/")["Location"] == ACTIVATE

    turned_on = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert turned_on["Location"] == "/accounts/2fa/recovery-codes/"
    codes_page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert len(re.findall(r"<li><code>\d{8}</code></li>", codes_page)) == 10
    assert '<a class="button" href="/admin/blog/post/">Continue to the page you asked for</a>' in (
        codes_page
    )
    assert client.get("/admin/blog/post/").status_code == 200
    assert client.get("/members/pending/").status_code == 200


def test_a_session_signed_in_before_the_authenticator_was_set_up_is_asked_for_its_code(
    organiser, make_user
):
    applicant = make_user(state=Profile.State.PENDING, display_name="Ada Applicant")
    client = client_for(organiser, second_factor=False)  # signed in with the password only
    give_authenticator(organiser)  # set up since, in another browser

    for path in ("/admin/", "/admin/blog/post/", "/members/pending/", "/members/broadcast/"):
        response = client.get(path)
        assert response["Location"] == f"{REAUTHENTICATE}?next={path.replace('/', '%2F')}"
    refused = client.post(
        f"/members/pending/{applicant.pk}/approve/",
        HTTP_REFERER="http://testserver/members/pending/",
    )
    assert (
        refused["Location"]
        == f"{REAUTHENTICATE}?next=http%3A%2F%2Ftestserver%2Fmembers%2Fpending%2F"
    )
    applicant.profile.refresh_from_db()
    assert applicant.profile.state == Profile.State.PENDING

    page = client.get(f"{REAUTHENTICATE}?next=/admin/blog/post/")
    assert "Type the six-digit code your authenticator app shows now" in page.content.decode()
    assert (
        client.post(REAUTHENTICATE, {"code": "000000", "next": "/admin/blog/post/"}).status_code
        == 200
    )
    passed = client.post(REAUTHENTICATE, {"code": totp_code(), "next": "/admin/blog/post/"})
    assert passed["Location"] == "/admin/blog/post/"
    assert client.get("/admin/blog/post/").status_code == 200
    assert client.post(f"/members/pending/{applicant.pk}/approve/").status_code == 302
    applicant.profile.refresh_from_db()
    assert applicant.profile.state == Profile.State.ACTIVE


def test_signing_in_with_password_and_code_opens_the_admin_and_a_recovery_code_works_once(
    client, network, organiser, owner
):
    give_authenticator(organiser)
    codes = give_authenticator(owner)

    assert sign_in(client, organiser)["Location"] == AUTHENTICATE
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")  # not signed in yet
    assert client.post(AUTHENTICATE, {"code": totp_code()}).status_code == 302
    assert client.get("/admin/").status_code == 200

    owner_client = client_for(None)
    assert sign_in(owner_client, owner, code=codes[0]).status_code == 302
    assert owner_client.get("/admin/members/profile/").status_code == 200
    again = client_for(None)
    assert sign_in(again, owner, code=codes[0]).status_code == 200  # spent: asked again


def test_the_admins_own_sign_in_form_signs_nobody_in(client, organiser):
    give_authenticator(organiser)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": organiser.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"] == "/accounts/login/?next=/admin/"


def test_an_organiser_removing_someone_elses_comment_passes_the_second_factor_first(
    organiser, member, post, write_comment
):
    theirs = write_comment(post, member, "Buy cheap watches.")
    mine = write_comment(post, organiser, "Welcome, everyone.")
    client = client_for(organiser, second_factor=False)

    removing = client.get(f"/blog/comments/{theirs.pk}/delete/")
    assert removing["Location"] == ACTIVATE
    assert client.get(f"/blog/comments/{mine.pk}/delete/").status_code == 200

    passed = client_for(organiser)
    assert passed.get(f"/blog/comments/{theirs.pk}/delete/").status_code == 200


# --- Optional for members ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_members_need_no_second_factor_and_may_turn_it_on(client, network, member):
    sign_in(client, member)
    assert client.get("/members/me/edit/").status_code == 200
    security = client.get("/accounts/2fa/").content.decode()
    assert "It is optional for members." in security

    client.post(client.get(ACTIVATE)["Location"], {"password": PASSWORD})
    page = client.get(ACTIVATE)
    turned_on = client.post(ACTIVATE, {"code": totp_code(page.context["form"].secret)})
    assert turned_on.status_code == 302
    client.post("/accounts/logout/")

    assert sign_in(client, member)["Location"] == AUTHENTICATE


# --- Shorter sessions ----------------------------------------------------------------------------


def test_a_staff_session_ends_hours_after_signing_in_a_members_lasts_weeks(
    client, network, organiser, member, monkeypatch, settings
):
    settings.STAFF_SESSION_HOURS = 3
    give_authenticator(organiser)
    sign_in(client, organiser, code=totp_code())
    assert 3 * 3600 - 60 <= client.session.get_expiry_age() <= 3 * 3600
    assert client.get("/admin/").status_code == 200

    members_client = client_for(None)
    sign_in(members_client, member)
    assert members_client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=3, minutes=1))
    assert client.get("/admin/")["Location"] == "/accounts/login/?next=/admin/"
    assert members_client.get("/members/me/edit/").status_code == 200


def test_the_staff_session_length_is_read_from_the_environment_and_checked():
    assert load_settings(**PRODUCTION_ENV)["STAFF_SESSION_HOURS"] == 4
    assert load_settings(**PRODUCTION_ENV, STAFF_SESSION_HOURS="8")["STAFF_SESSION_HOURS"] == 8
    with pytest.raises(ImproperlyConfigured, match="STAFF_SESSION_HOURS must be at least 1"):
        load_settings(**PRODUCTION_ENV, STAFF_SESSION_HOURS="0")
    with pytest.raises(ImproperlyConfigured, match="STAFF_SESSION_HOURS must be a whole number"):
        load_settings(**PRODUCTION_ENV, STAFF_SESSION_HOURS="four")


def test_a_member_promoted_mid_session_gets_the_shorter_session_on_their_first_staff_page(
    owner, member
):
    client = client_for(member)
    assert client.session.get_expiry_age() > 24 * 3600
    moderation.promote(actor=owner, user=member)

    assert client.get("/members/pending/")["Location"] == ACTIVATE
    assert client.session.get_expiry_age() <= 4 * 3600


# --- A sign-in from a new browser -------------------------------------------------------------


def test_a_staff_sign_in_from_a_new_browser_is_e_mailed_once_per_browser(
    network, organiser, member
):
    give_authenticator(organiser)
    browser = client_for(None)
    browser.defaults["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
    mail.outbox.clear()

    sign_in(browser, organiser, code=totp_code())

    assert [message.to for message in mail.outbox] == [[organiser.email]]
    message = mail.outbox[0]
    assert message.subject == f"A new sign-in to your {network.name} account"
    assert "Browser: Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" in message.body
    assert "Change your password now: http://testserver/accounts/password/change/" in message.body
    assert timezone.localtime().strftime("%d %B %Y").lstrip("0") in message.body
    assert DEVICE_COOKIE in browser.cookies

    browser.post("/accounts/logout/")
    sign_in(browser, organiser, code=next_code())
    assert len(mail.outbox) == 1  # the same browser: nothing new

    browser.cookies[DEVICE_COOKIE] = "forged"
    browser.post("/accounts/logout/")
    sign_in(browser, organiser, code=give_authenticator(organiser)[0])
    assert len(mail.outbox) == 2  # a cookie that is not ours counts for nothing

    sign_in(client_for(None), member)
    assert len(mail.outbox) == 2  # members are not staff accounts


# --- The demo ---------------------------------------------------------------------------------


def _sign_in_notes(output: str) -> dict:
    """role -> (e-mail, the line printed under its sign-in) for the demo's staff."""
    lines = output.splitlines()
    notes = {}
    for index, line in enumerate(lines):
        words = line.split()
        if len(words) == 2 and words[0] in ("owner", "organiser"):
            notes[words[0]] = (words[1], lines[index + 1].strip())
    return notes


def test_seed_demo_prints_what_the_demo_staff_need_to_pass_their_second_factor(client):
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=second)
    notes = _sign_in_notes(first.getvalue())
    assert notes == _sign_in_notes(second.getvalue())  # the same secrets and codes each time
    assert set(notes) == {"owner", "organiser"}
    pattern = re.compile(
        r"^second factor: authenticator secret ([A-Z2-7]{32}); "
        r"recovery codes: ((?:\d{8} ){9}\d{8})$"
    )

    email, note = notes["organiser"]
    secret, _ = pattern.match(note).groups()
    edward = User.objects.get(email=email)
    signed_in = sign_in(client, edward, code=totp_code(secret), password=DEMO_PASSWORD)
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200

    email, note = notes["owner"]
    _, codes = pattern.match(note).groups()
    lucie = client_for(None)
    owner = User.objects.get(email=email)
    assert sign_in(lucie, owner, code=codes.split()[-1], password=DEMO_PASSWORD).status_code == 302
    assert lucie.get(reverse("admin:index")).status_code == 200
