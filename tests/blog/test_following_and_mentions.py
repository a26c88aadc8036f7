"""Following a post, and mentioning members in comments ("@" and a name)."""

import pytest
from django.core import mail
from django_comments_xtd.models import XtdComment

from members.models import EmailWhen, Profile
from network.blog import comments as comment_service
from network.blog.models import Follow, Mention
from network.models import Notification
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def comment_url(post):
    return f"/blog/{post.slug}/comments/"


def test_commenting_follows_the_post_and_followers_hear_of_new_comments(
    owner, member, make_user, post
):
    other = make_user(display_name="Omar Other")
    client_for(member).post(comment_url(post), {"comment": "I follow now."})
    assert Follow.objects.filter(post=post, user=member).exists()
    client_for(other).post(comment_url(post), {"comment": "Hello all."})
    told = member.notifications.get()
    assert told.kind == "comment"
    assert told.text == f"Omar Other commented on {post.title}"
    assert told.about == post.title
    assert not other.notifications.exists()  # nobody hears of their own comment


def test_the_follow_button_follows_and_unfollow_stops_it(owner, member, make_user, post):
    client = client_for(member)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Follow this post to hear about new comments." in page
    response = client.post(f"/blog/{post.slug}/follow/", {"follow": "1"}, follow=True)
    page = response.content.decode()
    assert "You follow this post" in page
    assert "Stop following" in page
    client_for(make_user()).post(comment_url(post), {"comment": "News."})
    assert member.notifications.count() == 1

    client.post(f"/blog/{post.slug}/follow/", {"follow": "0"})
    assert not Follow.objects.filter(post=post, user=member).exists()
    client_for(make_user()).post(comment_url(post), {"comment": "More news."})
    assert member.notifications.count() == 1


