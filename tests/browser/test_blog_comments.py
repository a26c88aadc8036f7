"""The comment journey in real Chromium: sign in, comment, reply, report, delete, with
axe on the blog list, the post page with comments, and search. Any JavaScript dialog
fails the test (see the `page` fixture), which is how the XSS checks prove nothing ran."""

import pytest
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from network.blog.models import Post
from network.models import IssueReport
from tests.blog.test_models import XSS_CORPUS
from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def blog_post(network, owner):
    post = Post.objects.create(
        title="Co-production Narrative as Creative Theatre–based Dialogue",
        body="The project aims are:\n\n- To establish a wider network\n- To pilot workshops\n\n"
        "> “The role-play was helpful.”",
        status=Post.Status.PUBLISHED,
        publish_at=timezone.now() - timezone.timedelta(hours=2),
    )
    post.authors.set([owner])
    return post


def test_the_whole_comment_journey(page, live_server, blog_post, member, make_user):
    other = make_user(display_name="Rae Replier")
    url = f"{live_server.url}{blog_post.get_absolute_url()}"

    page.goto(url)
    assert page.get_by_text(
        "You need to be a member of Co-production practitioners network to add comments!"
    ).is_visible()
    assert page.get_by_role("link", name="Join Co-production practitioners network").count() >= 1

    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(url)
    assert page.get_by_text("Views: ").first.is_visible()
    page.get_by_label("Your comment").fill("The role-play made me think.\nThank you!")
    page.get_by_role("button", name="Post comment").click()
    assert page.locator(".comment__text").first.inner_text() == (
        "The role-play made me think.\nThank you!"
    )
    assert_accessible(page)
    assert_fits_width(page, 1280)

    # Empty comment: error next to the field, the page still works.
    page.get_by_role("button", name="Post comment").click()
    assert page.get_by_text("Please write your comment before sending it.").first.is_visible()

    # Someone else replies, and reports; then the member deletes their comment.
    page.context.clear_cookies()
    sign_in(page, live_server, other.email, PASSWORD)
    page.goto(url)
    page.get_by_role("link", name="Reply to Maya Member").click()
    page.get_by_label("Your comment").fill("Me too: it changed how I talk to patients.")
    page.get_by_role("button", name="Post reply").click()
    assert (
        page.locator(".comment-list .comment-list .comment__text").inner_text().startswith("Me too")
    )
    page.get_by_role("link", name="Report comment by Maya Member").click()
    assert_accessible(page)
    page.get_by_label("Spam").check()
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_role("heading", name="Thank you for your report").is_visible()
    assert IssueReport.objects.get().category == "spam"

    page.context.clear_cookies()
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(url)
    page.get_by_role("link", name="Delete your comment").click()
    page.get_by_role("button", name="Delete comment").click()
    assert page.get_by_text("Comment deleted").is_visible()
    assert page.get_by_text("Me too: it changed how I talk to patients.").is_visible()
    assert XtdComment.objects.filter(is_removed=True).count() == 1
    assert_accessible(page)


def test_blog_list_and_search_have_no_axe_violations(page, live_server, blog_post):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/blog/")
    assert page.get_by_role("heading", level=1).inner_text() == "Blog"
    assert_accessible(page)
    assert_fits_width(page, 360)
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Search posts, workshops, resources and members").fill("role-play")
    page.get_by_role("button", name="Search").click()
    # PostgreSQL marks each word of "role-play"; SQLite marks the phrase.
    assert page.locator("mark").first.inner_text().lower() in {"role", "role-play"}
    assert_accessible(page)
    assert_fits_width(page, 360)


def test_no_script_runs_from_posts_or_comments(page, live_server, blog_post, member, owner):
    body = "\n\n".join(XSS_CORPUS)
    evil = Post.objects.create(
        title="<script>alert('title')</script>",
        body=body,
        status=Post.Status.PUBLISHED,
        publish_at=timezone.now() - timezone.timedelta(minutes=5),
    )
    evil.authors.set([owner])
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}{evil.get_absolute_url()}")
    for payload in XSS_CORPUS[:6]:
        page.get_by_label("Your comment").fill(payload)
        page.get_by_role("button", name="Post comment").click()
    page.goto(f"{live_server.url}{evil.get_absolute_url()}")
    for link in page.locator(".post-body a, .comment__text a").all():
        link.click(no_wait_after=True, modifiers=["Alt"])
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/search/?q=alert")
    page.goto(f"{live_server.url}/blog/")
    page.wait_for_timeout(200)
    assert page.dialogs == []
    assert XtdComment.objects.count() == 6


def test_an_empty_comment_on_a_long_post_opens_at_the_focused_error_summary(
    page, live_server, blog_post, member
):
    blog_post.body = "\n\n".join(f"Paragraph {n} of a long post. " * 20 for n in range(120))
    blog_post.save()
    url = f"{live_server.url}{blog_post.get_absolute_url()}"
    sign_in(page, live_server, member.email, PASSWORD)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url)

    page.get_by_role("button", name="Post comment").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    # The page opened at the summary, not at the top thousands of pixels away.
    assert page.evaluate("window.scrollY") > 2000
    assert summary.is_visible()
    summary.get_by_role("link").click()
    assert page.get_by_label("Your comment").evaluate("el => el === document.activeElement")
    assert "/comments/" in page.url  # still on the form's page, nothing lost
    assert_accessible(page)

    page.get_by_label("Your comment").fill("Worth the scroll.")
    page.get_by_role("button", name="Post comment").click()
    # The site's message region (the @ suggestion list has a live region of its own).
    status = page.locator(".messages[role=status]")
    assert "Your comment is published" in status.inner_text()
    new = XtdComment.objects.get()
    assert page.url.endswith(f"#c{new.pk}")
    focused_id = page.evaluate(
        "document.activeElement.id || document.querySelector(':target')?.id || ''"
    )
    assert focused_id == f"c{new.pk}"
    assert not page.title().startswith("Error: ")
