"""The notification centre in a real browser: axe-clean at 360 px, usable by keyboard."""

import pytest

from network import notifications
from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_centre_is_accessible_at_360px_and_works_by_keyboard(
    page, live_server, network, member
):
    notifications.notify(member, "reply", "Rae Replier replied to your comment", "/blog/")
    notifications.notify(member, "mention", "Bo Writer mentioned you", "/about/")
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(live_server.url + "/notifications/")
    assert page.get_by_role("link", name="Notifications 2 unread").is_visible()
    assert_accessible(page)
    assert_fits_width(page)
    page.get_by_role("button", name="Unread: Bo Writer mentioned you").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/about/"))
    page.goto(live_server.url + "/notifications/")
    assert page.get_by_role("link", name="Notifications 1 unread").is_visible()
    mark_all = page.get_by_role("button", name="Mark all as read")
    mark_all.focus()
    page.keyboard.press("Enter")
    mark_all.wait_for(state="detached")
    assert page.get_by_role("link", name="Notifications", exact=True).is_visible()
    assert_accessible(page)


def test_choosing_a_weekly_digest_on_the_preferences_page_by_keyboard_at_360px(
    page, live_server, network, member
):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(live_server.url + "/members/me/notifications/")
    assert page.get_by_role("heading", name="Always sent straight away").is_visible()
    assert_accessible(page)
    assert_fits_width(page)
    group = page.get_by_role("group", name="When someone replies to one of your comments")
    group.get_by_label("In a weekly digest").check()
    page.get_by_label("Send my weekly digest on").select_option(label="Friday")
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("Your e-mail choices have been saved.").wait_for()
    member.profile.refresh_from_db()
    assert member.profile.email_replies == "weekly"
    assert member.profile.get_digest_weekday_display() == "Friday"
    assert_accessible(page)


def test_following_a_post_and_a_mention_link_in_the_browser(
    page, live_server, network, owner, member, make_user, post
):
    from network.blog import comments

    writer = make_user(display_name="Wren Writer")
    comments.add_comment(post=post, user=writer, text="Thanks @Maya Member for this.")
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(live_server.url + post.get_absolute_url())
    page.get_by_role("link", name="@Maya Member").wait_for()
    page.get_by_role("button", name="Follow this post").click()
    page.get_by_text("You follow this post: new comments will reach you.").wait_for()
    assert page.get_by_role("button", name="Stop following this post").is_visible()
    assert_accessible(page)


def test_typing_at_and_a_name_offers_members_to_mention_by_keyboard_at_360px(
    page, live_server, network, owner, member, make_user, post
):
    writer = make_user(display_name="Wren Writer")
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, writer.email, PASSWORD)
    page.goto(live_server.url + post.get_absolute_url())
    box = page.get_by_label("Your comment")
    box.click()
    page.keyboard.type("Thanks @May")
    choice = page.get_by_role("button", name=f"Mention Maya Member ({member.slug})")
    choice.wait_for()
    page.get_by_role("status").filter(has_text="1 person to mention").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    page.keyboard.press("Tab")
    assert choice.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    choice.wait_for(state="detached")
    assert box.input_value() == "Thanks @Maya Member "
    page.keyboard.type("for this.")
    page.get_by_role("button", name="Post comment").click()
    page.get_by_role("link", name="@Maya Member").wait_for()
    assert member.notifications.get().kind == "mention"
