import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from members.models import EmailWhen, Profile
from network.blog.models import Post
from network.models import IssueReport
from tests.blog.conftest import BROWSER_UA
from tests.blog.test_models import XSS_CORPUS
from tests.conftest import client_for
from tests.network.html_safety import unsafe_parts

pytestmark = pytest.mark.django_db


def comment_url(post):
    return f"{post.get_absolute_url()}comments/"


def test_a_member_comments_and_lands_on_their_comment(member_client, post):
    response = member_client.post(comment_url(post), {"comment": "Line one\nLine two"})
    comment = XtdComment.objects.get()
    assert response["Location"] == f"{post.get_absolute_url()}#c{comment.pk}"
    html = member_client.get(post.get_absolute_url()).content.decode()
    assert "Line one<br>Line two" in html
    assert f'id="c{comment.pk}"' in html
    assert re.search(r'<time datetime="[^"]+" title="\d+ \w+ \d{4}, \d\d:\d\d">now</time>', html)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Please write your comment before sending it."),
        ("   \n  ", "Please write your comment before sending it."),
        ("x" * 5001, "Comments can be up to 5,000 characters (this one has 5001)."),
    ],
)
def test_empty_or_too_long_comments_redisplay_with_the_text_kept(member_client, post, text, error):
    response = member_client.post(comment_url(post), {"comment": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'aria-invalid="true"' in html
    if text.strip():
        assert text in html
    assert not XtdComment.objects.exists()


def test_a_5000_character_comment_is_accepted(member_client, post):
    assert member_client.post(comment_url(post), {"comment": "y" * 5000}).status_code == 302


def test_closed_posts_refuse_comments(member_client, make_post, network):
    closed = make_post("Closed", comments_open=False)
    html = member_client.get(closed.get_absolute_url()).content.decode()
    assert "Comments are closed on this post." in html
    response = member_client.post(comment_url(closed), {"comment": "Let me in"})
    assert response.status_code == 403
    assert "Comments are closed on this post." in response.content.decode()
    assert not XtdComment.objects.exists()


def test_drafts_refuse_comments_even_from_organisers(organiser_client, member_client, draft):
    assert member_client.post(comment_url(draft), {"comment": "Hi"}).status_code == 404
    assert organiser_client.post(comment_url(draft), {"comment": "Hi"}).status_code == 403
    assert not XtdComment.objects.exists()


def test_double_submission_within_a_minute_creates_one_comment(member_client, member, post):
    member_client.post(comment_url(post), {"comment": "Same words"})
    member_client.post(comment_url(post), {"comment": "Same words"})
    assert XtdComment.objects.count() == 1
    XtdComment.objects.update(submit_date=timezone.now() - timedelta(minutes=2))
    member_client.post(comment_url(post), {"comment": "Same words"})
    assert XtdComment.objects.count() == 2


def test_comments_are_rate_limited(member_client, post):
    for n in range(10):
        assert member_client.post(comment_url(post), {"comment": f"c{n}"}).status_code == 302
    response = member_client.post(comment_url(post), {"comment": "one too many"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a minute." in html and "one too many" in html
    assert XtdComment.objects.count() == 10


def test_replies_thread_three_levels_deep(member, make_user, post, write_comment):
    other = make_user()
    top = write_comment(post, other, "Level one")
    client = client_for(member)
    client.post(f"/blog/comments/{top.pk}/reply/", {"comment": "Level two"})
    second = XtdComment.objects.get(comment="Level two")
    client.post(f"/blog/comments/{second.pk}/reply/", {"comment": "Level three"})
    third = XtdComment.objects.get(comment="Level three")
    assert (second.level, third.level) == (1, 2)
    html = client.get(post.get_absolute_url()).content.decode()
    # No reply link at the deepest level; the nesting shows in nested lists.
    assert f"/blog/comments/{third.pk}/reply/" not in html
    assert f"/blog/comments/{second.pk}/reply/" in html
    assert html.index("Level one") < html.index("Level two") < html.index("Level three")
    # A forced fourth level joins the third level's conversation instead.
    client.post(f"/blog/comments/{third.pk}/reply/", {"comment": "Level four?"})
    assert XtdComment.objects.get(comment="Level four?").level == 2


def test_reply_errors_redisplay_on_the_reply_page(member_client, member, post, write_comment):
    top = write_comment(post, member, "Parent")
    response = member_client.post(f"/blog/comments/{top.pk}/reply/", {"comment": ""})
    assert response.status_code == 400
    assert "Please write your comment" in response.content.decode()


@pytest.mark.parametrize("payload", XSS_CORPUS + ['"><img src=x onerror=alert(1)>'])
def test_comment_text_is_shown_as_plain_text(member_client, post, payload):
    member_client.post(comment_url(post), {"comment": f"Look: {payload}"})
    html = member_client.get(post.get_absolute_url()).content.decode()
    section = html[html.index('id="comments"') : html.index('id="add-comment"')]
    assert unsafe_parts(section) == []
    assert "Look: " in section


def test_links_in_comments_are_clickable_and_safe(member_client, post):
    member_client.post(comment_url(post), {"comment": "See https://www.involve.org.uk/ now"})
    html = member_client.get(post.get_absolute_url()).content.decode()
    assert '<a href="https://www.involve.org.uk/" rel="nofollow">' in html


def test_post_authors_hear_of_new_comments_and_commenters_of_replies(
    owner, member, make_user, post
):
    """For people who chose "straight away" (the default is a daily digest)."""
    Profile.objects.filter(user__in=[owner, member]).update(
        email_replies=EmailWhen.NOW, email_comments=EmailWhen.NOW
    )
    replier = make_user(display_name="Rae Replier")
    client_for(member).post(comment_url(post), {"comment": "First!"})
    first = XtdComment.objects.get()
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "Maya Member commented" in mail.outbox[0].body
    assert "/members/unsubscribe/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http")
    mail.outbox.clear()
    client_for(replier).post(f"/blog/comments/{first.pk}/reply/", {"comment": "Agreed"})
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([member.email, owner.email])
    reply_mail = next(m for m in mail.outbox if m.to == [member.email])
    assert reply_mail.subject == "Rae Replier replied to your comment on “" + post.title + "”"


def test_notifications_honour_preferences_and_skip_yourself(owner, member, post):
    Profile.objects.filter(user=owner).update(email_comments=EmailWhen.OFF)
    Profile.objects.filter(user=member).update(email_comments=EmailWhen.NOW)
    client_for(member).post(comment_url(post), {"comment": "Quiet please"})
    client_for(owner).post(comment_url(post), {"comment": "My own post"})
    # The owner chose no e-mail; the member (following by commenting) is told at once.
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert owner.notifications.count() == 1  # still in the owner's notifications
    client_for(member).post(comment_url(post), {"comment": "Quiet please, again"})
    assert len(mail.outbox) == 1  # nobody hears of their own comment


def test_reporting_a_comment_files_it_in_the_moderation_queue(
    member, make_user, post, write_comment
):
    comment = write_comment(post, make_user(), "Rude words")
    client = client_for(member)
    form = client.get(f"/blog/comments/{comment.pk}/report/").content.decode()
    for label in ["Abusive or offensive content", "Spam", "Someone may be at risk", "Other"]:
        assert label in form
    response = client.post(f"/blog/comments/{comment.pk}/report/", {"category": ""})
    assert response.status_code == 400
    response = client.post(
        f"/blog/comments/{comment.pk}/report/", {"category": "abusive", "description": "Rude"}
    )
    assert "Thank you for your report" in response.content.decode()
    issue = IssueReport.objects.get()
    assert issue.content_object == comment
    assert issue.reporter == member
    assert issue.category == "abusive"
    assert issue.page_url.endswith(post.get_absolute_url())
    # Abuse reports reach the people who moderate (here the owner), not the reporter.
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]


def test_someone_may_be_at_risk_emails_the_safeguarding_lead_at_once(
    member, make_user, post, write_comment
):
    comment = write_comment(post, make_user(), "I can't go on")
    response = client_for(member).post(
        f"/blog/comments/{comment.pk}/report/", {"category": "at_risk"}
    )
    assert "safeguarding lead has been told" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["safeguarding@example.org"]]


def test_three_member_reports_hide_a_comment_until_an_organiser_approves_it(
    make_user, organiser, post, write_comment
):
    from django.test import RequestFactory
    from django_comments.views.moderation import perform_approve

    comment = write_comment(post, make_user(), "Questionable")
    reporters = [make_user() for _ in range(3)]
    client_for(reporters[0]).post(f"/blog/comments/{comment.pk}/report/", {"category": "spam"})
    # The same member reporting twice still counts once.
    client_for(reporters[0]).post(f"/blog/comments/{comment.pk}/report/", {"category": "spam"})
    client_for(reporters[1]).post(f"/blog/comments/{comment.pk}/report/", {"category": "spam"})
    assert "Questionable" in client_for(None).get(post.get_absolute_url()).content.decode()
    client_for(reporters[2]).post(f"/blog/comments/{comment.pk}/report/", {"category": "spam"})
    assert "Questionable" not in client_for(None).get(post.get_absolute_url()).content.decode()
    organiser_view = client_for(organiser).get(post.get_absolute_url()).content.decode()
    assert "Questionable" in organiser_view and "awaiting review" in organiser_view
    request = RequestFactory().post("/")
    request.user = organiser
    perform_approve(request, XtdComment.objects.get(pk=comment.pk))
    client_for(make_user()).post(f"/blog/comments/{comment.pk}/report/", {"category": "spam"})
    assert "Questionable" in client_for(None).get(post.get_absolute_url()).content.decode()


def test_top_level_comments_paginate_at_50_with_replies_kept_together(member, post, write_comment):
    for n in range(52):
        top = write_comment(post, member, f"Top {n:02d}.")
    write_comment(post, member, "Reply to the last.", parent=top)
    page1 = client_for(member).get(post.get_absolute_url()).content.decode()
    assert "Top 49." in page1 and "Top 50." not in page1
    assert "Page 1 of 2" in page1
    page2 = client_for(member).get(f"{post.get_absolute_url()}?cpage=2").content.decode()
    assert "Top 50." in page2 and "Top 51." in page2 and "Reply to the last." in page2
    response = client_for(member).post(
        f"/blog/comments/{top.pk}/reply/", {"comment": "Another reply"}
    )
    assert "?cpage=2#c" in response["Location"]


def _post_page_queries(client, post, django_assert_max_num_queries):
    from django.core.cache import cache

    # The comment tree is a cached fragment: count the queries of rendering it.
    cache.clear()
    with django_assert_max_num_queries(25) as captured:
        response = client.get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)
        assert response.status_code == 200
    return len(captured.captured_queries)


