"""On an invitation-only network a stranger can ask for an invitation; the owner
invites or declines from the admin in one step."""

import pytest
from django.test import Client

from members.models import Invitation, InvitationRequest
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _ask(client, **fields):
    data = {"name": "Rae Reader", "email": "rae@example.org", "why": "I run a carers' group."}
    data.update(fields)
    return client.post("/members/ask-for-an-invitation/", data)


def test_the_closed_sign_up_page_leads_to_the_request_form(invitation_only, terms):
    page = Client().get("/accounts/signup/").content.decode()
    assert 'href="/members/ask-for-an-invitation/"' in page


def test_a_request_reaches_the_owners_queue_and_the_owner_is_told(
    invitation_only, terms, owner, mailoutbox
):
    response = _ask(Client())
    assert "Your request is with the network's owner" in response.content.decode().replace(
        "&#x27;", "'"
    )
    ask = InvitationRequest.objects.get()
    assert (ask.name, ask.email, ask.status) == ("Rae Reader", "rae@example.org", "waiting")
    [mail] = mailoutbox
    assert mail.to == [owner.email]
    assert "I run a carers' group." in mail.body
    assert "/admin/members/invitationrequest/" in mail.body


def test_an_incomplete_request_keeps_what_was_typed(invitation_only, terms):
    response = _ask(Client(), why="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert 'value="Rae Reader"' in page
    assert not InvitationRequest.objects.exists()


def test_requests_are_rate_limited(invitation_only, terms):
    client = Client()
    for n in range(3):
        _ask(client, email=f"rae{n}@example.org")
    assert _ask(client, email="rae9@example.org").status_code == 429
    assert InvitationRequest.objects.count() == 3


def test_on_an_open_network_the_form_sends_people_to_join(network):
    response = Client().get("/members/ask-for-an-invitation/")
    assert response["Location"] == "/accounts/signup/"


def test_owner_invites_from_the_queue_after_seeing_who_will_be_told(
    invitation_only, terms, owner, mailoutbox
):
    _ask(Client())
    mailoutbox.clear()
    ask = InvitationRequest.objects.get()
    client = client_for(owner)
    chosen = {"action": "invite_selected", "_selected_action": [ask.pk]}
    first = client.post("/admin/members/invitationrequest/", chosen)
    assert "Invite 1 person?" in first.content.decode()
    assert "Each will be e-mailed an invitation to join." in first.content.decode()
    assert mailoutbox == [] and not Invitation.objects.exists()
    response = client.post("/admin/members/invitationrequest/", {**chosen, "apply": "1"})
    assert response.status_code == 302
    ask.refresh_from_db()
    assert ask.status == "invited" and ask.decided_by == owner
    assert Invitation.objects.get().email == "rae@example.org"
    [mail] = mailoutbox
    assert mail.to == ["rae@example.org"]
    assert Invitation.objects.get().get_absolute_url() in mail.body


def test_owner_declines_with_a_polite_email(invitation_only, terms, owner, mailoutbox):
    _ask(Client())
    mailoutbox.clear()
    ask = InvitationRequest.objects.get()
    client_for(owner).post(
        "/admin/members/invitationrequest/",
        {"action": "decline_selected", "_selected_action": [ask.pk], "apply": "1"},
    )
    ask.refresh_from_db()
    assert ask.status == "declined"
    assert not Invitation.objects.exists()
    [mail] = mailoutbox
    assert mail.to == ["rae@example.org"]
    assert "Thank you for asking to join" in mail.body


def test_organisers_do_not_see_the_owners_queue(invitation_only, terms, organiser):
    assert client_for(organiser).get("/admin/members/invitationrequest/").status_code == 403
