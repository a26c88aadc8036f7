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
        {"action": "approve_selected", "_selected_action": [applicant.profile.pk], "apply": "1"},
    )
    assert response.status_code == 302
    ask = client.post(
        "/admin/members/profile/",
        {"action": "reinstate_selected", "_selected_action": [suspended.profile.pk]},
    )
    assert "Reinstate members" in ask.content.decode()
    client.post(
        "/admin/members/profile/",
        {
            "action": "reinstate_selected",
            "_selected_action": [suspended.profile.pk],
            "apply": "1",
            "reason": "Suspended by mistake.",
        },
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


def test_reinstating_with_a_reason_restores_the_comments_removed_with_the_suspension(
    network, terms, organiser, member, make_user, make_comment, mailoutbox
):
    from django_comments_xtd.models import XtdComment

    from members import moderation

    first = make_comment(member, network, "A genuine comment")
    second = make_comment(member, network, "Another genuine comment")
    removed_before = make_comment(member, network, "Removed earlier, for a reason")
    XtdComment.objects.filter(pk=removed_before.pk).update(is_removed=True)
    moderation.suspend(actor=organiser, profile=member.profile, reason="Spam", remove_comments=True)
    assert not XtdComment.objects.filter(pk__in=[first.pk, second.pk], is_removed=False).exists()
    mailoutbox.clear()

    client = client_for(organiser)
    page = client.get(f"/members/{member.pk}/moderate/").content.decode()
    assert "Also put back the comments removed with the suspension" in page
    refused = client.post(f"/members/{member.pk}/moderate/", {"action": "reinstate"})
    assert refused.status_code == 200
    member.profile.refresh_from_db()
    assert member.profile.state == Profile.State.SUSPENDED

    response = client.post(
        f"/members/{member.pk}/moderate/",
        {"action": "reinstate", "reason": "Not spam after all.", "restore_comments": "on"},
    )
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.state == Profile.State.ACTIVE
    shown = set(
        XtdComment.objects.filter(user=member, is_removed=False).values_list("pk", flat=True)
    )
    assert shown == {first.pk, second.pk}  # the comment removed before stays removed
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert "Not spam after all." in mail.body
    assert "The 2 comments removed with the suspension are back" in mail.body
    kinds = list(
        ModerationAction.objects.filter(subject=member)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds[-2:] == ["reinstate", "restore_content"]


def test_reinstating_without_restoring_leaves_comments_removed(
    network, terms, organiser, member, make_comment, mailoutbox
):
    from django_comments_xtd.models import XtdComment

    from members import moderation

    make_comment(member, network, "Spam spam")
    moderation.suspend(actor=organiser, profile=member.profile, reason="Spam", remove_comments=True)
    moderation.reinstate(actor=organiser, profile=member.profile, reason="Time served.")
    assert not XtdComment.objects.filter(user=member, is_removed=False).exists()
    assert "Time served." in mailoutbox[-1].body


def test_organisers_cannot_edit_the_owners_account_or_profile(network, owner, organiser):
    client = client_for(organiser)
    assert client.get(f"/admin/members/profile/{owner.profile.pk}/change/").status_code in (
        200,
        403,
    )
    response = client.post(
        f"/admin/members/user/{owner.pk}/change/",
        {"email": "taken@example.org", "display_name": "Not the owner"},
    )
    assert response.status_code == 403
    owner.refresh_from_db()
    assert owner.display_name == "Lucie Stephens"
    page = client.get(f"/admin/members/profile/{owner.profile.pk}/change/").content.decode()
    assert 'name="bio"' not in page  # read-only: the profile is the owner's


def test_staff_edit_of_a_members_account_is_in_the_moderation_log(network, owner, member):
    from django.utils import timezone

    member.date_joined = timezone.localtime(member.date_joined).replace(microsecond=0)
    member.save(update_fields=["date_joined"])
    client = client_for(owner)
    page = client.get(f"/admin/members/user/{member.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields if name != "password"}
    data = {k: v for k, v in data.items() if v is not None and k not in ("groups",)}
    data.update(
        {
            "display_name": "Maya M.",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": timezone.localtime(member.date_joined).strftime("%Y-%m-%d"),
            "date_joined_1": timezone.localtime(member.date_joined).strftime("%H:%M:%S"),
            "moderation_actions_received-TOTAL_FORMS": "0",
            "moderation_actions_received-INITIAL_FORMS": "0",
        }
    )
    data.pop("is_staff", None)
    data.pop("is_superuser", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = client.post(f"/admin/members/user/{member.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    member.refresh_from_db()
    assert member.display_name == "Maya M."
    action = ModerationAction.objects.get(subject=member, kind="staff_edit")
    assert action.actor == owner
    assert action.detail.startswith("Changed: ")
    assert "display_name" in action.detail and "email" not in action.detail


def test_two_people_with_one_name_joining_at_once_both_get_an_address(make_user, monkeypatch):
    from members.models import User

    make_user(display_name="Sam Taylor")
    taken = User.objects.get(display_name="Sam Taylor").slug
    real = User._free_slug
    calls = []

    def stale(self):  # what a second, simultaneous sign-up saw: the handle still free
        calls.append(1)
        return taken if len(calls) == 1 else real(self)

    monkeypatch.setattr(User, "_free_slug", stale)
    second = User.objects.create_user(
        email="sam2@example.org", password="x-unused-password-x", display_name="Sam Taylor"
    )
    assert second.pk and second.slug != taken and second.slug.startswith(taken)


def test_deciding_applicants_in_the_admin_asks_first_and_says_who_will_be_told(
    network, owner, applicant, mailoutbox
):
    client = client_for(owner)
    chosen = {"action": "decline_selected", "_selected_action": [applicant.profile.pk]}
    asked = client.post("/admin/members/profile/", chosen).content.decode()
    assert "Decline 1 applicant?" in asked
    assert str(applicant) in asked
    applicant.profile.refresh_from_db()
    assert applicant.profile.state == Profile.State.PENDING
    assert mailoutbox == []

    client.post("/admin/members/profile/", {**chosen, "apply": "1"})
    applicant.profile.refresh_from_db()
    assert applicant.profile.state != Profile.State.PENDING
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert ModerationAction.objects.filter(actor=owner, subject=applicant).exists()