def test_post_page_runs_the_same_queries_for_1_and_300_comments(
    make_user, organiser, post, write_comment, django_assert_max_num_queries
):
    people = [make_user() for _ in range(5)]
    write_comment(post, people[0])
    client = client_for(organiser)  # the heaviest viewer: every action link
    client.get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)
    one = _post_page_queries(client, post, django_assert_max_num_queries)
    parent = None
    for n in range(299):
        author = people[n % 5]
        if n % 3 == 0:
            parent = write_comment(post, author, f"Comment {n}")
        else:
            write_comment(post, author, f"Reply {n}", parent=parent)
    many = _post_page_queries(client, post, django_assert_max_num_queries)
    assert one == many


def test_comments_json_api_and_xtd_views_are_not_mounted(client, post):
    for name in ["comments-xtd-api-list", "comments-xtd-reply", "comments-post-comment"]:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])
    assert client.get("/comments/api/network-post/1/").status_code == 404
    assert client.get("/comments/post/").status_code == 404


def test_no_page_sends_anything_to_gravatar(member_client, member, post, write_comment):
    write_comment(post, member)
    for url in ["/", "/blog/", post.get_absolute_url()]:
        assert "gravatar" not in member_client.get(url).content.decode()


def test_a_removed_member_shows_as_former_member(member, post, write_comment):
    from members.gdpr import export
    from network.blog.gdpr import erase

    write_comment(post, member, "Kept for the thread")
    assert export(member)["comments"][0]["comment"] == "Kept for the thread"
    erase(member)
    html = client_for(None).get(post.get_absolute_url()).content.decode()
    assert "Former member" in html and "Kept for the thread" in html
    assert member.email not in html
    assert Post.objects.count() == 1


