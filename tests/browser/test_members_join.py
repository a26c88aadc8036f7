"""The whole join journey in a real browser, for each join policy, with axe on every page."""

import re

import pytest
from django.core import mail

from members.models import Invitation, Profile, User
from network.models import Network
from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def _set_policy(network, policy):
    network.join_policy = policy
    network.save()


def _link_path(pattern):
    for message in reversed(mail.outbox):
        match = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
        if match:
            return match.group(1)
    raise AssertionError(f"no e-mail with a link matching {pattern}")


def fill_sign_up(page, email, *, email_prefilled=False):
    assert_accessible(page)
    if email_prefilled:
        assert page.locator("#id_email").input_value() == email
    else:
        page.fill("#id_email", email)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.fill("#id_display_name", "Nia Newcomer")
    page.fill("#id_pronouns", "she/her")
    page.get_by_label("Carer").check()
    page.get_by_label("Health activist").check()
    page.fill("#id_organisation", "Tower Hamlets Health Forum")
    page.select_option("#id_area", "tower-hamlets")
    page.fill("#id_topics", "mental health")
    page.fill("#id_why_join", "To learn co-production with others.")
    page.check("#id_accept_terms")
    page.get_by_role("button", name="Join the network").click()


def verify_email(page, live_server):
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)
    page.goto(live_server.url + _link_path(r"/accounts/confirm-email/[^\s]+/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()


def test_open_network_join_journey(page, live_server, network, terms):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join", exact=True).click()
    fill_sign_up(page, "nia@example.org")
    verify_email(page, live_server)
    page.wait_for_url(live_server.url + "/")
    assert_accessible(page)
    user = User.objects.get(email="nia@example.org")
    assert user.profile.state == Profile.State.ACTIVE
    assert any(m.subject.startswith("Welcome") for m in mail.outbox)

    page.goto(live_server.url + "/members/me/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Nia Newcomer")
    assert page.get_by_text("Health activist").count() >= 1
    assert_accessible(page)
    for path in (
        "/members/",
        "/members/me/edit/",
        "/members/me/picture/",
        "/members/me/notifications/",
        "/members/me/data/",
        "/members/invite/",
        "/accounts/email/",
        "/accounts/password/change/",
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/members/")
    assert_fits_width(page, 360)


def test_sign_up_errors_are_shown_next_to_fields_accessibly(page, live_server, network, terms):
    page.goto(live_server.url + "/accounts/signup/")
    page.fill("#id_email", "nia@example.org")
    page.get_by_role("button", name="Join the network").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.locator("#id_display_name_error").is_visible()
    assert page.locator("#id_email").input_value() == "nia@example.org"
    assert_accessible(page)


def test_approval_network_join_journey(page, live_server, network, terms, organiser):
    _set_policy(network, Network.JoinPolicy.APPROVAL)
    page.goto(live_server.url + "/accounts/signup/")
    fill_sign_up(page, "nia@example.org")
    verify_email(page, live_server)
    page.wait_for_url("**/members/me/membership/")
    assert page.get_by_text("waiting for an organiser").is_visible()
    assert_accessible(page)
    assert User.objects.get(email="nia@example.org").profile.state == Profile.State.PENDING

    # The organiser follows the link in their e-mail to the queue and approves.
    queue_path = _link_path(r"/members/pending/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, organiser.email, PASSWORD)
    page.goto(live_server.url + queue_path)
    assert page.get_by_text("To learn co-production with others.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve").click()
    assert page.get_by_text("Nia Newcomer is now a member.").is_visible()
    assert_accessible(page)
    assert User.objects.get(email="nia@example.org").profile.state == Profile.State.ACTIVE
    assert any(m.to == ["nia@example.org"] and "approved" in m.body for m in mail.outbox)


def test_invitation_network_join_journey(page, live_server, network, terms, member):
    _set_policy(network, Network.JoinPolicy.INVITATION)
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(live_server.url + "/members/invite/")
    assert_accessible(page)
    page.fill("#id_email", "guest@example.org")
    page.fill("#id_message", "Come and join us!")
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_text("Your invitation to guest@example.org is on its way.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(live_server.url + "/accounts/signup/")
    assert page.get_by_role("heading", name="Joining is by invitation").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + _link_path(r"/members/join/[^\s]+/"))
    fill_sign_up(page, "guest@example.org", email_prefilled=True)
    verify_email(page, live_server)
    page.wait_for_url(live_server.url + "/")
    user = User.objects.get(email="guest@example.org")
    assert user.profile.state == Profile.State.ACTIVE
    assert Invitation.objects.get().used_by == user
