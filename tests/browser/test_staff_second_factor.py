"""An organiser's first visit to the admin: asked to set up an authenticator app (and,
first, to confirm their password), they scan (here: read) the key, type the code it
shows, keep their recovery codes and go on to the admin; the next sign-in asks for the
code. Every one of these pages passes axe."""

import time

import pytest

from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.staff import give_authenticator, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_organiser_sets_up_the_authenticator_before_the_admin(
    page, live_server, network, terms, organiser
):
    sign_in(page, live_server, organiser.email, PASSWORD, second_factor=False)
    page.goto(f"{live_server.url}/admin/")

    # On the way to setting it up, allauth asks for the password once more.
    page.wait_for_url("**/accounts/reauthenticate/?next=*")
    assert page.get_by_role("heading", name="Confirm it is you").is_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.get_by_role("heading", name="Set up an authenticator app").is_visible()
    assert page.get_by_text("need one before they can open the admin").is_visible()
    assert page.get_by_role("img", name="A QR code for your authenticator app").is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert_fits_width(page, 360)
    page.set_viewport_size({"width": 1280, "height": 800})

    secret = page.locator(".totp-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn it on").click()

    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    assert len(page.locator(".recovery-codes code").all_inner_texts()) == 10
    assert_accessible(page)
    page.get_by_role("link", name="Continue to the page you asked for").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()

    # Signing in again asks for the code after the password.
    page.goto(f"{live_server.url}/accounts/2fa/")
    assert page.get_by_text("On. You type a code from your authenticator app").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(organiser.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert page.get_by_role(
        "heading", name="Enter the code from your authenticator app"
    ).is_visible()
    assert_accessible(page)
    # The code just used is spent; the next 30 seconds' code is accepted too.
    page.get_by_label("Code").fill(totp_code(secret, at=time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_the_owner_who_set_up_an_authenticator_elsewhere_is_asked_for_its_code(
    page, live_server, network, terms, owner
):
    sign_in(page, live_server, owner.email, PASSWORD, second_factor=False)
    give_authenticator(owner)  # set up since, in another browser

    page.goto(f"{live_server.url}/admin/members/profile/")
    page.wait_for_url("**/accounts/2fa/reauthenticate/**")
    assert page.get_by_text("Type the six-digit code your authenticator app shows").is_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/admin/members/profile/")


def test_the_browser_tests_sign_in_passes_a_staff_accounts_second_factor(
    page, live_server, network, terms, organiser
):
    """The `sign_in` every browser test uses gives staff an authenticator and types one of
    its recovery codes, so the organisers' journeys reach their pages as before."""
    sign_in(page, live_server, organiser.email, PASSWORD)
    page.goto(f"{live_server.url}/members/pending/")
    assert page.get_by_role("heading", name="People waiting to join").is_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, organiser.email, PASSWORD)  # again: another recovery code
    page.goto(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()
