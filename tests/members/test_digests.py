"""Discussion activity by e-mail as each member chose: straight away, in a daily or
weekly digest sent at their hour by the worker, or not at all; one-click unsubscribe."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from members import digests
from members.models import EmailWhen, Profile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def next_time(hour: int, weekday: int | None = None, after_days: int = 0) -> datetime:
    """The next time it is `hour`:00 in London (on `weekday`), after now plus `after_days`."""
    from django.utils import timezone

    moment = timezone.localtime(timezone.now(), LONDON) + timedelta(days=after_days, hours=1)
    moment = moment.replace(hour=hour, minute=0, second=0, microsecond=0)
    while moment <= timezone.now() + timedelta(days=after_days) or (
        weekday is not None and moment.weekday() != weekday
    ):
        moment += timedelta(days=1)
    return moment


@pytest.fixture
def eight():
    return next_time(8)


def comment_url(post):
    return f"/blog/{post.slug}/comments/"


def to(person, outbox):
    return [message for message in outbox if message.to == [person.email]]


@pytest.fixture
def thread(post, member, make_user, write_comment):
    """The member's comment, and a function that adds a reply to it from someone else
    (who, like the post's author, then hears of later comments: only the member's
    e-mails are looked at)."""
    first = write_comment(post, member, "My thought.")

    def reply(text):
        client_for(make_user()).post(f"/blog/comments/{first.pk}/reply/", {"comment": text})

    return reply


def test_straight_away_sends_an_email_for_each_reply_and_no_digest(
    member, thread, mailoutbox, eight
):
    Profile.objects.filter(user=member).update(email_replies=EmailWhen.NOW)
    thread("A reply.")
    [message] = to(member, mailoutbox)
    assert "replied to your comment" in message.subject
    assert member.notifications.get().emailed_at is not None
    mailoutbox.clear()
    digests.send_due_digests(eight)
    assert to(member, mailoutbox) == []


def test_daily_digest_holds_everything_since_the_last_one_exactly_once(
    owner, member, post, thread, mailoutbox, eight
):
    thread("First reply.")
    thread("Second reply.")
    assert mailoutbox == []  # daily is the default for discussions: nothing yet
    assert member.notifications.count() == 2

    digests.send_due_digests(eight)
    [digest] = to(member, mailoutbox)
    assert digest.subject == "2 new things in Co-production practitioners network"
    assert digest.body.count("replied to your comment on") == 2
    assert post.title in digest.body
    html = digest.alternatives[0][0]
    assert digest.alternatives[0][1] == "text/html"
    assert html.count("replied to your comment on") == 2
    assert "/members/me/notifications/" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A second run (the same hour, or the next day with nothing new) sends nothing.
    mailoutbox.clear()
    assert digests.send_due_digests(eight) == 0
    assert digests.send_due_digests(eight + timedelta(days=1)) == 0
    assert mailoutbox == []

    # Only the new item goes in the next day's digest.
    thread("Third reply.")
    digests.send_due_digests(eight + timedelta(days=1))
    [digest] = [m for m in mailoutbox if m.to == [member.email]]
    assert digest.subject.startswith("1 new thing in")


def test_the_digest_waits_for_the_members_hour_and_a_weekly_one_for_their_day(
    member, thread, mailoutbox, eight
):
    friday_6pm = next_time(18, weekday=4)
    Profile.objects.filter(user=member).update(
        digest_hour=18, email_replies=EmailWhen.WEEKLY, digest_weekday=4
    )
    thread("A reply.")
    digests.send_due_digests(eight)  # not their hour
    digests.send_due_digests(friday_6pm - timedelta(days=1))  # not Friday
    assert to(member, mailoutbox) == []
    digests.send_due_digests(friday_6pm)
    assert len(to(member, mailoutbox)) == 1


def test_off_sends_nothing_but_keeps_the_notification(member, thread, mailoutbox, eight):
    Profile.objects.filter(user=member).update(email_replies=EmailWhen.OFF)
    thread("A reply.")
    digests.send_due_digests(eight)
    assert to(member, mailoutbox) == []
    assert member.notifications.count() == 1


def test_one_click_unsubscribe_turns_the_digest_off(member, thread, mailoutbox, eight):
    thread("A reply.")
    digests.send_due_digests(eight)
    [digest] = to(member, mailoutbox)
    link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    # A mail client's one-click POST: no session, no CSRF token (RFC 8058).
    response = Client(enforce_csrf_checks=True).post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    profile = Profile.objects.get(user=member)
    assert profile.email_replies == EmailWhen.OFF
    assert profile.email_comments == EmailWhen.OFF
    mailoutbox.clear()
    thread("Another reply.")
    digests.send_due_digests(eight + timedelta(days=1))
    assert to(member, mailoutbox) == []


def test_changing_to_straight_away_does_not_send_a_late_batch(member, thread, mailoutbox, eight):
    thread("A reply.")
    client_for(member).post(
        "/members/me/notifications/",
        {
            "email_replies": "now",
            "email_comments": "daily",
            "email_mentions": "daily",
            "digest_hour": "8",
            "digest_weekday": "0",
        },
    )
    digests.send_due_digests(eight)
    assert to(member, mailoutbox) == []
    assert not member.notifications.filter(emailed_at__isnull=True).exists()


def test_the_worker_sends_digests_every_hour():
    from members import tasks

    schedule = tasks.send_digests_job.task_class().validate_datetime
    assert schedule(datetime(2026, 12, 2, 8, 2))
    assert schedule(datetime(2026, 12, 2, 19, 2))
    assert not schedule(datetime(2026, 12, 2, 19, 30))


def test_the_digest_groups_items_by_post_in_text_and_html(
    owner, member, make_post, write_comment, mailoutbox, eight
):
    """Replies on one post and a mention on another: one e-mail, a heading per post."""
    first_post = make_post("Budgets we shared")
    second_post = make_post("Paying people fairly")
    mine = write_comment(first_post, member, "My thought.")
    other = client_for(owner)
    other.post(f"/blog/comments/{mine.pk}/reply/", {"comment": "A reply."})
    other.post(f"/blog/{second_post.slug}/comments/", {"comment": "Over to @Maya Member."})
    assert to(member, mailoutbox) == []

    digests.send_due_digests(eight)
    [digest] = to(member, mailoutbox)
    text, html = digest.body, digest.alternatives[0][0]
    assert text.index("Budgets we shared\n") < text.index("replied to your comment on Budgets")
    assert text.index("Paying people fairly\n") < text.index("mentioned you on Paying")
    assert '<h2 style="font-size: 19px;">Budgets we shared</h2>' in html
    assert '<h2 style="font-size: 19px;">Paying people fairly</h2>' in html
    assert not member.notifications.filter(emailed_at__isnull=True).exists()


def test_unsubscribing_settles_what_waited_so_turning_digests_on_later_sends_no_old_batch(
    member, thread, mailoutbox, eight
):
    from members.notifications import DIGEST, unsubscribe_url

    thread("A reply that waits for the digest.")
    assert member.notifications.filter(emailed_at__isnull=True).count() == 1
    path = "/" + unsubscribe_url(member, DIGEST).split("://", 1)[1].split("/", 1)[1]
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    assert not member.notifications.filter(emailed_at__isnull=True).exists()
    Profile.objects.filter(user=member).update(email_replies=EmailWhen.DAILY)
    digests.send_due_digests(eight)
    assert to(member, mailoutbox) == []
