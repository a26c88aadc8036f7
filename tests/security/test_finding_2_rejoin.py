"""Issue 12, finding 2: leaving and rejoining must not undo a suspension or a decline,
and must not let anyone flood the people who approve with e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members import moderation
from members.models import ModerationAction, Profile
from network.models import Network
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LEAVE = "/members/me/leave/"
STATUS = "/members/me/membership/"


def leave_and_rejoin(client):
    client.post(LEAVE)
    return client.post(LEAVE, {"rejoin": "1"}, follow=True)


def set_policy(network, policy):
    network.join_policy = policy
    network.save()


@pytest.fixture
def clock(monkeypatch):
    """Moves `timezone.now()` forward without waiting."""
    real_now = timezone.now
    moved = {"by": timedelta()}
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved["by"])

    def advance(**delta):
        moved["by"] += timedelta(**delta)

    return advance


@pytest.fixture
def suspended_member(network, terms, organiser, make_user):
    person = make_user(display_name="Sam Suspended")
    moderation.suspend(
        actor=organiser,
        profile=person.profile,
        reason="Shared a member's story without asking.",
        until=timezone.now() + timedelta(days=10),
    )
    mail.outbox.clear()
    return person


@pytest.fixture
def declined_applicant(network, terms, organiser, make_user):
    set_policy(network, Network.JoinPolicy.APPROVAL)
    person = make_user(state=Profile.State.PENDING, display_name="Dee Declined")
    moderation.decline(
        actor=organiser, profile=person.profile, message="Adverts, not a practitioner."
    )
    mail.outbox.clear()
    return person


@pytest.mark.parametrize("policy", ["open", "approval", "invitation"])
def test_a_suspended_member_who_leaves_and_rejoins_comes_back_suspended(
    network, suspended_member, policy
):
    set_policy(network, policy)
    until = suspended_member.profile.suspended_until

    page = leave_and_rejoin(client_for(suspended_member)).content.decode()

    profile = Profile.objects.get(user=suspended_member)
    assert profile.state == Profile.State.SUSPENDED
    assert profile.suspension_reason == "Shared a member's story without asking."
    assert profile.suspended_until == until
    assert "Your membership is suspended until" in page
    assert "Leaving the network and joining again does not change this" in page
    assert mail.outbox == []  # no welcome, and nobody asked to approve


def test_a_suspended_member_is_told_before_leaving_that_leaving_does_not_end_it(
    suspended_member,
):
    page = client_for(suspended_member).get(LEAVE).content.decode()

    assert "Leaving does not end the suspension" in page


def test_a_suspension_that_ran_out_while_away_ends_on_return_as_it_would_have(
    network, suspended_member, clock
):
    client = client_for(suspended_member)
    client.post(LEAVE)
    clock(days=11)

    client.post(LEAVE, {"rejoin": "1"})

    profile = Profile.objects.get(user=suspended_member)
    assert profile.state == Profile.State.ACTIVE
    assert profile.suspension_reason == ""
    last = ModerationAction.objects.filter(subject=suspended_member).first()
    assert (last.kind, last.actor, last.reason) == ("reinstate", None, "The suspension ended.")


@pytest.mark.parametrize("policy", ["open", "approval"])
def test_a_declined_applicant_who_applies_again_goes_to_the_queue_with_their_history(
    network, declined_applicant, organiser, policy
):
    set_policy(network, policy)

    page = leave_and_rejoin(client_for(declined_applicant)).content.decode()

    assert Profile.objects.get(user=declined_applicant).state == Profile.State.PENDING
    assert "an earlier application of yours was declined" in page
    queue = client_for(organiser).get("/members/pending/").content.decode()
    declined_on = timezone.localdate().strftime("%-d %B %Y")
    assert "Applied before." in queue
    assert (
        f"Declined on {declined_on} by Olu Organiser, reason: Adverts, not a practitioner." in queue
    )
    alert = next(message for message in mail.outbox if organiser.email in message.to)
    assert f"Declined on {declined_on}, reason: Adverts, not a practitioner." in alert.body


def test_the_admin_shows_who_was_declined_before(declined_applicant, owner):
    client_for(declined_applicant).post(LEAVE)
    client_for(declined_applicant).post(LEAVE, {"rejoin": "1"})

    listing = client_for(owner).get("/admin/members/profile/?state=pending").content.decode()

    assert "Dee Declined" in listing
    assert "declined before" in listing.lower()
    assert 'alt="True"' in listing  # the "declined before" column, ticked


def test_approvers_hear_about_one_applicant_at_most_once_a_day(
    network, owner, organiser, make_user, clock
):
    set_policy(network, Network.JoinPolicy.APPROVAL)
    applicant = make_user(state=Profile.State.PENDING, display_name="Lou Loop")
    client = client_for(applicant)

    for _ in range(5):
        leave_and_rejoin(client)

    alerts = [m for m in mail.outbox if m.subject == "New applicant: Lou Loop"]
    assert sorted(recipient for m in alerts for recipient in m.to) == sorted(
        [owner.email, organiser.email]
    )
    assert Profile.objects.get(user=applicant).state == Profile.State.PENDING

    mail.outbox.clear()
    clock(hours=24, seconds=1)
    leave_and_rejoin(client)

    assert len([m for m in mail.outbox if m.subject == "New applicant: Lou Loop"]) == 2
