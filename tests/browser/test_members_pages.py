"""Every other members page in a real browser: axe finds nothing."""

import pytest

from members.models import Profile
from network.models import TermsVersion
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signed_out_account_pages(page, live_server, network, terms):
    for path in ("/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", "nobody@example.org")
    page.fill("#id_password", "wrong")
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)


def test_organiser_tools_pages(page, live_server, network, terms, organiser, make_user):
    make_user(state=Profile.State.PENDING, display_name="Ada Applicant", why_join="Because.")
    subject = make_user(display_name="Sam Subject")
    sign_in(page, live_server, organiser.email, PASSWORD)
    for path in ("/members/pending/", f"/members/{subject.pk}/moderate/", "/members/broadcast/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.fill("#id_subject", "Hello")
    page.fill("#id_body", "A message for everyone.")
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_role("heading", name="Preview").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + f"/members/{subject.pk}/moderate/")
    page.fill("#id_reason", "Spam.")
    page.get_by_role("button", name="Suspend Sam Subject").click()
    assert page.get_by_text("Sam Subject is suspended.").is_visible()
    assert_accessible(page)


def test_suspended_member_sees_why(page, live_server, network, terms, suspended):
    sign_in(page, live_server, suspended.email, PASSWORD)
    page.wait_for_url("**/members/me/membership/")
    assert page.get_by_text("Repeated off-topic posts.").is_visible()
    assert_accessible(page)


def test_new_terms_are_accepted_at_sign_in(page, live_server, network, terms, member):
    TermsVersion.objects.create(version="2.0", text="## New terms\n\nBe kinder still.")
    sign_in(page, live_server, member.email, PASSWORD)
    page.wait_for_url("**/members/me/terms/**")
    assert_accessible(page)
    page.get_by_label("I have read and accept these Terms of Service").check()
    page.get_by_role("button", name="Accept and continue").click()
    page.wait_for_url(live_server.url + "/")


def test_delete_and_leave_pages(page, live_server, network, terms, member):
    sign_in(page, live_server, member.email, PASSWORD)
    for path in ("/members/me/delete/", "/members/me/leave/", "/members/me/membership/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + "/members/me/delete/")
    page.fill("#id_password", "wrong")
    page.get_by_role("button", name="Delete my account").click()
    assert page.locator("#id_password_error").is_visible()
    assert_accessible(page)
