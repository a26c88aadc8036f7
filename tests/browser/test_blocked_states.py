"""Every blocked state, in a real browser: the person is told why in plain words, finds
their next step, and is never offered "Join" (members.roles.blocked_standing)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from members.models import Profile
from network.models import TermsVersion
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_workshop(network, terms, make_workshop):
    return make_workshop(title="Communicating about change")


def _signed_in_as(page, live_server, user):
    """The browser carries a session for `user` (someone who cannot pass the sign-in
    page, such as an applicant whose e-mail is not confirmed yet)."""
    client = Client()
    client.force_login(user, backend="members.backends.MemberModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _no_join(page):
    assert page.get_by_role("link", name="Join", exact=False).count() == 0


def test_outdated_terms_accept_then_back_to_the_workshop_and_register(
    page, live_server, member, open_workshop
):
    sign_in(page, live_server, member.email, PASSWORD)
    TermsVersion.objects.create(
        version="2.0", text="Be kind.", changes="Photos at workshops now need consent."
    )
    page.goto(f"{live_server.url}{open_workshop.get_absolute_url()}")
    _no_join(page)
    assert page.get_by_text("Photos at workshops now need consent.").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Accept the updated Terms").first.click()
    page.wait_for_url("**/members/me/terms/**")
    assert page.get_by_role("heading", name="What changed").is_visible()
    page.get_by_label("I have read and accept these Terms of Service").check()
    page.get_by_role("button", name="Accept and continue").click()
    page.wait_for_url(f"{live_server.url}{open_workshop.get_absolute_url()}")
    page.get_by_role("link", name="Register").click()
    page.get_by_role("button", name="Register").click()
    assert page.get_by_text("You're registered.", exact=True).is_visible()


def test_pending_applicant_is_told_when_they_applied(page, live_server, pending, open_workshop):
    applied = timezone.now() - timedelta(days=2)
    Profile.objects.filter(user=pending).update(applied_at=applied)
    _signed_in_as(page, live_server, pending)
    page.goto(f"{live_server.url}{open_workshop.get_absolute_url()}")
    assert page.get_by_text(f"You applied to join on {applied:%-d %B %Y}").first.is_visible()
    assert page.get_by_role("link", name="See your application").first.is_visible()
    _no_join(page)
    assert_accessible(page)


def test_unverified_applicant_can_have_the_link_sent_again(
    page, live_server, pending, open_workshop, mailoutbox
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=pending).update(verified=False)
    _signed_in_as(page, live_server, pending)
    page.goto(f"{live_server.url}{open_workshop.get_absolute_url()}")
    assert page.get_by_text(f"we sent a link to {pending.email}").first.is_visible()
    _no_join(page)
    assert_accessible(page)
    page.get_by_role("button", name="Send the link again").first.click()
    page.wait_for_load_state()
    assert [m.to for m in mailoutbox] == [[pending.email]]


def test_suspended_member_sees_reason_date_and_appeal(page, live_server, suspended):
    until = timezone.now() + timedelta(days=10)
    Profile.objects.filter(user=suspended).update(suspended_until=until)
    _signed_in_as(page, live_server, suspended)
    page.goto(f"{live_server.url}/members/")
    assert page.get_by_text(
        f"suspended until {timezone.localtime(until):%-d %B %Y}", exact=False
    ).is_visible()
    assert page.get_by_text("Repeated off-topic posts.").is_visible()
    assert page.get_by_role("link", name="Appeal against the suspension").is_visible()
    _no_join(page)
    assert_accessible(page)
