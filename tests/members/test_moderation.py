"""Approving, declining, suspending and reinstating members, and the audit log."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members import moderation
from members.models import ModerationAction, Profile
from members.tasks import reinstate_expired_suspensions_job
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_pending_page_lists_applicants_oldest_first_with_their_answers(
    network, organiser, make_user, applicant
):
    older = make_user(state=Profile.State.PENDING, display_name="Olive Older")
    Profile.objects.filter(user=older).update(created_at=timezone.now() - timedelta(days=3))
    html = client_for(organiser).get("/members/pending/").content.decode()
    assert html.index("Olive Older") < html.index("Ada Applicant")
    assert "To share what caring taught me." in html
    assert "Peer support worker" in html
    assert "Hackney Carers" in html


def test_pending_page_runs_a_fixed_number_of_queries(
    network, organiser, make_user, django_assert_max_num_queries
):
    client = client_for(organiser)
    make_user(state=Profile.State.PENDING)
    client.get("/members/pending/")  # warm the network cache
    with django_assert_max_num_queries(8) as one:
        client.get("/members/pending/")
    for _ in range(19):
        make_user(state=Profile.State.PENDING)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/members/pending/")


def test_approval_activates_emails_and_is_audited(network, organiser, applicant):
    client_for(organiser).post(f"/members/pending/{applicant.pk}/approve/")
    applicant.profile.refresh_from_db()
    assert applicant.profile.state == Profile.State.ACTIVE
    assert applicant.profile.joined_at is not None
    assert mail.outbox[-1].to == [applicant.email]
    assert "approved" in mail.outbox[-1].body
    action = ModerationAction.objects.get(kind="approve")
    assert (action.actor, action.subject) == (organiser, applicant)


def test_decline_sends_the_optional_message(network, owner, applicant):
    client_for(owner).post(
        f"/members/pending/{applicant.pk}/decline/", {"message": "Please apply again in May."}
    )
    applicant.profile.refresh_from_db()
    assert applicant.profile.state == Profile.State.DECLINED
    assert "Please apply again in May." in mail.outbox[-1].body
    assert ModerationAction.objects.get(kind="decline").reason == "Please apply again in May."


def test_suspend_for_spam_removes_their_comments_and_is_audited(
    network, organiser, member, make_user, make_comment
):
    spammer = make_user(display_name="Spam Bot")
    spam = [make_comment(spammer, network, "Buy now!") for _ in range(3)]
    other = make_comment(member, network, "A real comment.")
    response = client_for(organiser).post(
        f"/members/{spammer.pk}/moderate/",
        {"action": "suspend", "reason": "Spam.", "for_spam": "on"},
    )
    assert response.status_code == 302
    for comment in spam:
        comment.refresh_from_db()
        assert comment.is_removed
    other.refresh_from_db()
    assert not other.is_removed
    kinds = set(ModerationAction.objects.filter(subject=spammer).values_list("kind", flat=True))
    assert kinds == {"suspend", "remove_content"}
    assert ModerationAction.objects.get(kind="remove_content").detail == "3 comments removed"


def test_suspension_page_says_why_and_until_when(network, organiser, member):
    until = (timezone.localdate() + timedelta(days=7)).isoformat()
    client_for(organiser).post(
        f"/members/{member.pk}/moderate/",
        {"action": "suspend", "reason": "Personal attacks.", "until": until},
    )
    page = client_for(member).get("/members/me/membership/").content.decode()
    assert "Personal attacks." in page
    assert "comes back automatically" in page
    assert client_for(member).get("/members/").status_code == 403


def test_suspension_with_a_past_date_is_refused(network, organiser, member):
    response = client_for(organiser).post(
        f"/members/{member.pk}/moderate/",
        {"action": "suspend", "reason": "x", "until": "2000-01-01"},
    )
    assert response.status_code == 200
    assert "Please choose a date in the future." in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.state == Profile.State.ACTIVE


def test_expired_suspensions_are_reinstated_by_the_scheduled_job(
    network, organiser, member, suspended
):
    moderation.suspend(
        actor=organiser,
        profile=member.profile,
        reason="Cooling off.",
        until=timezone.now() - timedelta(minutes=1),
    )
    assert reinstate_expired_suspensions_job.call_local() == 1
    member.profile.refresh_from_db()
    suspended.profile.refresh_from_db()
    assert member.profile.state == Profile.State.ACTIVE
    assert suspended.profile.state == Profile.State.SUSPENDED  # no end date
    action = ModerationAction.objects.get(kind="reinstate")
    assert action.actor is None and action.subject == member


def test_expired_suspension_ends_on_the_members_next_visit(network, organiser, member):
    moderation.suspend(
        actor=organiser, profile=member.profile, reason="Cooling off.", until=timezone.now()
    )
    assert client_for(member).get("/members/").status_code == 200
    member.profile.refresh_from_db()
    assert member.profile.state == Profile.State.ACTIVE


def test_owner_promotes_and_demotes_organisers_with_audit(network, owner, member):
    client = client_for(owner)
    client.post(f"/members/{member.pk}/moderate/", {"action": "promote"})
    assert member.groups.filter(name="Organisers").exists()
    assert client_for(member).get("/members/pending/").status_code == 200
    client.post(f"/members/{member.pk}/moderate/", {"action": "demote"})
    assert not member.groups.filter(name="Organisers").exists()
    kinds = list(ModerationAction.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["promote", "demote"]


def test_admin_bulk_approve_and_reinstate(network, owner, applicant, suspended):
    client = client_for(owner)
    response = client.post(
        "/admin/members/profile/",
        {"action": "approve_selected", "_selected_action": [applicant.profile.pk]},
    )
    assert response.status_code == 302
    client.post(
        "/admin/members/profile/",
        {"action": "reinstate_selected", "_selected_action": [suspended.profile.pk]},
    )
    applicant.profile.refresh_from_db()
    suspended.profile.refresh_from_db()
    assert applicant.profile.state == Profile.State.ACTIVE
    assert suspended.profile.state == Profile.State.ACTIVE
    assert ModerationAction.objects.filter(kind__in=["approve", "reinstate"]).count() == 2


def test_admin_bulk_suspend_asks_for_a_reason(network, owner, member):
    client = client_for(owner)
    ask = client.post(
        "/admin/members/profile/",
        {"action": "suspend_selected", "_selected_action": [member.profile.pk]},
    )
    assert ask.status_code == 200
    assert "Suspend members" in ask.content.decode()
    client.post(
        "/admin/members/profile/",
        {
            "action": "suspend_selected",
            "_selected_action": [member.profile.pk],
            "apply": "1",
            "reason": "Off-topic adverts.",
        },
    )
    member.profile.refresh_from_db()
    assert member.profile.state == Profile.State.SUSPENDED
    assert member.profile.suspension_reason == "Off-topic adverts."


def test_admin_list_filters_and_search_show_the_answers(network, owner, applicant, member):
    client = client_for(owner)
    page = client.get("/admin/members/profile/?expertise=carer").content.decode()
    assert "Ada Applicant" in page and "Maya Member" not in page
    assert "To share what caring taught me." in page
    page = client.get("/admin/members/profile/?q=Hackney+Carers").content.decode()
    assert "Ada Applicant" in page
    page = client.get("/admin/members/profile/?state=pending&area=hackney").content.decode()
    assert "Ada Applicant" in page


def test_audit_log_is_read_only_and_shown_on_the_members_admin_pages(
    network, owner, organiser, applicant
):
    moderation.approve(actor=organiser, profile=applicant.profile)
    client = client_for(owner)
    action = ModerationAction.objects.get()
    change = client.get(f"/admin/members/moderationaction/{action.pk}/change/")
    assert change.status_code == 200
    assert 'name="reason"' not in change.content.decode()
    assert client.get("/admin/members/moderationaction/add/").status_code == 403
    profile_page = client.get(f"/admin/members/profile/{applicant.profile.pk}/change/")
    assert "Approved" in profile_page.content.decode()
    user_page = client.get(f"/admin/members/user/{applicant.pk}/change/")
    assert "Moderation history" in user_page.content.decode()
