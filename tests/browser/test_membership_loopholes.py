"""The pages issue 12 (findings 2, 5 and 6) changed, in a real browser: each says plainly
where the person stands, and axe finds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members import moderation
from members.models import Profile, Visibility
from network.models import Network
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_suspended_member_leaving_and_coming_back_is_told_it_changes_nothing(
    page, live_server, network, terms, organiser, make_user
):
    person = make_user(display_name="Sam Suspended")
    moderation.suspend(
        actor=organiser,
        profile=person.profile,
        reason="Shared a member's story without asking.",
        until=timezone.now() + timedelta(days=10),
    )
    sign_in(page, live_server, person.email, PASSWORD)

    page.goto(f"{live_server.url}/members/me/leave/")
    assert page.get_by_text("Leaving does not end the suspension").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Leave the network").click()
    assert page.get_by_text("Your membership was suspended when you left").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ask to join again").click()

    assert page.get_by_text(
        "Leaving the network and joining again does not change this"
    ).is_visible()
    assert_accessible(page)
    assert Profile.objects.get(user=person).state == Profile.State.SUSPENDED


def test_the_queue_shows_an_applicants_earlier_decline(
    page, live_server, network, terms, organiser, make_user
):
    network.join_policy = Network.JoinPolicy.APPROVAL
    network.save()
    person = make_user(state=Profile.State.PENDING, display_name="Dee Declined")
    moderation.decline(actor=organiser, profile=person.profile, message="Adverts.")
    Profile.objects.filter(user=person).update(state=Profile.State.PENDING)
    sign_in(page, live_server, organiser.email, PASSWORD)

    page.goto(f"{live_server.url}/members/pending/")

    assert page.get_by_text("Applied before.").is_visible()
    assert page.get_by_text("reason: Adverts.").is_visible()
    assert_accessible(page)


def test_hidden_profile_text_reads_plainly_to_visitors_and_to_the_member(
    page, live_server, network, terms, organiser, make_user
):
    person = make_user(
        display_name="Wren Writer",
        bio="Sign in again at https://phish.example/login",
        bio_visibility=Visibility.EVERYONE,
    )
    moderation.hide_profile_text(actor=organiser, profile=person.profile, reason="Phishing.")

    page.goto(f"{live_server.url}/members/{person.pk}/")
    assert page.get_by_text("This member's profile text is hidden by the moderators.").is_visible()
    assert_accessible(page)

    sign_in(page, live_server, person.email, PASSWORD)
    page.goto(f"{live_server.url}/members/{person.pk}/")
    assert page.get_by_text("The moderators have hidden your About text").is_visible()
    assert_accessible(page)


def test_too_many_sign_in_attempts_get_our_page_saying_how_long_to_wait(
    page, live_server, network, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    for _ in range(2):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill("someone@example.org")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in", exact=True).click()

    assert page.get_by_role("heading", name="Too many attempts").is_visible()
    assert page.get_by_text("Please wait a minute and try again.").is_visible()
    assert_accessible(page)