def test_visitors_cannot_follow(post):
    from django.test import Client

    response = Client().post(f"/blog/{post.slug}/follow/", {"follow": "1"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_a_mention_links_the_member_and_tells_them_once(owner, member, make_user, post):
    writer = make_user(display_name="Wren Writer")
    Profile.objects.filter(user=member).update(email_mentions=EmailWhen.NOW)
    client_for(writer).post(comment_url(post), {"comment": "Thank you @Maya Member, well said."})
    comment = XtdComment.objects.get()
    assert Mention.objects.get().member == member
    [told] = member.notifications.all()
    assert told.kind == "mention"
    assert told.text == f"Wren Writer mentioned you on {post.title}"
    assert [m.to for m in mail.outbox if m.to == [member.email]] == [[member.email]]
    assert "mentioned you in a comment" in mail.outbox[0].body

    page = client_for(writer).get(post.get_absolute_url()).content.decode()
    link = f'<a href="/members/{member.pk}/" class="mention">@Maya Member</a>'
    assert link in page

    # Saving the comment again (an edit, a moderator's change) tells nobody again.
    comment.comment += " (edited)"
    comment.save()
    assert comment_service.mentions.record(comment, writer) == []
    assert Mention.objects.count() == 1
    assert member.notifications.count() == 1
    # An edit that adds someone new records (and returns) only the newcomer.
    other = make_user(display_name="Omar Other")
    comment.comment += " And @Omar Other."
    comment.save()
    assert comment_service.mentions.record(comment, writer) == [other]
    assert set(Mention.objects.values_list("member_id", flat=True)) == {member.pk, other.pk}


def test_a_mention_by_handle_works_and_a_shared_name_stays_plain(owner, make_user, post):
    writer = make_user(display_name="Wren Writer")
    first = make_user(display_name="Sam Same")
    make_user(display_name="Sam Same")
    client_for(writer).post(comment_url(post), {"comment": f"@Sam Same and @{first.slug} agree"})
    assert list(Mention.objects.values_list("member_id", "written")) == [(first.pk, first.slug)]


def test_a_mention_of_someone_the_writer_cannot_see_stays_plain_text(
    owner, make_user, pending, post
):
    writer = make_user(display_name="Wren Writer")
    client_for(writer).post(comment_url(post), {"comment": "Welcome @Pat Pending!"})
    assert not Mention.objects.exists()
    assert not pending.notifications.exists()
    page = client_for(writer).get(post.get_absolute_url()).content.decode()
    assert "Welcome @Pat Pending!" in page
    assert 'class="mention"' not in page


def test_a_mention_of_a_member_suspended_later_is_shown_as_plain_text(
    owner, member, make_user, post
):
    writer = make_user(display_name="Wren Writer")
    client_for(writer).post(comment_url(post), {"comment": "Agreed, @Maya Member."})
    assert Mention.objects.count() == 1
    Profile.objects.filter(user=member).update(state=Profile.State.SUSPENDED)
    from network.caching.generations import bump

    bump("people")
    page = client_for(writer).get(post.get_absolute_url()).content.decode()
    assert "Agreed, @Maya Member." in page
    assert 'class="mention"' not in page


def test_one_comment_tells_each_person_once_by_the_most_personal_reason(
    owner, member, make_user, post, write_comment
):
    """The parent's author who is also mentioned and follows the post: one notification."""
    first = write_comment(post, member, "My thought.")
    comment_service.follow(post=post, user=member)
    replier = make_user(display_name="Rae Replier")
    client_for(replier).post(
        f"/blog/comments/{first.pk}/reply/", {"comment": "@Maya Member I agree."}
    )
    assert list(member.notifications.values_list("kind", flat=True)) == [Notification.Kind.MENTION]


def test_a_mention_of_a_suspended_member_stays_plain_text_and_tells_nobody(
    owner, suspended, make_user, post
):
    writer = make_user(display_name="Wren Writer")
    client_for(writer).post(comment_url(post), {"comment": "Thanks @Sid Suspended."})
    assert not Mention.objects.exists()
    assert not suspended.notifications.exists()
    page = client_for(writer).get(post.get_absolute_url()).content.decode()
    assert "Thanks @Sid Suspended." in page
    assert 'class="mention"' not in page


def test_a_mention_of_a_member_erased_later_is_no_longer_a_link(owner, member, make_user, post):
    from members.gdpr import erase
    from network.caching.generations import bump

    writer = make_user(display_name="Wren Writer")
    client_for(writer).post(comment_url(post), {"comment": "Agreed, @Maya Member."})
    assert Mention.objects.count() == 1
    erase(member)
    bump("people")
    page = client_for(writer).get(post.get_absolute_url()).content.decode()
    assert f'href="/members/{member.pk}/"' not in page
    assert 'class="mention"' not in page


def test_mentioning_the_same_member_twice_in_one_comment_tells_them_once(
    owner, member, make_user, post
):
    writer = make_user(display_name="Wren Writer")
    client_for(writer).post(
        comment_url(post), {"comment": f"@Maya Member, and again @{member.slug}."}
    )
    assert Mention.objects.filter(member=member).count() == 1
    assert member.notifications.count() == 1


def test_suggestions_offer_only_members_the_writer_may_mention(
    owner, member, pending, suspended, make_user, post
):
    writer = make_user(display_name="Wren Writer")
    first = make_user(display_name="Sam Same")
    second = make_user(display_name="Sam Same")
    client = client_for(writer)
    response = client.get("/blog/comments/mentions/", {"q": "Ma"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.json() == {
        "people": [{"name": "Maya Member", "handle": member.slug, "insert": "Maya Member"}]
    }
    # A word inside the name works too; a shared name is inserted as the handle.
    assert client.get("/blog/comments/mentions/", {"q": "same"}).json()["people"] == [
        {"name": "Sam Same", "handle": first.slug, "insert": first.slug},
        {"name": "Sam Same", "handle": second.slug, "insert": second.slug},
    ]
    for hidden in ("Pat", "Sid", "Wren", "M"):  # pending, suspended, oneself, too short
        assert client.get("/blog/comments/mentions/", {"q": hidden}).json() == {"people": []}


def test_suggestions_are_for_people_who_may_comment_only(member, suspended, post):
    from django.test import Client

    response = Client().get("/blog/comments/mentions/", {"q": "Ma"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client_for(suspended).get("/blog/comments/mentions/", {"q": "Ma"})
    assert response.status_code == 403
    assert "Maya" not in response.content.decode()


def test_suggestions_are_rate_limited_so_the_member_list_cannot_be_walked(member, make_user):
    writer = make_user(display_name="Wren Writer")
    client = client_for(writer)
    for _ in range(60):
        assert client.get("/blog/comments/mentions/", {"q": "Maya"}).json()["people"]
    response = client.get("/blog/comments/mentions/", {"q": "Maya"})
    assert response.status_code == 429
    assert response.json()["people"] == []
    assert response["Retry-After"] == "60"
    # Another member is not held back by the first one's lookups.
    assert client_for(member).get("/blog/comments/mentions/", {"q": "Wren"}).status_code == 200


def test_the_comment_form_offers_suggestions_and_says_how_to_mention(owner, member, post):
    page = client_for(member).get(post.get_absolute_url()).content.decode()
    assert 'data-mention-suggestions="/blog/comments/mentions/"' in page
    assert '<script src="/static/js/mentions.js" defer></script>' in page
    assert "To mention a member, type @ and their name." in page
