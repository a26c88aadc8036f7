"""Every blocked state says why in plain words and gives the next step; nobody with
an account is offered "Join" (members.roles.blocked_standing)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Profile, TermsAcceptance
from network.models import TermsVersion
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(network, terms, make_workshop):
    return make_workshop(title="Communicating about change")


def _new_terms():
    return TermsVersion.objects.create(
        version="2.0", text="New rules.", changes="We now ask everyone to use plain words."
    )


def test_outdated_terms_on_a_workshop_page_offer_to_accept_them_not_join(
    network, terms, member, workshop
):
    _new_terms()
    page = client_for(member).get(f"/workshops/{workshop.slug}/").content.decode()
    assert "Accept the updated Terms" in page
    assert f"/members/me/terms/?next=%2Fworkshops%2F{workshop.slug}%2F" in page
    assert "We now ask everyone to use plain words." in page
    assert "Join" not in page.replace("Join the waiting list", "")


def test_registering_with_outdated_terms_goes_to_the_terms_then_back(
    network, terms, member, workshop
):
    new = _new_terms()
    client = client_for(member)
    register = f"/workshops/{workshop.slug}/register/"
    response = client.get(register)
    assert response.status_code == 302
    assert response["Location"] == f"/members/me/terms/?next={register.replace('/', '%2F')}"
    accept = client.get(response["Location"]).content.decode()
    assert "What changed" in accept and "We now ask everyone to use plain words." in accept
    response = client.post("/members/me/terms/", {"accept": "on", "next": register})
    assert response["Location"] == register
    assert TermsAcceptance.objects.filter(user=member, terms=new).exists()
    assert client.get(register).status_code == 200


def test_terms_page_refuses_to_send_people_to_another_site(network, terms, member):
    _new_terms()
    response = client_for(member).post(
        "/members/me/terms/", {"accept": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_directory_with_outdated_terms_goes_to_the_terms(network, terms, member):
    _new_terms()
    response = client_for(member).get("/members/")
    assert response["Location"] == "/members/me/terms/?next=%2Fmembers%2F"


def test_comment_area_with_outdated_terms_offers_the_terms(network, terms, member, post):
    _new_terms()
    page = client_for(member).get(post.get_absolute_url()).content.decode()
    assert "Accept the updated Terms" in page
    assert ">Join" not in page


def test_pending_applicant_is_told_the_date_they_applied(network, terms, pending, workshop):
    applied = timezone.now() - timedelta(days=3)
    Profile.objects.filter(user=pending).update(applied_at=applied)
    page = client_for(pending).get(f"/workshops/{workshop.slug}/").content.decode()
    assert f"You applied to join on {applied:%-d %B %Y}" in page
    assert "See your application" in page
    assert ">Join" not in page
    response = client_for(pending).get(f"/workshops/{workshop.slug}/register/")
    assert response.status_code == 403
    assert "waiting for an organiser" in response.content.decode()


def test_unverified_applicant_gets_a_resend_button(network, terms, pending, post):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=pending).update(verified=False)
    page = client_for(pending).get(post.get_absolute_url()).content.decode()
    assert f"we sent a link to {pending.email}" in page
    assert 'action="/accounts/email/"' in page
    assert 'name="action_send"' in page and "Send the link again" in page
    assert ">Join" not in page


def test_resend_button_sends_the_confirmation_again(network, terms, pending, mailoutbox):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=pending).update(verified=False)
    response = client_for(pending).post(
        "/accounts/email/", {"email": pending.email, "action_send": "1"}
    )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[pending.email]]


def test_suspended_member_sees_reason_date_and_how_to_appeal(network, terms, suspended, post):
    until = timezone.now() + timedelta(days=10)
    Profile.objects.filter(user=suspended).update(suspended_until=until)
    response = client_for(suspended).get("/members/")
    assert response.status_code == 403
    page = response.content.decode()
    assert f"suspended until {timezone.localtime(until):%-d %B %Y}" in page
    assert "Repeated off-topic posts." in page
    assert 'href="/report/"' in page and "Appeal against the suspension" in page
    assert ">Join" not in page


def test_active_member_with_current_terms_sees_no_blocked_notice(network, terms, member, post):
    page = client_for(member).get(post.get_absolute_url()).content.decode()
    assert "Accept the updated Terms" not in page
    assert 'aria-label="Your membership"' not in page
