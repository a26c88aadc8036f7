"""The moderation queue shows what was reported (the text, its author, a link to it in its
thread, the category and reporter) with one-step actions; removing a reported comment
shows the reason in its place, tells the author and closes the report."""

import pytest
from django.core import mail
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from network.models import IssueReport
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

QUEUE = "/admin/network/issuereport/"


def _report(client, comment, category="spam", description="Selling things"):
    return client.post(
        f"/blog/comments/{comment.pk}/report/",
        {"category": category, "description": description},
    )


def test_the_queue_shows_the_reported_comment_and_an_organiser_removes_it(
    member, make_user, organiser, post, write_comment
):
    author = make_user(display_name="Spammy Sam")
    comment = write_comment(post, author, "Cheap watches at example.com")
    _report(client_for(member), comment)
    assert mail.outbox and organiser.email in mail.outbox[0].to  # organisers are told
    mail.outbox.clear()

    queue = client_for(organiser).get(QUEUE).content.decode()
    assert "Cheap watches at example.com" in queue and "Spammy Sam" in queue
    assert f"{post.get_absolute_url()}#c{comment.pk}" in queue
    assert str(member) in queue  # the reporter
    remove = reverse("blog_comment_delete", args=[comment.pk])
    assert f'href="{remove}"' in queue

    response = client_for(organiser).post(remove, {"reason": "Advertising is not allowed."})
    assert response.status_code == 302
    thread = client_for(None).get(post.get_absolute_url()).content.decode()
    assert "Removed by the moderators: Advertising is not allowed." in thread
    assert "Cheap watches" not in thread
    (told,) = mail.outbox
    assert told.to == [author.email] and "Advertising is not allowed." in told.body
    assert IssueReport.objects.get().status == IssueReport.Status.CLOSED


def test_an_organiser_dismisses_a_report_in_one_step(
    member, make_user, organiser, post, write_comment
):
    comment = write_comment(post, make_user(), "A sharp but fair point.")
    _report(client_for(member), comment, "abusive", "Too sharp")
    issue = IssueReport.objects.get()
    response = client_for(organiser).post(
        QUEUE, {"action": "dismiss", "_selected_action": [issue.pk]}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueReport.Status.CLOSED
    assert XtdComment.objects.get(pk=comment.pk).is_removed is False


def test_the_queue_reads_a_fixed_number_of_queries_whatever_the_reports(
    make_user, organiser, post, write_comment, django_assert_max_num_queries
):
    from network.blog.comments import report_comment

    def reports(numbers):
        for n in numbers:
            report_comment(
                comment=write_comment(post, make_user(), f"Comment {n}"),
                reporter=make_user(),
                category="other",
                description="Please look.",
            )

    client = client_for(organiser)
    reports(range(3))
    client.get(QUEUE)
    # 11 today, with 3 reports or 20: the reported comments are read for the page at once.
    with django_assert_max_num_queries(12):
        client.get(QUEUE)
    reports(range(3, 20))
    with django_assert_max_num_queries(12):
        page = client.get(QUEUE).content.decode()
    assert "Comment 19" in page


def test_a_report_from_the_report_page_about_spam_reaches_the_organisers(
    client, network, organiser
):
    client.post(
        reverse("report"),
        {
            "category": "spam",
            "page_url": "/blog/",
            "description": "Lots of adverts on the blog.",
            "reporter_name": "",
            "reporter_email": "",
            "website_url": "",
        },
    )
    (told,) = mail.outbox
    assert organiser.email in told.to and "Lots of adverts on the blog." in told.body
