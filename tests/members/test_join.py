"""Joining: sign-up with the profile questions, verification, and each join policy."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from members.models import Invitation, Profile, TermsAcceptance, User
from network.models import TermsVersion
from tests.conftest import PASSWORD, client_for
from tests.members.helpers import confirmation_path, signup_data

pytestmark = pytest.mark.django_db


def sign_up_and_verify(client, email, **overrides):
    response = client.post("/accounts/signup/", signup_data(email, **overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email=email)
    response = client.post(confirmation_path(mail.outbox))
    assert response.status_code == 302
    user.refresh_from_db()
    return user, response


def test_sign_up_records_answers_and_terms_and_sends_verification(network, terms):
    client = Client()
    response = client.post("/accounts/signup/", signup_data("nia@example.org"))
    assert response.status_code == 302
    user = User.objects.get(email="nia@example.org")
    profile = user.profile
    assert user.display_name == "Nia Newcomer"
    assert profile.pronouns == "she/her"
    assert profile.expertise == ["service_user", "other"]
    assert profile.expertise_labels() == ["Person who uses services / patient", "Theatre maker"]
    assert profile.organisation == "Tower Hamlets Health Forum"
    assert profile.area == "tower-hamlets"
    assert profile.why_join == "To learn co-production with others."
    assert profile.state == Profile.State.PENDING  # not yet verified
    acceptance = TermsAcceptance.objects.get(user=user)
    assert acceptance.terms == terms
    assert confirmation_path(mail.outbox).startswith("/accounts/confirm-email/")


def test_sign_up_without_accepting_terms_redisplays_with_error_and_keeps_input(network, terms):
    data = signup_data("nia@example.org")
    del data["accept_terms"]
    response = Client().post("/accounts/signup/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_accept_terms_error"' in html
    assert 'value="Tower Hamlets Health Forum"' in html
    assert not User.objects.filter(email="nia@example.org").exists()


def test_choosing_other_expertise_needs_the_text(network, terms):
    response = Client().post(
        "/accounts/signup/", signup_data("nia@example.org", expertise_other="")
    )
    assert response.status_code == 200
    assert "Please tell us what other experience you bring." in response.content.decode()


def test_honeypot_filled_in_refuses_the_sign_up(network, terms):
    response = Client().post(
        "/accounts/signup/", signup_data("bot@example.org", website_url="http://spam.example")
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="bot@example.org").exists()


def test_unverified_account_cannot_sign_in(network, terms):
    client = Client()
    client.post("/accounts/signup/", signup_data("nia@example.org"))
    client.logout()
    mail.outbox.clear()
    response = client.post(
        "/accounts/login/",
        {"login": "nia@example.org", "password": "a-long-and-unusual-passphrase-42"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_open_policy_activates_on_verification_and_welcomes(network, terms):
    user, response = sign_up_and_verify(Client(), "nia@example.org")
    assert user.profile.state == Profile.State.ACTIVE
    assert user.profile.joined_at is not None
    assert any(m.subject.startswith("Welcome to") and m.to == [user.email] for m in mail.outbox)


def test_approval_policy_keeps_applicant_pending_and_emails_approvers(
    approval, terms, owner, organiser, member
):
    client = Client()
    user, response = sign_up_and_verify(client, "nia@example.org")
    assert user.profile.state == Profile.State.PENDING
    assert response["Location"] == "/members/me/membership/"
    page = client.get("/members/me/membership/")
    assert "waiting for an organiser" in page.content.decode()
    alerts = [m for m in mail.outbox if m.subject == "New applicant: Nia Newcomer"]
    assert sorted(m.to[0] for m in alerts) == sorted([owner.email, organiser.email])
    assert "http://testserver/members/pending/" in alerts[0].body


def test_changing_email_later_does_not_reapply_the_policy(approval, terms, owner):
    client = Client()
    user, _ = sign_up_and_verify(client, "nia@example.org")
    applied_at = user.profile.applied_at
    from allauth.account.models import EmailAddress

    from members.membership import apply_join_policy

    apply_join_policy(user=EmailAddress.objects.get(user=user).user)
    user.profile.refresh_from_db()
    assert user.profile.applied_at == applied_at


# --- Invitations -----------------------------------------------------------------------------


def test_member_invites_by_email_and_invitee_joins_invitation_network(
    invitation_only, terms, member
):
    response = client_for(member).post("/members/invite/", {"email": "Guest@Example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "guest@example.org"
    assert invitation.invited_by == member
    letter = mail.outbox[-1]
    assert letter.to == ["guest@example.org"]
    assert invitation.get_absolute_url() in letter.body

    guest = Client()
    landing = guest.get(invitation.get_absolute_url())
    assert landing["Location"] == "/accounts/signup/?email=guest@example.org"
    assert guest.get("/accounts/signup/").status_code == 200
    user, _ = sign_up_and_verify(guest, "guest@example.org")
    assert user.profile.state == Profile.State.ACTIVE
    invitation.refresh_from_db()
    assert invitation.used_by == user


def test_invitation_network_refuses_sign_up_without_invitation(invitation_only, terms):
    client = Client()
    page = client.get("/accounts/signup/")
    assert "Joining is by invitation" in page.content.decode()
    client.post("/accounts/signup/", signup_data("nia@example.org"))
    assert not User.objects.filter(email="nia@example.org").exists()


def test_expired_invitation_is_refused(invitation_only, terms, member):
    invitation = Invitation.objects.create(
        email="guest@example.org",
        invited_by=member,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    client = Client()
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    client.post("/accounts/signup/", signup_data("guest@example.org"))
    assert not User.objects.filter(email="guest@example.org").exists()


def test_used_invitation_cannot_be_used_again(invitation_only, terms, member):
    invitation = Invitation.objects.create(email="guest@example.org", invited_by=member)
    first = Client()
    first.get(invitation.get_absolute_url())
    sign_up_and_verify(first, "guest@example.org")
    second = Client()
    response = second.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_invitation_stored_in_a_session_is_refused_once_used(invitation_only, terms, member):
    invitation = Invitation.objects.create(email="guest@example.org", invited_by=member)
    sneaky = Client()
    sneaky.get(invitation.get_absolute_url())  # keeps the token in its session
    legit = Client()
    legit.get(invitation.get_absolute_url())
    sign_up_and_verify(legit, "guest@example.org")
    sneaky.post("/accounts/signup/", signup_data("other@example.org"))
    assert not User.objects.filter(email="other@example.org").exists()


def test_invitation_for_another_address_is_refused(invitation_only, terms, member):
    invitation = Invitation.objects.create(email="guest@example.org", invited_by=member)
    client = Client()
    client.get(invitation.get_absolute_url())
    response = client.post("/accounts/signup/", signup_data("someone-else@example.org"))
    assert response.status_code == 200
    assert "Please use the e-mail address your invitation was sent to." in (
        response.content.decode()
    )
    assert not User.objects.filter(email="someone-else@example.org").exists()
    invitation.refresh_from_db()
    assert not invitation.is_used


def test_invitation_does_not_skip_approval(approval, terms, owner, member):
    invitation = Invitation.objects.create(email="guest@example.org", invited_by=member)
    client = Client()
    client.get(invitation.get_absolute_url())
    user, _ = sign_up_and_verify(client, "guest@example.org")
    assert user.profile.state == Profile.State.PENDING
    invitation.refresh_from_db()
    assert invitation.used_by == user  # spent, yet still needs approval


def test_inviting_an_existing_member_is_refused(network, member, organiser):
    response = client_for(member).post("/members/invite/", {"email": organiser.email})
    assert response.status_code == 200
    assert "already joined" in response.content.decode()
    assert Invitation.objects.count() == 0


# --- Terms of Service ------------------------------------------------------------------------


def test_new_terms_version_is_asked_for_at_next_sign_in(network, terms, member):
    from members.membership import accept_terms
    from members.roles import can_participate

    accept_terms(user=member, terms=terms)
    TermsVersion.objects.create(version="2.0", text="New rules.")
    member = User.objects.get(pk=member.pk)
    assert not can_participate(member)

    client = Client()
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response["Location"] == "/members/me/terms/"
    page = client.get("/members/me/terms/")
    assert "New rules." in page.content.decode()
    response = client.post("/members/me/terms/", {"accept": "on", "next": "/members/"})
    assert response["Location"] == "/members/"
    assert TermsAcceptance.objects.filter(user=member, terms__version="2.0").exists()
    assert can_participate(User.objects.get(pk=member.pk))


def test_sign_in_keeps_the_next_page_after_accepting_terms(network, terms, member):
    TermsVersion.objects.create(version="2.0", text="New rules.")
    client = Client()
    response = client.post(
        "/accounts/login/?next=/members/", {"login": member.email, "password": PASSWORD}
    )
    assert response["Location"] == "/members/me/terms/?next=%2Fmembers%2F"


def test_suspended_member_lands_on_the_page_saying_why(network, terms, suspended):
    client = Client()
    response = client.post("/accounts/login/", {"login": suspended.email, "password": PASSWORD})
    assert response["Location"] == "/members/me/membership/"
    page = client.get("/members/me/membership/").content.decode()
    assert "Repeated off-topic posts." in page