def test_a_long_thread_shows_ten_replies_and_links_to_the_rest(
    member, make_user, post, write_comment, django_assert_max_num_queries
):
    other = write_comment(post, member, "A short thread.")
    write_comment(post, member, "Its only reply.", parent=other)
    top = write_comment(post, member, "A long thread.")
    for n in range(24):
        write_comment(post, member, f"Reply {n:02d}.", parent=top)
    client = client_for(member)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Reply 09." in page and "Reply 10." not in page
    assert "Its only reply." in page
    link = f"{post.get_absolute_url()}?thread={top.thread_id}#c{top.pk}"
    assert f'href="{link}"' in page and "Show 14 more replies" in page

    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(25) as captured:
        thread = client.get(link.split("#")[0]).content.decode()
    assert all(f"Reply {n:02d}." in thread for n in range(24))
    assert "A short thread." not in thread and "Show 14 more" not in thread
    assert "Back to all comments" in thread
    cache.clear()
    with django_assert_max_num_queries(25) as again:
        client.get(post.get_absolute_url())
    assert len(captured.captured_queries) == len(again.captured_queries)

    response = client.post(f"/blog/comments/{top.pk}/reply/", {"comment": "The 25th reply."})
    assert f"?thread={top.thread_id}#c" in response["Location"]
    assert "The 25th reply." in client.get(response["Location"]).content.decode()


def test_a_thread_link_for_another_post_or_nonsense_shows_no_comments_of_it(
    member, post, make_post, write_comment
):
    elsewhere = write_comment(make_post("Another post"), member, "Not from this post.")
    for value in [elsewhere.thread_id, "nonsense"]:
        response = client_for(member).get(f"{post.get_absolute_url()}?thread={value}")
        assert response.status_code == 200
        assert "Not from this post." not in response.content.decode()


def test_a_reply_appears_in_the_notification_centre_and_links_to_the_reply(
    owner, member, make_user, post
):
    replier = make_user(display_name="Rae Replier")
    client_for(member).post(comment_url(post), {"comment": "First!"})
    first = XtdComment.objects.get()
    client_for(replier).post(f"/blog/comments/{first.pk}/reply/", {"comment": "Agreed"})
    reply = XtdComment.objects.get(parent_id=first.pk, level=1)
    page = client_for(member).get("/notifications/").content.decode()
    assert f"Rae Replier replied to your comment on {post.title}" in page
    assert 'class="badge">1' in page
    n = member.notifications.get()
    assert n.url == f"{post.get_absolute_url()}#c{reply.pk}"
    owner_page = client_for(owner).get("/notifications/").content.decode()
    assert "Maya Member commented on your post" in owner_page
